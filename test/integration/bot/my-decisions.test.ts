import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, type CapturedActivity, type TeamsPerson } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { decideData, person, say } from "../../support/bot-flows.js";

const COPILOT_PILOT = "7a1c0000-0000-4000-8000-000000ae0001";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  for (const name of ["Megan Bowen", "Alex Wilber", "Lynne Robbins", "Chloe Bernard", "Nestor Wilke"]) await h.teams.install(person(h, name));
});
afterAll(() => h?.close());

/** The "Open" buttons of a reminders card, each with the heading of its item. */
function openButtons(card: any): { heading: string; verb: string; data: Record<string, any> }[] {
  return (card.body as any[])
    .filter((b) => b.type === "Container")
    .map((c) => {
      const actionSet = c.items.find((x: any) => x.type === "ActionSet");
      const open = actionSet.actions.find((a: any) => a.title === "Open");
      return { heading: c.items[0].text as string, verb: open.verb as string, data: open.data };
    });
}

function textOf(reply: CapturedActivity): string {
  return cardText(cardOf(reply.activity)) || String(reply.activity.text ?? "");
}

/** An Entra request (the demo tenant's state) by its requester's name and package. */
function entraRequest(requesterName: string, packageName: string) {
  const state = h.bot.demoTenant!.tenant.state;
  const requester = state.users.all().find((u) => u.displayName === requesterName)!;
  const pkg = state.accessPackages.all().find((p) => p.displayName.startsWith(packageName))!;
  return state.requests.by("targetId", requester.id).find((r) => r.accessPackageId === pkg.id && r.state === "pendingApproval")!;
}

describe("approvals", () => {
  it("lists what waits for Megan, opens one, and her approval reaches Entra", async () => {
    const megan = person(h, "Megan Bowen");
    const list = await say(h, megan, "approvals");
    const card = cardOf(list.activity);
    expect(cardText(card)).toContain("2 requests wait for your approval");
    const buttons = openButtons(card);
    expect(buttons.map((b) => b.heading)).toEqual(["Lukas Meyer asks for ChatGPT Enterprise (2 hours)", "Tomas Garcia asks for ChatGPT Enterprise (2 hours)"]);
    const tomas = buttons[1]!;
    const request = entraRequest("Tomas Garcia", "ChatGPT Enterprise");
    expect(tomas).toMatchObject({ verb: "nudge.open", data: { kind: "approvalStage", requestId: request.id, stageIndex: 0 } });

    const opened = await h.teams.execute(megan, tomas.verb, tomas.data, list.activityId);
    expect(opened.status).toBe(200);
    expect(cardText(opened.body.value)).toContain("Tomas Garcia asks for ChatGPT Enterprise");
    const decided = await h.teams.execute(megan, "approval.decide", { ...decideData(opened.body.value, "Approve"), justification: "Customer call prep" }, list.activityId);
    expect(cardText(decided.body.value)).toMatch(/Approved by Megan Bowen/);
    expect(request.stages[0]).toMatchObject({ reviewResult: "Approve", reviewedById: megan.aadObjectId });

    // One thing left: it comes as its own approval card, to decide right there.
    const again = await say(h, megan, "what do I need to approve?");
    const single = cardOf(again.activity);
    expect(cardText(single)).toContain("Lukas Meyer asks for ChatGPT Enterprise");
    expect(decideData(single, "Deny")).toMatchObject({ requestId: entraRequest("Lukas Meyer", "ChatGPT Enterprise").id });
  });

  it("answers Alex's one waiting stage with its approval card", async () => {
    const answer = await say(h, PERSONAS.alex, "my approvals");
    const card = cardOf(answer.activity);
    expect(cardText(card)).toContain("Pradeep Gupta asks for Code Assistant");
    expect(cardText(card)).toMatch(/2 of 2/);
    expect(decideData(card, "Approve")).toMatchObject({ requestId: entraRequest("Pradeep Gupta", "Code Assistant").id });
  });

  it("lists PIM activations waiting on their approver, which open as PIM approval cards", async () => {
    const nestor = person(h, "Nestor Wilke");
    const list = await say(h, nestor, "pending approvals");
    const pim = openButtons(cardOf(list.activity)).filter((b) => b.data.kind === "pimApproval");
    expect(pim.map((b) => b.heading)).toContain("Henrietta Mueller asks to activate Privileged Role Administrator");
    const henrietta = pim.find((b) => b.heading.startsWith("Henrietta Mueller"))!;
    const opened = await h.teams.execute(nestor, henrietta.verb, henrietta.data, list.activityId);
    expect(cardText(opened.body.value)).toContain("Henrietta Mueller asks to activate Privileged Role Administrator");
    expect(JSON.stringify(opened.body.value)).toContain('"verb":"pim.decide"');
  });

  it("says so plainly when nothing waits", async () => {
    const answer = await say(h, person(h, "Chloe Bernard"), "approvals");
    expect(answer.activity.text).toBe("Nothing waits for your approval.");
  });

  it("answers a plain sentence when Entra is down", async () => {
    const tenant = h.bot.demoTenant!.tenant;
    tenant.faults.add([{ match: "filterByCurrentUser\\(on='approver'\\)", status: 503, retryAfterSeconds: 0, count: 20, rate: 1 }]);
    try {
      const answer = await say(h, person(h, "Megan Bowen"), "approvals");
      expect(answer.activity.text).toMatch(/^Microsoft Entra isn't answering right now, so I couldn't read what waits for your approval\./);
    } finally {
      tenant.faults.clear();
    }
  });
});

describe("reviews", () => {
  it("answers Alex's one review with its digest, where he decides an item", async () => {
    const answer = await say(h, PERSONAS.alex, "reviews");
    const card = cardOf(answer.activity);
    expect(cardText(card)).toContain("Copilot Pilot membership review");
    expect(cardText(card)).toContain("6 of 6 still to review");
    const approve = JSON.stringify(card).match(/"verb":"review\.decide","data":(\{[^}]*"decision":"Approve"[^}]*\})/);
    expect(approve).toBeTruthy();
    const data = JSON.parse(approve![1]!);
    expect(data.instanceId).toBe(COPILOT_PILOT);
    const decided = await h.teams.execute(PERSONAS.alex, "review.decide", data, answer.activityId);
    expect(decided.status).toBe(200);
    expect(cardText(decided.body.value)).toMatch(/Approved by you/);
    const decision = h.bot.demoTenant!.tenant.state.reviewDecisions.get(data.decisionId)!;
    expect(decision).toMatchObject({ decision: "Approve", reviewedById: PERSONAS.alex.aadObjectId });
  });

  it("lists Megan's two reviews, soonest first, each opening its digest", async () => {
    const megan = person(h, "Megan Bowen");
    const list = await say(h, megan, "my access reviews");
    const card = cardOf(list.activity);
    expect(cardText(card)).toContain("2 access reviews wait for your decisions");
    const buttons = openButtons(card);
    expect(buttons.map((b) => b.heading)).toEqual(["Review: Copilot Pilot membership review", "Review: Quarterly review: ChatGPT Enterprise Users"]);
    expect(buttons[0]).toMatchObject({ verb: "review.refresh", data: { instanceId: COPILOT_PILOT } });
    expect(cardText(card)).toContain("3 people to review");

    const opened = await h.teams.execute(megan, buttons[1]!.verb, buttons[1]!.data, list.activityId);
    expect(cardText(opened.body.value)).toContain("Quarterly review: ChatGPT Enterprise Users");
    expect(JSON.stringify(opened.body.value)).toContain('"verb":"review.decide"');
  });

  it("says so plainly to someone with no review, and to a reviewer whose review has not started", async () => {
    expect((await say(h, person(h, "Chloe Bernard"), "reviews")).activity.text).toBe("No access review waits for your decisions.");
    // Nestor's attestation starts in three days.
    expect(textOf(await say(h, person(h, "Nestor Wilke"), "pending reviews"))).toBe("No access review waits for your decisions.");
  });

  it("leaves out a review once the reviewer has decided all of theirs", async () => {
    const lynne = person(h, "Lynne Robbins");
    const digest = await say(h, lynne, "what do I need to review");
    expect(cardText(cardOf(digest.activity))).toContain("Isaiah Langer");
    const deny = JSON.stringify(cardOf(digest.activity)).match(/"verb":"review\.decide","data":(\{[^}]*"decision":"Deny"[^}]*\})/);
    const decided = await h.teams.execute(lynne, "review.decide", JSON.parse(deny![1]!), digest.activityId);
    expect(cardText(decided.body.value)).toMatch(/Denied by you/);
    expect((await say(h, lynne, "reviews")).activity.text).toBe("No access review waits for your decisions.");
  });

  it("answers a plain sentence when Entra refuses", async () => {
    const tenant = h.bot.demoTenant!.tenant;
    tenant.faults.add([{ match: "accessReviews/definitions/filterByCurrentUser", status: 403, count: 5, rate: 1 }]);
    try {
      const answer = await say(h, PERSONAS.alex, "reviews");
      expect(answer.activity.text).toMatch(/^I couldn't read your access reviews: Entra says you're not allowed to\./);
    } finally {
      tenant.faults.clear();
    }
  });
});

describe("help", () => {
  it("lists the two commands on the welcome card", async () => {
    const card = cardOf((await say(h, person(h, "Chloe Bernard"), "help")).activity)!;
    const facts = (card.body as any[]).find((b) => b.type === "FactSet").facts.map((f: any) => f.title);
    expect(facts).toEqual(expect.arrayContaining(["approvals", "reviews"]));
  });
});
