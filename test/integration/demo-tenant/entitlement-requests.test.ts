import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EM, IDS, USERS, currentStage, expectGraphError, startEntitlementHarness, userAdd, type EntitlementHarness } from "./entitlement-fixtures.js";

const REQUESTS = `${EM}/assignmentRequests`;

let t: EntitlementHarness;
beforeEach(async () => {
  t = await startEntitlementHarness();
});
afterEach(async () => {
  await t.close();
});

const state = () => t.h.running.tenant.state;

describe("a user's request, from submission to expiry", () => {
  it("Alex's 2-hour ChatGPT request: pendingApproval, app cannot approve, Megan can, delivered, expires 2 hours later", async () => {
    const alex = await t.as(USERS.alex);
    const submitted = await t.call("POST", REQUESTS, alex, userAdd(IDS.chatgpt, { justification: "Drafting the Q2 campaign" }));
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ requestType: "userAdd", state: "submitted", status: "Accepted", justification: "Drafting the Q2 campaign" });
    const id = submitted.body.id as string;

    const pending = await t.call("GET", `${REQUESTS}/${id}?$expand=requestor,accessPackage`, alex);
    expect(pending.body).toMatchObject({ state: "pendingApproval", status: "PendingApproval" });
    expect(pending.body.requestor).toMatchObject({ objectId: USERS.alex, subjectType: "user", displayName: "Alex Wilber" });
    expect(pending.body.requestor.id).not.toBe(USERS.alex);
    expect(pending.body.accessPackage.id).toBe(IDS.chatgpt);

    const megan = await t.as(USERS.megan);
    const stage = await currentStage(t, id, megan);
    expect(stage).toMatchObject({ status: "InProgress", reviewResult: "NotReviewed", assignedToMe: true });

    const byApp = await t.h.graph("PATCH", `${EM}/accessPackageAssignmentApprovals/${id}/stages/${stage.id}`, { token: t.app, body: { reviewResult: "Approve", justification: "ok" } });
    expectGraphError(byApp, 403, /delegated|application/i);

    const approved = await t.call("PATCH", `${EM}/accessPackageAssignmentApprovals/${id}/stages/${stage.id}`, megan, { reviewResult: "Approve", justification: "Go ahead" });
    expect(approved.status).toBe(204);

    const delivering = await t.call("GET", `${REQUESTS}/${id}?$expand=assignment`, alex);
    expect(delivering.body).toMatchObject({ state: "delivering", status: "Delivering" });
    expect(delivering.body.assignment).toMatchObject({ state: "delivering" });

    await t.h.advance("PT10S");
    const delivered = await t.call("GET", `${REQUESTS}/${id}?$expand=assignment`, alex);
    expect(delivered.body).toMatchObject({ state: "delivered", status: "Delivered", completedDateTime: "2026-03-02T17:00:10.000Z" });
    const assignmentId = delivered.body.assignment.id as string;
    const assignment = await t.call("GET", `${EM}/assignments/${assignmentId}?$expand=target,accessPackage,assignmentPolicy`, t.app);
    expect(assignment.body).toMatchObject({
      state: "delivered",
      status: "Delivered",
      expiredDateTime: null,
      schedule: { startDateTime: "2026-03-02T17:00:10.000Z", expiration: { type: "afterDateTime", endDateTime: "2026-03-02T19:00:10.000Z" } },
      target: { objectId: USERS.alex },
      accessPackage: { id: IDS.chatgpt },
      assignmentPolicy: { id: IDS.chatgptPolicy },
    });

    await t.h.advance("PT1H59M59S");
    expect((await t.call("GET", `${EM}/assignments/${assignmentId}`, t.app)).body.state).toBe("delivered");
    await t.h.advance("PT1S");
    const expired = await t.call("GET", `${EM}/assignments/${assignmentId}`, t.app);
    expect(expired.body).toMatchObject({ state: "expired", status: "Expired", expiredDateTime: "2026-03-02T19:00:10.000Z" });

    // Entra records the removal as its own systemRemove request.
    const removal = await t.call("GET", `${REQUESTS}?$filter=requestType eq 'systemRemove' and target/objectId eq '${USERS.alex}' and createdDateTime ge 2026-03-02T19:00:00Z&$expand=assignment`, t.app);
    expect(removal.body.value).toHaveLength(1);
    expect(removal.body.value[0]).toMatchObject({ state: "delivered", assignment: { id: assignmentId } });
  });

  it("delivery adds the target to the package's groups and removal (userRemove) takes them out", async () => {
    const lidia = await t.as(USERS.lidia);
    const group = () => state().groups.get(IDS.copilotUsersGroup)!.memberIds;
    expect(group()).not.toContain(USERS.lidia);
    const res = await t.call("POST", REQUESTS, lidia, userAdd(IDS.copilot));
    expect(res.status).toBe(201);
    // No approval: straight to delivering, delivered after the tenant's delivery delay.
    expect((await t.call("GET", `${REQUESTS}/${res.body.id}`, lidia)).body.state).toBe("delivering");
    await t.h.advance("PT10S");
    expect((await t.call("GET", `${REQUESTS}/${res.body.id}`, lidia)).body.state).toBe("delivered");
    expect(group()).toContain(USERS.lidia);

    const mine = await t.call("GET", `${EM}/assignments/filterByCurrentUser(on='target')?$filter=accessPackage/id eq '${IDS.copilot}'`, lidia);
    const assignmentId = mine.body.value[0].id;
    const remove = await t.call("POST", REQUESTS, lidia, { requestType: "userRemove", assignment: { id: assignmentId } });
    expect(remove.status).toBe(201);
    await t.h.advance("PT10S");
    expect((await t.call("GET", `${EM}/assignments/${assignmentId}`, lidia)).body).toMatchObject({ state: "expired" });
    expect(group()).not.toContain(USERS.lidia);
  });

  it("the app's adminAdd skips approval and the requestor is the assigned user", async () => {
    const res = await t.call("POST", REQUESTS, t.app, {
      requestType: "adminAdd",
      assignment: { accessPackageId: IDS.chatgpt, assignmentPolicyId: IDS.chatgptDirectPolicy, targetId: USERS.fatima },
    });
    expect(res.status).toBe(201);
    const read = await t.call("GET", `${REQUESTS}/${res.body.id}?$expand=requestor`, t.app);
    expect(read.body).toMatchObject({ requestType: "adminAdd", state: "delivering", requestor: { objectId: USERS.fatima } });
    expect((await t.h.graph("GET", `${EM}/accessPackageAssignmentApprovals/${res.body.id}`, { token: await t.as(USERS.fatima) })).status).toBe(404);
    await t.h.advance("PT10S");
    expect((await t.call("GET", `${REQUESTS}/${res.body.id}`, t.app)).body.state).toBe("delivered");
  });

  it("userUpdate extends an active assignment after approval; the old end no longer expires it", async () => {
    const megan = await t.as(USERS.megan);
    const [assignment] = (await t.call("GET", `${EM}/assignments/filterByCurrentUser(on='target')?$filter=accessPackage/id eq '${IDS.chatgpt}'`, megan)).body.value;
    expect(assignment.schedule.expiration.endDateTime).toBe("2026-03-02T17:20:00.000Z");
    const update = await t.call("POST", REQUESTS, megan, {
      requestType: "userUpdate",
      assignment: { id: assignment.id },
      justification: "Survey analysis takes longer",
    });
    expect(update.status).toBe(201);
    const patti = await t.as(USERS.patti);
    const stage = await currentStage(t, update.body.id, patti);
    expect((await t.call("PATCH", `${EM}/accessPackageAssignmentApprovals/${update.body.id}/stages/${stage.id}`, patti, { reviewResult: "Approve" })).status).toBe(204);
    await t.h.advance("PT10S");
    const extended = await t.call("GET", `${EM}/assignments/${assignment.id}`, megan);
    expect(extended.body.schedule.expiration.endDateTime).toBe("2026-03-02T19:00:10.000Z");
    await t.h.advance("PT30M");
    expect((await t.call("GET", `${EM}/assignments/${assignment.id}`, megan)).body.state).toBe("delivered");
  });
});

describe("who may submit what", () => {
  it("an app-only token may not submit a user's own request", async () => {
    const res = await t.h.graph("POST", REQUESTS, { token: t.app, body: { ...userAdd(IDS.chatgpt), assignment: { accessPackageId: IDS.chatgpt, targetId: USERS.alex } } });
    expectGraphError(res, 403, /delegated token/);
  });

  it("a user without an admin role may not submit adminAdd", async () => {
    const res = await t.h.graph("POST", REQUESTS, {
      token: await t.as(USERS.alex),
      body: { requestType: "adminAdd", assignment: { accessPackageId: IDS.chatgpt, assignmentPolicyId: IDS.chatgptDirectPolicy, targetId: USERS.lukas } },
    });
    expectGraphError(res, 403, /administrator/);
  });

  it("a user may request only for themselves", async () => {
    const res = await t.h.graph("POST", REQUESTS, { token: await t.as(USERS.alex), body: userAdd(IDS.chatgpt, { assignment: { targetId: USERS.lukas }, justification: "x" }) });
    expectGraphError(res, 403, /only for themselves/);
  });
});

describe("policy rules on a new request", () => {
  const post = async (user: string, body: unknown) => t.h.graph("POST", REQUESTS, { token: await t.as(user), body });

  it("refuses users outside the policy's allowed targets (groupMembers)", async () => {
    expectGraphError(await post(USERS.pradeep, userAdd(IDS.chatgpt, { justification: "x" })), 403, /not allowed to request|cannot request/);
    expectGraphError(
      await post(USERS.pradeep, userAdd(IDS.chatgpt, { assignment: { assignmentPolicyId: IDS.chatgptPolicy }, justification: "x" })),
      403,
      /members of 'Business Users'/,
    );
  });

  it("refuses a policy that does not let targets add access themselves", async () => {
    const policy = state().policies.get(IDS.copilotPolicy)!;
    policy.requestorSettings.enableTargetsToSelfAddAccess = false;
    expectGraphError(await post(USERS.lidia, userAdd(IDS.copilot, { assignment: { assignmentPolicyId: IDS.copilotPolicy } })), 403, /does not let users request/);
  });

  it("allMemberUsers admits members but not guests", async () => {
    const policy = state().policies.get(IDS.copilotPolicy)!;
    policy.allowedTargetScope = "allMemberUsers";
    expect((await post(USERS.rosa, userAdd(IDS.copilot))).status).toBe(403);
    expect((await post(USERS.fatima, userAdd(IDS.copilot))).status).toBe(201);
  });

  it("requires the requestor's justification when the policy does", async () => {
    expectGraphError(await post(USERS.chloe, userAdd(IDS.chatgpt)), 400, /requires a justification/);
    expectGraphError(await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "   " })), 400, /requires a justification/);
    expect((await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "Customer follow-ups" }))).status).toBe(201);
  });

  it("checks answers: required questions, regexPattern, choices, unknown questions", async () => {
    const answer = (id: string, value: string) => ({ "@odata.type": "#microsoft.graph.accessPackageAnswerString", value, answeredQuestion: { id } });
    const legal = (answers: unknown[]) => userAdd(IDS.legal, { justification: "Research", answers });
    expectGraphError(await post(USERS.miriam, legal([answer(IDS.matterQuestion, "MAT-12345")])), 400, /requires an answer to: 'Practice area'/);
    expectGraphError(await post(USERS.miriam, legal([answer(IDS.matterQuestion, "MAT-123"), answer(IDS.practiceQuestion, "litigation")])), 400, /does not match the required pattern/);
    expectGraphError(await post(USERS.miriam, legal([answer(IDS.matterQuestion, "MAT-12345"), answer(IDS.practiceQuestion, "tax")])), 400, /not a choice of 'Practice area'/);
    expectGraphError(await post(USERS.miriam, legal([answer(IDS.matterQuestion, "MAT-12345"), answer("00000000-0000-0000-0000-000000000000", "x")])), 400, /not a question of policy/);
    const ok = await t.call("POST", REQUESTS, await t.as(USERS.miriam), legal([answer(IDS.matterQuestion, "MAT-12345"), answer(IDS.practiceQuestion, "litigation")]));
    expect(ok.status).toBe(201);
    expect(ok.body.answers).toEqual([
      { "@odata.type": "#microsoft.graph.accessPackageAnswerString", value: "MAT-12345", displayValue: "MAT-12345", answeredQuestion: { id: IDS.matterQuestion } },
      { "@odata.type": "#microsoft.graph.accessPackageAnswerString", value: "litigation", displayValue: "Litigation", answeredQuestion: { id: IDS.practiceQuestion } },
    ]);
  });

  it("never exceeds the policy's duration, and refuses a custom schedule unless the policy allows it", async () => {
    const schedule = (duration: string, startDateTime: string | null = null) => ({ startDateTime, expiration: { type: "afterDuration", duration } });
    expectGraphError(await post(USERS.lidia, userAdd(IDS.code, { justification: "x", schedule: schedule("P8D") })), 400, /exceeds the maximum of P7D/);
    expectGraphError(await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "x", schedule: schedule("PT3H") })), 400, /exceeds the maximum of PT2H/);
    expectGraphError(await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "x", schedule: schedule("PT1H") })), 400, /allowCustomAssignmentSchedule/);
    expectGraphError(await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "x", schedule: schedule("PT2H", "2026-03-03T09:00:00Z") })), 400, /allowCustomAssignmentSchedule/);
    expectGraphError(await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "x", schedule: { expiration: { type: "noExpiration" } } })), 400, /without expiration/);
    // Exactly the policy's window, starting now, is not a custom schedule.
    expect((await post(USERS.chloe, userAdd(IDS.chatgpt, { justification: "x", schedule: schedule("PT2H", "2026-03-02T17:00:00Z") }))).status).toBe(201);
    // The code assistant lets engineers pick up to 7 days.
    expect((await post(USERS.lidia, userAdd(IDS.code, { justification: "x", schedule: schedule("P2D") }))).status).toBe(201);
  });

  it("refuses a second open request and a request while an assignment is active", async () => {
    expectGraphError(await post(USERS.lukas, userAdd(IDS.chatgpt, { justification: "again" })), 400, /already has an open request/);
    expect((await post(USERS.lukas, userAdd(IDS.chatgpt, { justification: "again" }))).body.error.code).toBe("ExistingOpenRequest");
    const active = await post(USERS.megan, userAdd(IDS.chatgpt, { justification: "more" }));
    expectGraphError(active, 400, /already has an active assignment/);
    expect(active.body.error.code).toBe("ActiveAssignmentExists");
  });

  it("answers 404 for unknown ids and 400 for malformed bodies or a policy of another package", async () => {
    expectGraphError(await post(USERS.alex, userAdd("11111111-2222-3333-4444-555555555555", { justification: "x" })), 404, /No access package/);
    expectGraphError(await post(USERS.alex, userAdd(IDS.chatgpt, { justification: "x", assignment: { assignmentPolicyId: "11111111-2222-3333-4444-555555555555" } })), 404, /No assignment policy/);
    expectGraphError(await post(USERS.alex, userAdd(IDS.chatgpt, { justification: "x", assignment: { assignmentPolicyId: IDS.legalPolicy } })), 400, /belongs to another access package/);
    expectGraphError(await post(USERS.alex, { assignment: { accessPackageId: IDS.chatgpt } }), 400, /requestType/);
    expectGraphError(await post(USERS.alex, { requestType: "userExtend", assignment: { accessPackageId: IDS.chatgpt } }), 400, /not a valid requestType/);
    expectGraphError(await post(USERS.alex, { requestType: "userAdd" }), 400, /'assignment' object/);
    expectGraphError(await post(USERS.alex, userAdd(IDS.chatgpt, { answers: "yes" })), 400, /Invalid accessPackageAssignmentRequest/);
    expectGraphError(await post(USERS.alex, userAdd(IDS.chatgpt, { justification: "x", schedule: { expiration: { type: "afterDuration", duration: "two hours" } } })), 400, /ISO 8601 duration/);
  });
});

describe("cancel", () => {
  it("only the requester cancels, only while pending; the approval then cannot be decided", async () => {
    const id = t.seeded("lukas-chatgpt");
    const megan = await t.as(USERS.megan);
    const stage = await currentStage(t, id, megan);
    expectGraphError(await t.h.graph("POST", `${REQUESTS}/${id}/cancel`, { token: t.app }), 403);
    expectGraphError(await t.h.graph("POST", `${REQUESTS}/${id}/cancel`, { token: megan }), 403, /Only the person who submitted/);

    const lukas = await t.as(USERS.lukas);
    const res = await t.call("POST", `${REQUESTS}/${id}/cancel`, lukas);
    expect(res.status).toBe(200);
    const canceled = await t.call("GET", `${REQUESTS}/${id}`, lukas);
    expect(canceled.body).toMatchObject({ state: "canceled", status: "Canceled", completedDateTime: "2026-03-02T17:00:00.000Z" });
    expectGraphError(await t.h.graph("POST", `${REQUESTS}/${id}/cancel`, { token: lukas }), 400, /only a request that is still waiting/);
    expectGraphError(await t.h.graph("PATCH", `${EM}/accessPackageAssignmentApprovals/${id}/stages/${stage.id}`, { token: megan, body: { reviewResult: "Approve" } }), 409, /canceled/);
    const approvals = await t.call("GET", `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`, megan);
    expect(approvals.body.value.map((a: any) => a.id)).not.toContain(id);
    // A new request is possible again.
    expect((await t.call("POST", REQUESTS, lukas, userAdd(IDS.chatgpt, { justification: "again" }))).status).toBe(201);
  });

  it("accepts the action name with the microsoft.graph prefix and 404s unknown requests", async () => {
    const lukas = await t.as(USERS.lukas);
    expect((await t.h.graph("POST", `${REQUESTS}/${t.seeded("lukas-chatgpt")}/microsoft.graph.cancel`, { token: lukas })).status).toBe(200);
    expectGraphError(await t.h.graph("POST", `${REQUESTS}/11111111-2222-3333-4444-555555555555/cancel`, { token: lukas }), 404);
  });
});

describe("scheduled start", () => {
  it("a later start (allowed by the policy) waits as 'scheduled' and is delivered at that start", async () => {
    const lidia = await t.as(USERS.lidia);
    const res = await t.call("POST", REQUESTS, lidia, userAdd(IDS.code, { justification: "Next sprint", schedule: { startDateTime: "2026-03-03T08:00:00Z", expiration: { type: "afterDuration", duration: "P2D" } } }));
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const grady = await t.as(USERS.grady);
    const s1 = await currentStage(t, id, grady);
    expect((await t.call("PATCH", `${EM}/accessPackageAssignmentApprovals/${id}/stages/${s1.id}`, grady, { reviewResult: "Approve" })).status).toBe(204);
    const adele = await t.as(USERS.adele);
    const s2 = await currentStage(t, id, adele);
    expect((await t.call("PATCH", `${EM}/accessPackageAssignmentApprovals/${id}/stages/${s2.id}`, adele, { reviewResult: "Approve" })).status).toBe(204);
    expect((await t.call("GET", `${REQUESTS}/${id}`, lidia)).body).toMatchObject({ state: "scheduled", status: "Scheduled" });
    await t.h.advance("PT15H");
    const done = await t.call("GET", `${REQUESTS}/${id}?$expand=assignment`, lidia);
    expect(done.body).toMatchObject({ state: "delivered" });
    expect(done.body.assignment.schedule).toMatchObject({ startDateTime: "2026-03-03T08:00:00.000Z", expiration: { endDateTime: "2026-03-05T08:00:00.000Z" } });
    expect(state().groups.get(IDS.codeAssistantUsersGroup)!.memberIds).toContain(USERS.lidia);
  });

  it("a scheduled request can still be canceled before its start, and then never delivers", async () => {
    const lidia = await t.as(USERS.lidia);
    const res = await t.call("POST", REQUESTS, lidia, userAdd(IDS.code, { justification: "Later", schedule: { startDateTime: "2026-03-04T08:00:00Z", expiration: { type: "afterDuration", duration: "P1D" } } }));
    const id = res.body.id as string;
    for (const approver of [USERS.grady, USERS.lee]) {
      const token = await t.as(approver);
      const stage = await currentStage(t, id, token);
      expect((await t.call("PATCH", `${EM}/accessPackageAssignmentApprovals/${id}/stages/${stage.id}`, token, { reviewResult: "Approve" })).status).toBe(204);
    }
    expect((await t.call("GET", `${REQUESTS}/${id}`, lidia)).body.state).toBe("scheduled");
    expect((await t.call("POST", `${REQUESTS}/${id}/cancel`, lidia)).status).toBe(200);
    await t.h.advance("P2D");
    const after = await t.call("GET", `${REQUESTS}/${id}?$expand=assignment`, lidia);
    expect(after.body).toMatchObject({ state: "canceled", assignment: null });
  });
});
