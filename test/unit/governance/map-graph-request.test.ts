import type { AccessPackageAssignmentPolicy, AccessPackageAssignmentRequest } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { inferPolicyId, mapAccessRequest } from "../../../src/governance/map-graph-request.js";

const subject = (objectId: string, displayName: string) => ({ id: `subject-of-${objectId}`, objectId, displayName, subjectType: "user" as const });

/** A request as Graph returns it with `accessPackage`, `requestor` and `assignment($expand=target,assignmentPolicy)`. */
function graphRequest(overrides: Partial<AccessPackageAssignmentRequest> = {}): AccessPackageAssignmentRequest {
  return {
    id: "req-1",
    requestType: "userAdd",
    state: "pendingApproval",
    status: "PendingApproval",
    createdDateTime: "2026-03-02T17:00:00Z",
    completedDateTime: null,
    justification: "  Campaign brief  ",
    schedule: { startDateTime: null, recurrence: null, expiration: { type: "afterDuration", duration: "PT2H", endDateTime: null } },
    answers: [{ "@odata.type": "#microsoft.graph.accessPackageAnswerString", value: "contracts", displayValue: null, answeredQuestion: { id: "q1" } } as never],
    accessPackage: { id: "pkg", displayName: "ChatGPT Enterprise (2 hours)" },
    requestor: subject("alex", "Alex Wilber"),
    assignment: null,
    ...overrides,
  };
}

const policy = (id: string, selfAdd: boolean): AccessPackageAssignmentPolicy => ({
  id,
  requestorSettings: { enableTargetsToSelfAddAccess: selfAdd, enableTargetsToSelfUpdateAccess: selfAdd, enableTargetsToSelfRemoveAccess: false },
});

describe("mapAccessRequest", () => {
  it("maps a pending self-service request, with the requested duration and the caller's policy", () => {
    expect(mapAccessRequest(graphRequest(), "policy-1")).toEqual({
      id: "req-1",
      packageId: "pkg",
      packageDisplayName: "ChatGPT Enterprise (2 hours)",
      policyId: "policy-1",
      requestType: "userAdd",
      state: "pendingApproval",
      status: "PendingApproval",
      createdAt: new Date("2026-03-02T17:00:00Z"),
      completedAt: null,
      targetUserId: "alex",
      targetDisplayName: "Alex Wilber",
      requestorUserId: "alex",
      justification: "Campaign brief",
      answers: [{ questionId: "q1", value: "contracts", displayValue: "contracts" }],
      schedule: { start: null, end: null },
      requestedExpiration: { kind: "afterDuration", durationMs: 7_200_000 },
      assignmentId: null,
    });
  });

  it("takes the target, the window and the policy from the assignment once there is one", () => {
    const mapped = mapAccessRequest(
      graphRequest({
        requestType: "adminAdd",
        state: "delivered",
        requestor: subject("fatima", "Fatima Ahmed"),
        assignment: {
          id: "asg",
          state: "delivered",
          schedule: { startDateTime: "2026-03-02T17:00:10Z", expiration: { type: "afterDateTime", endDateTime: "2026-03-02T19:00:10Z" } },
          target: subject("fatima", "Fatima Ahmed"),
          assignmentPolicy: { id: "direct-policy" },
        },
      }),
      "ignored",
    );
    expect(mapped).toMatchObject({
      policyId: "direct-policy",
      targetUserId: "fatima",
      // A direct assignment names the assigned user as requestor: nobody asked.
      requestorUserId: null,
      schedule: { start: new Date("2026-03-02T17:00:10Z"), end: new Date("2026-03-02T19:00:10Z") },
      assignmentId: "asg",
    });
  });

  it("an administrator's request for someone else keeps the administrator as requestor; Entra's own have none", () => {
    const onBehalf = graphRequest({ requestType: "adminAdd", requestor: subject("admin", "Ada Admin"), assignment: { id: "a", target: subject("fatima", "Fatima") } });
    expect(mapAccessRequest(onBehalf)).toMatchObject({ requestorUserId: "admin", targetUserId: "fatima" });
    expect(mapAccessRequest(graphRequest({ requestType: "systemRemove" }))).toMatchObject({ requestorUserId: null });
  });

  it("reads states and types Graph adds later as unknownFutureValue", () => {
    expect(mapAccessRequest(graphRequest({ state: "quarantined" as never, requestType: "userExtend" as never }))).toMatchObject({ state: "unknownFutureValue", requestType: "unknownFutureValue" });
  });
});

describe("inferPolicyId", () => {
  it("is the only policy that lets people request for themselves", () => {
    expect(inferPolicyId("userAdd", [policy("self", true), policy("direct", false)])).toBe("self");
    expect(inferPolicyId("adminAdd", [policy("self", true), policy("direct", false)])).toBe("direct");
  });

  it("is null when several policies could apply, unless the package has just one", () => {
    expect(inferPolicyId("userAdd", [policy("a", true), policy("b", true)])).toBeNull();
    expect(inferPolicyId("systemRemove", [policy("a", true), policy("b", false)])).toBeNull();
    expect(inferPolicyId("systemRemove", [policy("a", true)])).toBe("a");
  });
});
