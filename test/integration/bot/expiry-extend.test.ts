import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { decideData, person, requestAccess, waitForApprovalCard } from "../../support/bot-flows.js";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  await h.teams.install(person(h, "Megan Bowen"));
  await h.teams.install(PERSONAS.alex);
});
afterAll(() => h?.close());

describe("expiry warning", () => {
  it("offers Extend, which files the follow-up request as the person, through approval", async () => {
    const megan = person(h, "Megan Bowen");
    await requestAccess(h, PERSONAS.alex, "I need ChatGPT for 2 hours to summarise feedback");
    const approval = await waitForApprovalCard(h, megan, "Alex Wilber");
    await h.teams.execute(megan, "approval.decide", { ...decideData(approval.card, "Approve"), justification: "ok" }, approval.activityId);
    await h.advance("PT1M");
    await h.reconcile();

    const gatepass = h.bot.gatepass;
    const [assignment] = (await gatepass.deps.entitlement.listAssignmentsOf(gatepass.deps.userTokens(PERSONAS.alex.aadObjectId))).filter(
      (a) => a.packageDisplayName.startsWith("ChatGPT") && a.state === "delivered",
    );
    expect(assignment).toBeTruthy();
    await h.advance("PT1H45M");
    const posted = await gatepass.deps.notifier.postCard(PERSONAS.alex.aadObjectId, await gatepass.expiry.warningCard(assignment!));
    const warning = cardOf(h.teams.messagesOf(PERSONAS.alex).get(posted!.activityId)!)!;
    expect(cardText(warning)).toContain("ends soon");
    expect(cardText(warning)).toMatch(/1[45] minutes left/);

    const extended = await h.teams.execute(PERSONAS.alex, "access.extend", { assignmentId: assignment!.id, justification: "the survey runs late" }, posted!.activityId);
    expect(cardText(extended.body.value)).toContain("Waiting on Megan Bowen");
    const requests = h.bot.demoTenant!.tenant.state.requests.all().filter((r) => r.requestType === "userUpdate" && r.targetId === PERSONAS.alex.aadObjectId);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.justification).toBe("the survey runs late");

    // A second click files nothing new.
    await h.teams.execute(PERSONAS.alex, "access.extend", { assignmentId: assignment!.id, justification: "the survey runs late" }, posted!.activityId);
    expect(h.bot.demoTenant!.tenant.state.requests.all().filter((r) => r.requestType === "userUpdate" && r.targetId === PERSONAS.alex.aadObjectId)).toHaveLength(1);
  });

  it("lets it expire on request", async () => {
    const gatepass = h.bot.gatepass;
    const [copilot] = (await gatepass.deps.entitlement.listAssignmentsOf(gatepass.deps.userTokens(PERSONAS.alex.aadObjectId))).filter((a) => a.packageDisplayName.includes("Copilot"));
    const posted = await gatepass.deps.notifier.postCard(PERSONAS.alex.aadObjectId, await gatepass.expiry.warningCard(copilot!));
    const answer = await h.teams.execute(PERSONAS.alex, "access.letExpire", { assignmentId: copilot!.id }, posted!.activityId);
    expect(cardText(answer.body.value)).toContain("I'll let it end");
    expect(answer.body.value.actions ?? []).toEqual([]);
  });
});
