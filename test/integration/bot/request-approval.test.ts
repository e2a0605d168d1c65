import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.close());

describe("install and welcome", () => {
  it("welcomes a person once when the app is installed", async () => {
    const before = h.teams.captured.length;
    await h.teams.install(PERSONAS.alex);
    const welcome = await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(PERSONAS.alex), 5000, before);
    expect(cardText(cardOf(welcome.activity))).toContain("Hi Alex");
    await h.teams.membersAdded(PERSONAS.alex);
    expect(h.teams.sentTo(PERSONAS.alex).length).toBe(1);
  });
});

describe("plain words to a delivered request", () => {
  it("lists what Alex may request", async () => {
    const before = h.teams.captured.length;
    await h.teams.message(PERSONAS.alex, "what can I request?");
    const reply = await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(PERSONAS.alex), 10_000, before);
    const text = cardText(cardOf(reply.activity));
    expect(text).toContain("ChatGPT");
    expect(text).toMatch(/Request/);
  });

  it("opens the request card filled in from a sentence, submits it, and sends Megan an approval card", async () => {
    await h.teams.install(PERSONAS.megan);
    let mark = h.teams.captured.length;
    await h.teams.message(PERSONAS.alex, "I need ChatGPT for 2 hours to analyze customer feedback");
    const form = await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(PERSONAS.alex), 10_000, mark);
    const formCard = cardOf(form.activity)!;
    const inputs = JSON.stringify(formCard.body);
    expect(inputs).toContain("analyze customer feedback");
    expect(inputs).toContain("2 hours");
    const submit = formCard.actions.find((a: any) => a.verb === "request.submit");

    mark = h.teams.captured.length;
    const answer = await h.teams.execute(
      PERSONAS.alex,
      "request.submit",
      { ...submit.data, durationText: "2 hours", justification: "analyze customer feedback" },
      form.activityId,
    );
    expect(answer.status).toBe(200);
    const status = cardText(answer.body.value);
    expect(status).toContain("Waiting on Megan Bowen");

    const approval = await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(PERSONAS.megan), 10_000, mark);
    const approvalText = cardText(cardOf(approval.activity));
    expect(approvalText).toContain("Alex Wilber asks for");
    expect(approvalText).toContain("analyze customer feedback");
    const approve = cardOf(approval.activity)!.actions.find((a: any) => a.data?.decision === "Approve");
    expect(approve).toBeTruthy();

    mark = h.teams.captured.length;
    const decided = await h.teams.execute(PERSONAS.megan, "approval.decide", { ...approve.data, justification: "Go ahead" }, approval.activityId);
    expect(cardText(decided.body.value)).toMatch(/Approved by Megan Bowen/);
    // Alex's status card moves on in place.
    const update = await h.teams.waitFor((a) => a.kind === "update" && a.activityId === form.activityId, 10_000, mark);
    expect(cardText(cardOf(update.activity))).toMatch(/Approved|ready/);

    await h.advance("PT1M");
    await h.reconcile();
    const latest = h.teams.messagesOf(PERSONAS.alex).get(form.activityId)!;
    expect(cardText(cardOf(latest))).toContain("Your access is ready until");

    await h.advance("PT2H");
    await h.reconcile();
    const expired = h.teams.messagesOf(PERSONAS.alex).get(form.activityId)!;
    expect(cardText(cardOf(expired))).toContain("Your access ended");
  });
});
