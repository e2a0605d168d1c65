import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isStageApprover, resolveStageApprovers } from "../../../src/demo-tenant/routes/entitlement/entitlement-routes.js";
import { EM, IDS, USERS, currentStage, expectGraphError, startEntitlementHarness, userAdd, type EntitlementHarness } from "./entitlement-fixtures.js";

const APPROVALS = `${EM}/accessPackageAssignmentApprovals`;
const REQUESTS = `${EM}/assignmentRequests`;

let t: EntitlementHarness;
beforeEach(async () => {
  t = await startEntitlementHarness();
});
afterEach(async () => {
  await t.close();
});

const state = () => t.h.running.tenant.state;
const stagePath = (requestId: string, stageId: string) => `${APPROVALS}/${requestId}/stages/${stageId}`;
const approvalsOf = async (userId: string) =>
  (await t.call("GET", `${APPROVALS}/filterByCurrentUser(on='approver')`, await t.as(userId))).body.value.map((a: any) => a.id as string);
const legalAnswers = [
  { "@odata.type": "#microsoft.graph.accessPackageAnswerString", value: "MAT-55555", answeredQuestion: { id: IDS.matterQuestion } },
  { "@odata.type": "#microsoft.graph.accessPackageAnswerString", value: "employment", answeredQuestion: { id: IDS.practiceQuestion } },
];

describe("two-stage approval with approver justification", () => {
  it("manager then app owner, each with a justification, then delivery", async () => {
    const omar = await t.as(USERS.omar);
    const created = await t.call("POST", REQUESTS, omar, userAdd(IDS.legal, { justification: "Whistleblower case", answers: legalAnswers }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const joni = await t.as(USERS.joni);
    const approval = await t.call("GET", `${APPROVALS}/${id}?$expand=stages`, joni);
    expect(approval.body.stages.map((s: any) => [s.status, s.assignedToMe])).toEqual([
      ["InProgress", true],
      ["NotStarted", false],
    ]);
    const [s1, s2] = approval.body.stages;

    expectGraphError(await t.h.graph("PATCH", stagePath(id, s1.id), { token: joni, body: { reviewResult: "Approve" } }), 400, /requires approvers to give a justification/);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, s1.id), { token: joni, body: { reviewResult: "Approve", justification: "  " } }), 400, /justification/);
    // The app owner cannot act before stage 1 is decided.
    const adele = await t.as(USERS.adele);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, s2.id), { token: adele, body: { reviewResult: "Approve", justification: "x" } }), 409, /has not started/);

    expect((await t.call("PATCH", stagePath(id, s1.id), joni, { reviewResult: "Approve", justification: "Omar handles employment matters" })).status).toBe(204);
    expect((await t.call("GET", `${REQUESTS}/${id}`, omar)).body.state).toBe("pendingApproval");
    // Joni is not an approver of stage 2.
    expectGraphError(await t.h.graph("PATCH", stagePath(id, s2.id), { token: joni, body: { reviewResult: "Approve", justification: "x" } }), 403, /not an approver of stage 2/);

    const stages = (await t.call("GET", `${APPROVALS}/${id}/stages`, adele)).body.value;
    expect(stages[0]).toMatchObject({ status: "Completed", reviewResult: "Approve", reviewedBy: { id: USERS.joni, displayName: "Joni Sherman" }, justification: "Omar handles employment matters" });
    expect(stages[1]).toMatchObject({ status: "InProgress", assignedToMe: true });
    expect((await t.call("GET", `${APPROVALS}/${id}/stages/${s2.id}`, adele)).body).toMatchObject({ id: s2.id, status: "InProgress" });

    expect((await t.call("PATCH", stagePath(id, s2.id), adele, { reviewResult: "Approve", justification: "Matter verified" })).status).toBe(204);
    expect((await t.call("GET", `${REQUESTS}/${id}`, omar)).body.state).toBe("delivering");
    await t.h.advance("PT10S");
    const done = await t.call("GET", `${REQUESTS}/${id}?$expand=assignment`, omar);
    expect(done.body.state).toBe("delivered");
    expect(done.body.assignment.schedule.expiration.endDateTime).toBe("2026-04-01T17:00:10.000Z");
  });

  it("a denial at stage 1 ends the request; stage 2 never starts", async () => {
    const id = t.seeded("victor-legal");
    const miriam = await t.as(USERS.miriam);
    const stage = await currentStage(t, id, miriam);
    expect((await t.call("PATCH", stagePath(id, stage.id), miriam, { reviewResult: "Deny", justification: "Use the audit team's tools" })).status).toBe(204);
    const request = await t.call("GET", `${REQUESTS}/${id}`, t.app);
    expect(request.body).toMatchObject({ state: "denied", status: "Denied", completedDateTime: "2026-03-02T17:00:00.000Z" });
    const stages = (await t.call("GET", `${APPROVALS}/${id}/stages`, miriam)).body.value;
    expect(stages.map((s: any) => [s.status, s.reviewResult])).toEqual([
      ["Completed", "Deny"],
      ["NotStarted", "NotReviewed"],
    ]);
  });
});

describe("who may decide", () => {
  it("the requester never approves their own request, even as a member of the approver group", async () => {
    // Alex is one of the AI tool owners who approve code assistant stage 2; he cannot approve his own.
    const policy = state().policies.get(IDS.codePolicy)!;
    policy.specificAllowedTargets.push({ "@odata.type": "#microsoft.graph.singleUser", userId: USERS.alex });
    const alex = await t.as(USERS.alex);
    const created = await t.call("POST", REQUESTS, alex, userAdd(IDS.code, { justification: "Marketing site scripts" }));
    const id = created.body.id as string;
    const megan = await t.as(USERS.megan);
    const s1 = await currentStage(t, id, megan);
    expect((await t.call("PATCH", stagePath(id, s1.id), megan, { reviewResult: "Approve" })).status).toBe(204);
    const s2 = (await t.call("GET", `${APPROVALS}/${id}`, alex)).body.stages[1];
    expect(s2.assignedToMe).toBe(false);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, s2.id), { token: alex, body: { reviewResult: "Approve" } }), 403, /your own request/);
    expect(await approvalsOf(USERS.alex)).not.toContain(id);
    expect(resolveStageApprovers(state(), state().requests.get(id)!, 1, new Date()).userIds.sort()).toEqual([USERS.adele, USERS.lee].sort());
  });

  it("someone who is not an approver gets 403, and so does the requester on their own stage", async () => {
    const id = t.seeded("lukas-chatgpt");
    const megan = await t.as(USERS.megan);
    const stage = await currentStage(t, id, megan);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, stage.id), { token: await t.as(USERS.tomas), body: { reviewResult: "Approve" } }), 403, /not an approver/);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, stage.id), { token: await t.as(USERS.lukas), body: { reviewResult: "Approve" } }), 403, /your own request/);
    expectGraphError(await t.h.graph("GET", `${APPROVALS}/${id}`, { token: await t.as(USERS.tomas) }), 403, /not an approver/);
    expectGraphError(await t.h.graph("GET", `${APPROVALS}/${id}`, { token: t.app }), 403);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, stage.id), { token: megan, body: { reviewResult: "Maybe" } }), 400, /'Approve' or 'Deny'/);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, "no-such-stage"), { token: megan, body: { reviewResult: "Approve" } }), 404);
    expectGraphError(await t.h.graph("GET", `${APPROVALS}/11111111-2222-3333-4444-555555555555`, { token: megan }), 404);
  });

  it("a second decision on a decided stage gets 409 naming who decided", async () => {
    const id = t.seeded("pradeep-code");
    const alex = await t.as(USERS.alex);
    const adele = await t.as(USERS.adele);
    const stage = await currentStage(t, id, alex);
    expect(stage.assignedToMe).toBe(true);
    expect((await t.call("PATCH", stagePath(id, stage.id), alex, { reviewResult: "Approve", justification: "Fine for the migration" })).status).toBe(204);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, stage.id), { token: adele, body: { reviewResult: "Deny" } }), 409, /already approved by Alex Wilber/);
    expectGraphError(await t.h.graph("PATCH", stagePath(id, stage.id), { token: alex, body: { reviewResult: "Approve" } }), 409);
    // The custom 3-day window the requester chose is what gets delivered.
    await t.h.advance("PT10S");
    const done = await t.call("GET", `${REQUESTS}/${id}?$expand=assignment`, t.app);
    expect(done.body.assignment.schedule.expiration.endDateTime).toBe("2026-03-05T17:00:10.000Z");
  });
});

describe("fallback and escalation", () => {
  it("a user without a manager goes to the fallback approvers", async () => {
    const id = t.seeded("victor-legal");
    const request = state().requests.get(id)!;
    const resolved = resolveStageApprovers(state(), request, 0, new Date("2026-03-02T17:00:00Z"));
    expect(resolved).toMatchObject({ userIds: [USERS.miriam], primaryFromFallback: true, escalated: false });
    expect(await approvalsOf(USERS.miriam)).toContain(id);
    const miriam = await t.as(USERS.miriam);
    const stage = await currentStage(t, id, miriam);
    expect(stage.assignedToMe).toBe(true);
    expect((await t.call("PATCH", stagePath(id, stage.id), miriam, { reviewResult: "Approve", justification: "Audit support" })).status).toBe(204);
    expect(await approvalsOf(USERS.adele)).toContain(id);
  });

  it("after durationBeforeEscalation the manager's manager may decide too", async () => {
    const id = t.seeded("lukas-chatgpt"); // submitted 35 minutes ago, escalates after 4 hours
    expect(await approvalsOf(USERS.patti)).not.toContain(id);
    await t.h.advance("PT3H24M59S");
    expect((await t.call("GET", `${REQUESTS}/${id}`, t.app)).body.status).toBe("PendingApproval");
    await t.h.advance("PT1S");
    expect((await t.call("GET", `${REQUESTS}/${id}`, t.app)).body).toMatchObject({ state: "pendingApproval", status: "PendingApprovalEscalated" });
    const resolved = resolveStageApprovers(state(), state().requests.get(id)!, 0, new Date("2026-03-02T20:25:00Z"));
    expect(resolved).toMatchObject({ primaryUserIds: [USERS.megan], escalated: true, escalationUserIds: [USERS.patti] });
    expect(await approvalsOf(USERS.patti)).toContain(id);
    expect(await approvalsOf(USERS.megan)).toContain(id);
    const patti = await t.as(USERS.patti);
    const stage = await currentStage(t, id, patti);
    expect((await t.call("PATCH", stagePath(id, stage.id), patti, { reviewResult: "Approve" })).status).toBe(204);
    expect((await t.call("GET", `${REQUESTS}/${id}`, t.app)).body.state).toBe("delivering");
  });

  it("durationBeforeAutomaticDenial after the stage started, the request is denied automatically", async () => {
    const id = t.seeded("daniel-chatgpt"); // escalated to Lynne; denied automatically in 30 minutes
    const lynne = await t.as(USERS.lynne);
    expect(await approvalsOf(USERS.lynne)).toContain(id);
    expect(await approvalsOf(USERS.christie)).toContain(id);
    const stage = await currentStage(t, id, lynne);
    await t.h.advance("PT30M");
    const denied = await t.call("GET", `${REQUESTS}/${id}`, t.app);
    expect(denied.body).toMatchObject({ state: "denied", status: "Expired", completedDateTime: "2026-03-02T17:30:00.000Z" });
    expect((await t.call("GET", `${APPROVALS}/${id}/stages/${stage.id}`, lynne)).body).toMatchObject({ status: "Expired", reviewResult: "NotReviewed" });
    expectGraphError(await t.h.graph("PATCH", stagePath(id, stage.id), { token: lynne, body: { reviewResult: "Approve" } }), 409, /expired/);
    expect(await approvalsOf(USERS.lynne)).not.toContain(id);
  });

  it("every seeded request still waiting is denied automatically once its stage runs out", async () => {
    const pending = () => state().requests.all().filter((r) => r.state === "pendingApproval");
    expect(pending().length).toBe(8);
    await t.h.advance("P3D");
    const after = await t.call("GET", `${REQUESTS}?$filter=state eq 'pendingApproval'`, t.app);
    expect(after.body.value).toEqual([]);
    const expired = await t.call("GET", `${REQUESTS}?$filter=status eq 'Expired'&$count=true`, t.app);
    expect(expired.body["@odata.count"]).toBe(8);
  });
});

describe("the approver's view", () => {
  it("filterByCurrentUser(on='approver') lists exactly what the seeded scenario says each approver has", async () => {
    expect(await approvalsOf(USERS.alex)).toEqual([t.seeded("pradeep-code")]);
    expect((await approvalsOf(USERS.megan)).sort()).toEqual([t.seeded("lukas-chatgpt"), t.seeded("tomas-chatgpt")].sort());
    // Adele approves legal research as its owner, and code assistant as one of the AI tool owners.
    expect((await approvalsOf(USERS.adele)).sort()).toEqual([t.seeded("brian-legal"), t.seeded("pradeep-code")].sort());
    expect((await approvalsOf(USERS.lynne)).sort()).toEqual([t.seeded("isaiah-chatgpt"), t.seeded("daniel-chatgpt")].sort());
    expect(await approvalsOf(USERS.grady)).toEqual([t.seeded("irvin-code")]);
    expect(await approvalsOf(USERS.isaiah)).toEqual([]);
    // Requests filtered the same way agree, with their details for a card.
    const asRequests = await t.call("GET", `${REQUESTS}/filterByCurrentUser(on='approver')?$expand=requestor,accessPackage`, await t.as(USERS.alex));
    expect(asRequests.body.value).toHaveLength(1);
    expect(asRequests.body.value[0]).toMatchObject({ id: t.seeded("pradeep-code"), justification: "Migrating the billing service to .NET 8.", requestor: { objectId: USERS.pradeep }, accessPackage: { id: IDS.code } });
  });

  it("every user's inbox is exactly the pending requests resolveStageApprovers names them for", async () => {
    await t.h.advance("PT4H"); // some stages escalated by now
    const now = new Date("2026-03-02T21:00:00Z");
    const pending = state().requests.all().filter((r) => r.state === "pendingApproval");
    const expected = new Map<string, string[]>();
    for (const request of pending) {
      const stage = request.stages.find((s) => s.status === "InProgress")!;
      const { userIds } = resolveStageApprovers(state(), request, stage.index, now);
      expect(userIds.length).toBeGreaterThan(0);
      for (const id of userIds) expected.set(id, [...(expected.get(id) ?? []), request.id]);
    }
    for (const user of state().users.all()) {
      expect((await approvalsOf(user.id)).sort(), user.displayName).toEqual((expected.get(user.id) ?? []).sort());
    }
  });

  it("isStageApprover (the inbox's fast check) agrees with resolveStageApprovers for every user, stage and time", async () => {
    const users = state().users.all();
    for (const at of ["2026-03-02T17:00:00Z", "2026-03-02T21:00:00Z", "2026-03-03T12:00:00Z"]) {
      const now = new Date(at);
      for (const request of state().requests.all()) {
        for (const stage of request.stages) {
          const resolved = new Set(resolveStageApprovers(state(), request, stage.index, now).userIds);
          for (const user of users) expect(isStageApprover(state(), request, stage.index, user.id, now), `${request.id} stage ${stage.index} ${user.displayName} ${at}`).toBe(resolved.has(user.id));
        }
      }
    }
  });

  it("filterByCurrentUser(on='approver') refuses app tokens and other values of 'on'", async () => {
    expectGraphError(await t.h.graph("GET", `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: t.app }), 403);
    expectGraphError(await t.h.graph("GET", `${APPROVALS}/filterByCurrentUser(on='target')`, { token: await t.as(USERS.alex) }), 400, /supports on='approver'/);
  });
});
