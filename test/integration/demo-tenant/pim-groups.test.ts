import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PEOPLE, startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { AI_PLATFORM_ADMINS, clockMs, expectGraph, expectGraphError, GROUP_PIM, groupActivation, STAFF } from "./pim-support.js";

let h: DemoTenantHarness;
let app: string;
let kenji: string;
let henrietta: string;
let lee: string;
beforeAll(async () => {
  h = await startHarness();
  [app, kenji, henrietta, lee] = await Promise.all([h.appToken(), h.userToken(STAFF.kenjit), h.userToken(STAFF.henriettam), h.userToken(STAFF.leeg)]);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.demo("POST", "/_demo/reset");
});

const REQUESTS = `${GROUP_PIM}/assignmentScheduleRequests`;
const APPROVALS = `${GROUP_PIM}/assignmentApprovals`;
const members = () => h.running.tenant.state.groups.get(AI_PLATFORM_ADMINS)!.memberIds;

describe("PIM for Groups lists", () => {
  it("requires a groupId or principalId filter, as Graph does", async () => {
    expectGraphError(await h.graph("GET", `${GROUP_PIM}/eligibilitySchedules`, { token: app }), 400, undefined, "groupId");
    const path = `${GROUP_PIM}/eligibilitySchedules?$filter=groupId eq '${AI_PLATFORM_ADMINS}'&$expand=principal,group`;
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    const rows = res.body.value.map((e: any) => [e.principal.displayName, e.accessId]);
    expect(rows).toHaveLength(6);
    expect(rows).toContainEqual(["Henrietta Mueller", "owner"]);
    expect(res.body.value[0]).toMatchObject({ memberType: "direct", status: "Provisioned", group: { displayName: "AI Platform Admins" } });
  });

  it("shows the caller's own eligibilities and activations through filterByCurrentUser", async () => {
    const path = `${GROUP_PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`;
    const res = await h.graph("GET", path, { token: kenji });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value.map((e: any) => [e.groupId, e.accessId])).toEqual([[AI_PLATFORM_ADMINS, "member"]]);
    expectGraphError(await h.graph("GET", path, { token: app }), 403);

    const samuel = await h.userToken(STAFF.samuelo);
    const active = `${GROUP_PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`;
    const mine = await h.graph("GET", active, { token: samuel });
    expectGraph(mine, "GET", active, 200);
    expect(mine.body.value).toHaveLength(1);
    expect(mine.body.value[0]).toMatchObject({ accessId: "member", assignmentType: "activated", memberType: "direct", groupId: AI_PLATFORM_ADMINS });
    const schedules = `${GROUP_PIM}/assignmentSchedules?$filter=principalId eq '${STAFF.samuelo}'`;
    expectGraph(await h.graph("GET", schedules, { token: app }), "GET", schedules, 200);
    // The seeded activation ends in two hours and takes Samuel out of the group.
    expect(members()).toContain(STAFF.samuelo);
    await h.advance("PT2H");
    expect((await h.graph("GET", active, { token: samuel })).body.value).toEqual([]);
    expect(members()).not.toContain(STAFF.samuelo);
  });
});

describe("activating group membership that needs approval", () => {
  it("goes PendingApproval, is approved through v1.0 stages, adds the member, then ends", async () => {
    const res = await h.graph("POST", REQUESTS, { token: kenji, body: groupActivation(STAFF.kenjit, AI_PLATFORM_ADMINS, "PT2H") });
    expectGraph(res, "POST", REQUESTS, 201);
    expect(res.body).toMatchObject({ status: "PendingApproval", approvalId: res.body.id, accessId: "member", groupId: AI_PLATFORM_ADMINS });
    expect(members()).not.toContain(STAFF.kenjit);

    const waiting = `${APPROVALS}/filterByCurrentUser(on='approver')`;
    const list = await h.graph("GET", waiting, { token: henrietta });
    expectGraph(list, "GET", waiting, 200);
    expect(list.body.value.map((a: any) => a.id)).toContain(res.body.approvalId);

    const approvalPath = `${APPROVALS}/${res.body.approvalId}`;
    const approval = await h.graph("GET", approvalPath, { token: henrietta });
    expectGraph(approval, "GET", approvalPath, 200);
    const stage = approval.body.stages[0];
    expect(stage).toMatchObject({ status: "InProgress", reviewResult: "NotReviewed", assignedToMe: true });
    const stagePath = `${approvalPath}/stages/${stage.id}`;
    expectGraph(await h.graph("GET", `${approvalPath}/stages`, { token: henrietta }), "GET", `${approvalPath}/stages`, 200);

    expectGraphError(await h.graph("PATCH", stagePath, { token: lee, body: { reviewResult: "Approve", justification: "ok" } }), 403);
    expectGraphError(await h.graph("PATCH", stagePath, { token: kenji, body: { reviewResult: "Approve", justification: "ok" } }), 403);
    expectGraphError(await h.graph("PATCH", stagePath, { token: app, body: { reviewResult: "Approve", justification: "ok" } }), 403);

    const approvedAt = await clockMs(h);
    const patch = await h.graph("PATCH", stagePath, { token: henrietta, body: { reviewResult: "Approve", justification: "Release is on the plan" } });
    expectGraph(patch, "PATCH", stagePath, 204);
    expectGraphError(await h.graph("PATCH", stagePath, { token: henrietta, body: { reviewResult: "Deny", justification: "changed my mind" } }), 409);

    const request = await h.graph("GET", `${REQUESTS}/${res.body.id}`, { token: app });
    expectGraph(request, "GET", `${REQUESTS}/${res.body.id}`, 200);
    expect(request.body.status).toBe("Provisioned");
    expect(request.body.targetScheduleId).toBe(`${AI_PLATFORM_ADMINS}_member_${res.body.id}`);
    const instances = `${GROUP_PIM}/assignmentScheduleInstances?$filter=groupId eq '${AI_PLATFORM_ADMINS}' and principalId eq '${STAFF.kenjit}'&$expand=activatedUsing`;
    const active = await h.graph("GET", instances, { token: app });
    expectGraph(active, "GET", instances, 200);
    expect(active.body.value[0]).toMatchObject({
      assignmentType: "activated",
      endDateTime: new Date(approvedAt + 2 * 3_600_000).toISOString(),
      activatedUsing: { principalId: STAFF.kenjit, accessId: "member" },
    });
    expect(members()).toContain(STAFF.kenjit);

    await h.advance("PT2H");
    expect((await h.graph("GET", instances, { token: app })).body.value).toEqual([]);
    expect(members()).not.toContain(STAFF.kenjit);
  });

  it("lapses a seeded request after 24 hours, and refuses people without eligibility", async () => {
    const sofia = await h.userToken(STAFF.sofiar);
    const mine = `${REQUESTS}/filterByCurrentUser(on='principal')`;
    const own = await h.graph("GET", mine, { token: sofia });
    expectGraph(own, "GET", mine, 200);
    expect(own.body.value).toHaveLength(1);
    const id = own.body.value[0].id;
    await h.advance("PT23H29M");
    expect((await h.graph("GET", `${REQUESTS}/${id}`, { token: app })).body.status).toBe("PendingApproval");
    await h.advance("PT1M");
    expect((await h.graph("GET", `${REQUESTS}/${id}`, { token: app })).body.status).toBe("Canceled");
    expect((await h.graph("GET", `${APPROVALS}/${id}`, { token: henrietta })).body.stages[0].status).toBe("Expired");

    const alex = await h.userToken(PEOPLE.alex);
    expectGraphError(
      await h.graph("POST", REQUESTS, { token: alex, body: groupActivation(PEOPLE.alex, AI_PLATFORM_ADMINS, "PT1H") }),
      400,
      "RoleAssignmentRequestPolicyValidationFailed",
      "EligibilityRule",
    );
    expectGraphError(await h.graph("POST", REQUESTS, { token: app, body: groupActivation(STAFF.kenjit, AI_PLATFORM_ADMINS, "PT1H") }), 403);
    expectGraphError(
      await h.graph("POST", REQUESTS, { token: kenji, body: groupActivation(STAFF.kenjit, AI_PLATFORM_ADMINS, "PT5H") }),
      400,
      "RoleAssignmentRequestPolicyValidationFailed",
      "ExpirationRule",
    );
  });

  it("lets the requester cancel while it waits", async () => {
    const amelia = await h.userToken(STAFF.ameliaw);
    const list = await h.graph("GET", `${REQUESTS}?$filter=principalId eq '${STAFF.ameliaw}'`, { token: app });
    expectGraph(list, "GET", `${REQUESTS}?$filter=principalId eq '${STAFF.ameliaw}'`, 200);
    const id = list.body.value[0].id;
    expectGraphError(await h.graph("POST", `${REQUESTS}/${id}/cancel`, { token: kenji }), 403);
    expect((await h.graph("POST", `${REQUESTS}/${id}/cancel`, { token: amelia })).status).toBe(204);
    const waiting = (await h.graph("GET", `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: henrietta })).body.value.map((a: any) => a.id);
    expect(waiting).not.toContain(id);
  });
});
