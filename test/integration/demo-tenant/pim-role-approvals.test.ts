import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { activation, clockMs, expectGraph, expectGraphError, ROLE_APPROVALS, ROLE_REQUESTS, ROLES, STAFF } from "./pim-support.js";

let h: DemoTenantHarness;
let app: string;
let lee: string;
let nestor: string;
let raj: string;
let henrietta: string;
beforeAll(async () => {
  h = await startHarness();
  [app, lee, nestor, raj, henrietta] = await Promise.all([
    h.appToken(),
    h.userToken(STAFF.leeg),
    h.userToken(STAFF.nestorw),
    h.userToken(STAFF.rajk),
    h.userToken(STAFF.henriettam),
  ]);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.demo("POST", "/_demo/reset");
});

const HOUR = 3_600_000;
const beta = { version: "beta" as const };
const decide = (reviewResult: string, justification = "Change CHG-4821 is approved") => ({ reviewResult, justification });

/** The seeded pending Privileged Role Administrator request of a principal. */
async function pendingRequestOf(principalId: string): Promise<any> {
  const list = await h.listAll(`${ROLE_REQUESTS}?$filter=principalId eq '${principalId}' and status eq 'PendingApproval'`, app);
  expect(list).toHaveLength(1);
  return list[0];
}

describe("an activation that needs approval", () => {
  it("waits as PendingApproval until an approver approves it through the beta steps", async () => {
    const body = activation(STAFF.leeg, ROLES.globalAdmin, "PT1H", { ticketInfo: { ticketNumber: "INC-77", ticketSystem: "ServiceNow" } });
    const res = await h.graph("POST", ROLE_REQUESTS, { token: lee, body });
    expectGraph(res, "POST", ROLE_REQUESTS, 201);
    expect(res.body).toMatchObject({ status: "PendingApproval", approvalId: res.body.id, completedDateTime: null });
    expect((await h.graph("GET", `/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${STAFF.leeg}' and roleDefinitionId eq '${ROLES.globalAdmin}'`, { token: app })).body.value).toEqual([]);

    const approval = await h.graph("GET", `${ROLE_APPROVALS}/${res.body.approvalId}?$expand=steps`, { token: nestor, ...beta });
    expect(approval.status).toBe(200);
    const step = approval.body.steps[0];
    expect(step).toMatchObject({ status: "InProgress", reviewResult: "NotReviewed", assignedToMe: true, reviewedBy: null });
    const stepPath = `${ROLE_APPROVALS}/${res.body.approvalId}/steps/${step.id}`;

    expectGraphError(await h.graph("PATCH", stepPath, { token: raj, body: decide("Approve"), ...beta }), 403, undefined, "not an approver");
    expectGraphError(await h.graph("PATCH", stepPath, { token: lee, body: decide("Approve"), ...beta }), 403, undefined, "own request");
    expectGraphError(await h.graph("PATCH", stepPath, { token: app, body: decide("Approve"), ...beta }), 403);
    expectGraphError(await h.graph("PATCH", stepPath, { token: nestor, body: { reviewResult: "Approve" }, ...beta }), 400, undefined, "justification");

    await h.advance("PT10M");
    const approvedAt = await clockMs(h);
    const patch = await h.graph("PATCH", stepPath, { token: nestor, body: decide("Approve"), ...beta });
    expect(patch.status).toBe(204);
    expect(patch.body).toBeUndefined();
    expectGraphError(await h.graph("PATCH", stepPath, { token: nestor, body: decide("Deny"), ...beta }), 409);

    const after = await h.graph("GET", `${ROLE_REQUESTS}/${res.body.id}`, { token: app });
    expectGraph(after, "GET", `${ROLE_REQUESTS}/${res.body.id}`, 200);
    expect(after.body.status).toBe("Provisioned");
    const decided = (await h.graph("GET", `${ROLE_APPROVALS}/${res.body.approvalId}/steps/${step.id}`, { token: lee, ...beta })).body;
    expect(decided).toMatchObject({ status: "Completed", reviewResult: "Approve", reviewedBy: { id: STAFF.nestorw, displayName: "Nestor Wilke" }, assignedToMe: false });

    // Active for the requested hour, counted from the approval.
    const instances = `/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`;
    const active = (await h.graph("GET", instances, { token: lee })).body.value.filter((i: any) => i.roleDefinitionId === ROLES.globalAdmin);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ assignmentType: "Activated", startDateTime: new Date(approvedAt).toISOString(), endDateTime: new Date(approvedAt + HOUR).toISOString() });
    await h.advance("PT1H");
    expect((await h.graph("GET", instances, { token: lee })).body.value.filter((i: any) => i.roleDefinitionId === ROLES.globalAdmin)).toEqual([]);
  });

  it("is Denied when an approver denies it", async () => {
    const request = await pendingRequestOf(STAFF.henriettam);
    const steps = await h.graph("GET", `${ROLE_APPROVALS}/${request.approvalId}/steps`, { token: lee, ...beta });
    expect(steps.status).toBe(200);
    const stepPath = `${ROLE_APPROVALS}/${request.approvalId}/steps/${steps.body.value[0].id}`;
    expect((await h.graph("PATCH", stepPath, { token: lee, body: decide("Deny", "Use the change window on Thursday"), ...beta })).status).toBe(204);
    const after = (await h.graph("GET", `${ROLE_REQUESTS}/${request.id}`, { token: app })).body;
    expect(after.status).toBe("Denied");
    expect(after.completedDateTime).toBeTruthy();
    expectGraphError(await h.graph("PATCH", stepPath, { token: nestor, body: decide("Approve"), ...beta }), 409);
  });

  it("lapses 24 hours after the request when nobody decides (Canceled, step Expired)", async () => {
    const request = await pendingRequestOf(STAFF.rajk);
    // Seeded 23 hours ago: one hour is left.
    expect(Date.parse(request.createdDateTime)).toBe((await clockMs(h)) - 23 * HOUR);
    await h.advance("PT59M");
    expect((await h.graph("GET", `${ROLE_REQUESTS}/${request.id}`, { token: app })).body.status).toBe("PendingApproval");
    await h.advance("PT1M");
    const after = (await h.graph("GET", `${ROLE_REQUESTS}/${request.id}`, { token: app })).body;
    expect(after).toMatchObject({ status: "Canceled", completedDateTime: new Date(Date.parse(request.createdDateTime) + 24 * HOUR).toISOString() });
    const approval = (await h.graph("GET", `${ROLE_APPROVALS}/${request.approvalId}`, { token: lee, ...beta })).body;
    expect(approval.steps[0]).toMatchObject({ status: "Expired", reviewResult: "NotReviewed" });
    const stepPath = `${ROLE_APPROVALS}/${request.approvalId}/steps/${approval.steps[0].id}`;
    expectGraphError(await h.graph("PATCH", stepPath, { token: lee, body: decide("Approve"), ...beta }), 409);
  });

  it("refuses a second request while one is pending, and lets the principal cancel it", async () => {
    const request = await pendingRequestOf(STAFF.rajk);
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: raj, body: activation(STAFF.rajk, ROLES.privilegedRoleAdmin, "PT1H") }), 400, "PendingRoleAssignmentRequest");
    expectGraphError(await h.graph("POST", `${ROLE_REQUESTS}/${request.id}/cancel`, { token: henrietta }), 403);
    const cancel = await h.graph("POST", `${ROLE_REQUESTS}/${request.id}/cancel`, { token: raj });
    expectGraph(cancel, "POST", `${ROLE_REQUESTS}/${request.id}/cancel`, 204);
    expect((await h.graph("GET", `${ROLE_REQUESTS}/${request.id}`, { token: app })).body.status).toBe("Canceled");
    expectGraphError(await h.graph("POST", `${ROLE_REQUESTS}/${request.id}/cancel`, { token: raj }), 400);
    // With the pending request gone, a new one may be sent; over the one-hour maximum it is refused.
    expectGraphError(
      await h.graph("POST", ROLE_REQUESTS, { token: raj, body: activation(STAFF.rajk, ROLES.privilegedRoleAdmin, "PT2H") }),
      400,
      "RoleAssignmentRequestPolicyValidationFailed",
      "ExpirationRule",
    );
    expect((await h.graph("POST", ROLE_REQUESTS, { token: raj, body: activation(STAFF.rajk, ROLES.privilegedRoleAdmin, "PT1H") })).body.status).toBe("PendingApproval");
  });
});

describe("finding what waits", () => {
  it("lists the approver's requests and approvals through filterByCurrentUser", async () => {
    const path = `${ROLE_REQUESTS}/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'`;
    const res = await h.graph("GET", path, { token: lee });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value.map((r: any) => r.principalId).sort()).toEqual([STAFF.henriettam, STAFF.rajk].sort());
    const approvals = await h.graph("GET", `${ROLE_APPROVALS}/filterByCurrentUser(on='approver')`, { token: nestor, ...beta });
    expect(approvals.status).toBe(200);
    expect(approvals.body.value).toHaveLength(2);
    expect(approvals.body.value.every((a: any) => a.steps[0].assignedToMe === true)).toBe(true);
    expectGraphError(await h.graph("GET", `${ROLE_APPROVALS}/filterByCurrentUser(on='approver')`, { token: app, ...beta }), 403);

    const mine = `${ROLE_REQUESTS}/filterByCurrentUser(on='principal')`;
    const own = await h.graph("GET", mine, { token: raj });
    expectGraph(own, "GET", mine, 200);
    expect(own.body.value.map((r: any) => r.status)).toEqual(["PendingApproval"]);
    // The approval is served in beta only, and only to those involved in it.
    expect((await h.graph("GET", `${ROLE_APPROVALS}/${own.body.value[0].approvalId}`, { token: lee })).status).toBe(400);
    const alexToken = await h.userToken("00000000-0000-0000-0000-0000000000020");
    expectGraphError(await h.graph("GET", `${ROLE_APPROVALS}/${own.body.value[0].approvalId}`, { token: alexToken, ...beta }), 403);
  });
});
