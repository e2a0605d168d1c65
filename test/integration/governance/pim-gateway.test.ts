import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describePimRequest, type PendingPimApproval } from "../../../src/domain/model/pim-request.js";
import { DirectoryGateway } from "../../../src/governance/directory-gateway.js";
import { GovernanceError } from "../../../src/governance/governance-error.js";
import { PimGateway } from "../../../src/governance/pim-gateway.js";
import { PEOPLE, TEST_EPOCH } from "../../support/demo-tenant-harness.js";
import { AI_PLATFORM_ADMINS, ROLES, STAFF } from "../demo-tenant/pim-support.js";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness.js";

const HOUR = 3_600_000;
let g: GatewayHarness;
let pim: PimGateway;

/** A fresh tenant per describe block would be slow; these tests run in order on one tenant and say what they change. */
beforeAll(async () => {
  g = await startGatewayHarness();
  pim = new PimGateway(g.graph, g.app, { directory: new DirectoryGateway(g.graph, g.app, { clock: { now: g.now } }), clock: { now: g.now } });
});
afterAll(() => g?.close());

const byPrincipal = (list: PendingPimApproval[], principalId: string) => list.find((p) => p.request.principalId === principalId);

async function expectGovernanceError(run: () => Promise<unknown>, code: GovernanceError["code"]): Promise<void> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GovernanceError);
  expect((error as GovernanceError).code).toBe(code);
}

describe("PimGateway reads", () => {
  it("lists pending role activations with their approvers, names and Entra's 24-hour deadline", async () => {
    const pending = await pim.listPendingRoleActivations();
    expect(pending.map((p) => p.request.principalName).sort()).toEqual(["Henrietta Mueller", "Raj Kumar"]);
    const raj = byPrincipal(pending, STAFF.rajk)!;
    expect(raj.request).toMatchObject({
      kind: "role",
      action: "selfActivate",
      principalName: "Raj Kumar",
      target: { kind: "role", roleDefinitionId: ROLES.privilegedRoleAdmin, roleName: "Privileged Role Administrator", directoryScopeId: "/" },
      status: "PendingApproval",
      durationMs: HOUR,
      justification: expect.stringContaining("CHG-4821"),
    });
    expect(raj.request.approvalId).toBeTruthy();
    expect(raj.request.createdAt).toEqual(new Date(TEST_EPOCH.getTime() - 23 * HOUR));
    expect(raj.request.deadline).toEqual(new Date(TEST_EPOCH.getTime() + HOUR));
    expect([...raj.approverIds].sort()).toEqual([STAFF.nestorw, STAFF.leeg].sort());
  });

  it("lists pending PIM for Groups activations, finding the governed groups by their PIM settings", async () => {
    expect(await pim.listGovernedGroupIds()).toEqual([AI_PLATFORM_ADMINS]);
    const pending = await pim.listPendingGroupActivations();
    expect(pending.map((p) => p.request.principalName).sort()).toEqual(["Amelia Walker", "Sofia Romero"]);
    const amelia = byPrincipal(pending, STAFF.ameliaw)!;
    expect(amelia.request.target).toEqual({ kind: "group", groupId: AI_PLATFORM_ADMINS, groupName: "AI Platform Admins", accessId: "member" });
    expect(amelia.request.durationMs).toBe(2 * HOUR);
    expect(amelia.approverIds).toEqual([STAFF.henriettam]);
  });

  it("reads the pending lists in a handful of calls, and settings from cache afterwards", async () => {
    const { requests } = await g.countGraphRequests(() => pim.listPendingActivations());
    // Role requests, the group's requests: the settings and governed groups were read by the tests above.
    expect(requests).toBeLessThanOrEqual(2);
  });

  it("with the governed groups named (PIM_GROUP_IDS), reads their requests without probing any group for a policy", async () => {
    const named = new PimGateway(g.graph, g.app, { groupIds: [AI_PLATFORM_ADMINS], clock: { now: g.now } });
    const { result, requests } = await g.countGraphRequests(() => named.listPendingGroupActivations());
    expect(result.map((p) => p.request.principalId)).toContain(STAFF.sofiar);
    // The named group's request list and its policy (for the approvers), not one policy probe per group of the tenant.
    expect(requests).toBeLessThanOrEqual(3);
  });

  it("finds a request by id alone, whichever kind it is, and says who may read its approval", async () => {
    const [sofia] = (await pim.listPendingGroupActivations()).filter((p) => p.request.principalId === STAFF.sofiar);
    const fresh = new PimGateway(g.graph, g.app);
    const found = await fresh.getRequest(sofia!.request.id);
    expect(found.kind).toBe("group");
    expect(found.principalName).toBe("Sofia Romero");
    const approval = await pim.getApproval(g.as(STAFF.henriettam), found);
    expect(approval.stages).toHaveLength(1);
    expect(approval.stages[0]).toMatchObject({ status: "InProgress", reviewResult: "NotReviewed", assignedToMe: true });
    await expectGovernanceError(() => pim.getApproval(g.as(PEOPLE.alex), found), "Forbidden");
  });

  it("lists activations ending before an instant, roles and groups", async () => {
    const soon = await pim.listActivationsEndingBefore(new Date(TEST_EPOCH.getTime() + HOUR));
    expect(soon.map((a) => [a.principalId, a.kind, a.target.kind === "role" ? a.target.roleName : a.target.groupName])).toEqual([[STAFF.kenjit, "role", "Application Administrator"]]);
    expect(soon[0]!.end).toEqual(new Date(TEST_EPOCH.getTime() + 40 * 60_000));
    const later = await pim.listActivationsEndingBefore(new Date(TEST_EPOCH.getTime() + 3 * HOUR));
    expect(later.map((a) => a.principalId).sort()).toEqual([STAFF.kenjit, STAFF.samuelo].sort());
    const samuel = later.find((a) => a.principalId === STAFF.samuelo)!;
    expect(samuel.target).toMatchObject({ kind: "group", groupName: "AI Platform Admins", accessId: "member" });
  });
});

describe("PimGateway decisions", () => {
  it("decides a role activation as the approver through the beta step, once", async () => {
    const raj = byPrincipal(await pim.listPendingRoleActivations(), STAFF.rajk)!.request;
    await expectGovernanceError(() => pim.decideRoleActivation(g.as(STAFF.leeg), raj.approvalId!, "Approve", "  "), "BadRequest");
    await expectGovernanceError(() => pim.decideRoleActivation(g.as(PEOPLE.alex), raj.approvalId!, "Approve", "looks fine"), "Forbidden");

    await g.h.demo("POST", "/_demo/faults", { replace: true, rules: [{ match: "^PATCH /beta/roleManagement/directory/roleAssignmentApprovals/[^/]+/steps/", delayMs: 0 }] });
    await pim.decideRoleActivation(g.as(STAFF.leeg), raj.approvalId!, "Approve", "Matches CHG-4821");
    const faults = (await g.h.demo<{ rules: { hits: number }[] }>("GET", "/_demo/faults")).body;
    await g.h.demo("DELETE", "/_demo/faults");
    expect(faults.rules[0]!.hits).toBe(1);

    const after = await pim.getRoleRequest(raj.id);
    expect(after.status).toBe("Provisioned");
    const approval = await pim.getApproval(g.as(STAFF.nestorw), after);
    expect(approval.stages[0]).toMatchObject({ reviewResult: "Approve", reviewedBy: { id: STAFF.leeg, displayName: "Lee Gu" }, justification: "Matches CHG-4821" });
    expect(describePimRequest(after, approval, g.now())).toMatchObject({ phase: "approved", by: { displayName: "Lee Gu" }, reason: "Matches CHG-4821" });
    await expectGovernanceError(() => pim.decideRoleActivation(g.as(STAFF.nestorw), raj.approvalId!, "Deny", "too late"), "Conflict");

    const activation = await pim.getActivationOf(after);
    expect(activation).toMatchObject({ principalId: STAFF.rajk, kind: "role" });
    expect(activation!.end!.getTime() - activation!.start.getTime()).toBe(HOUR);
  });

  it("decides a PIM for Groups activation through the v1.0 stage", async () => {
    const amelia = byPrincipal(await pim.listPendingGroupActivations(), STAFF.ameliaw)!.request;
    await pim.decideGroupActivation(g.as(STAFF.henriettam), amelia.approvalId!, "Deny", "Use the read-only quota dashboard instead");
    const after = await pim.getGroupRequest(amelia.id);
    expect(after.status).toBe("Denied");
    const approval = await pim.getApproval(g.as(STAFF.ameliaw), after);
    expect(describePimRequest(after, approval, g.now())).toMatchObject({
      phase: "denied",
      by: { id: STAFF.henriettam, displayName: "Henrietta Mueller" },
      reason: "Use the read-only quota dashboard instead",
    });
    const settled = await pim.listSettledActivationRequests(new Date(TEST_EPOCH.getTime() - 60_000));
    expect(settled.map((r) => r.principalName).sort()).toEqual(["Amelia Walker", "Raj Kumar"]);
  });

  it("shows an approval nobody decided within 24 hours as timed out", async () => {
    const henrietta = byPrincipal(await pim.listPendingRoleActivations(), STAFF.henriettam)!.request;
    await g.h.advance("PT23H");
    const lapsed = await pim.getRoleRequest(henrietta.id);
    expect(lapsed.status).toBe("Canceled");
    const approval = await pim.getApproval(g.as(STAFF.leeg), lapsed);
    expect(approval.stages[0]!.status).toBe("Expired");
    expect(describePimRequest(lapsed, approval, g.now())).toEqual({ phase: "timedOut", at: lapsed.deadline });
    await expectGovernanceError(() => pim.decideRoleActivation(g.as(STAFF.leeg), henrietta.approvalId!, "Approve", "ok"), "Conflict");
  });
});
