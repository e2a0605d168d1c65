import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, type TeamsPerson } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { person, requestAccess } from "../../support/bot-flows.js";

let h: BotHarness;
let megan: TeamsPerson;
beforeAll(async () => {
  h = await startBotHarness();
  megan = person(h, "Megan Bowen");
  for (const p of [megan, PERSONAS.alex, person(h, "Lynne Robbins"), person(h, "Lee Gu"), person(h, "Henrietta Mueller"), person(h, "Adele Vance")]) {
    await h.teams.install(p);
  }
});
afterAll(() => h?.close());

function textsSince(who: TeamsPerson, mark: number): string[] {
  return h.teams.captured
    .slice(mark)
    .filter((c) => c.kind === "send" && c.conversationId === h.teams.conversationIdFor(who))
    .map((c) => cardText(cardOf(c.activity)) || String(c.activity.text ?? ""));
}

function localHour(date: Date, zone: string): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(date));
}

describe("the nudge loop", () => {
  it("nudges approvers, reviewers and PIM approvers once per window, and not twice", async () => {
    const mark = h.teams.captured.length;
    const first = await h.nudge();
    expect(first?.sent).toBeGreaterThan(0);
    const toMegan = textsSince(megan, mark);
    // One message for everything she must decide, plus one digest per access review she reviews.
    const [decisions, ...reviews] = toMegan;
    expect(decisions).toMatch(/Lukas Meyer/);
    expect(decisions).toMatch(/Tomas Garcia/);
    expect(reviews.length).toBe(2);
    expect(reviews.every((r) => /review/i.test(r))).toBe(true);
    const toAlex = textsSince(PERSONAS.alex, mark);
    expect(toAlex.join("\n")).toMatch(/Copilot Pilot|Pradeep Gupta/);
    const toLee = textsSince(person(h, "Lee Gu"), mark);
    expect(toLee.join("\n")).toMatch(/Raj Kumar|Privileged Role Administrator/);

    const again = h.teams.captured.length;
    const second = await h.nudge();
    expect(second?.sent).toBe(0);
    expect(h.teams.captured.length).toBe(again);
  });

  it("warns before a 2-hour grant ends, about 15 minutes before, with Extend", async () => {
    // Megan's own ChatGPT grant ends 20 minutes after the scenario starts.
    const before = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(megan, before).join("\n")).not.toContain("access ends soon");
    await h.advance("PT6M");
    const mark = h.teams.captured.length;
    await h.nudge();
    const warning = h.teams.captured
      .slice(mark)
      .find((c) => c.conversationId === h.teams.conversationIdFor(megan) && cardText(cardOf(c.activity)).includes("access ends soon"));
    expect(warning).toBeTruthy();
    expect(cardText(cardOf(warning!.activity))).toMatch(/1[34] minutes left/);
    expect(JSON.stringify(cardOf(warning!.activity))).toContain("access.extend");
  });

  it("reroutes an out-of-office approver's stage to the escalation approver, and says why", async () => {
    const lynne = person(h, "Lynne Robbins");
    const chloe = person(h, "Chloe Bernard");
    await requestAccess(h, chloe, "I need ChatGPT for 2 hours to prepare a customer call");
    const mark = h.teams.captured.length;
    await h.nudge();
    const sent = textsSince(lynne, mark).join("\n");
    expect(sent).toContain("Chloe Bernard asks for");
    expect(sent).toContain("Christie Cline is out of office, so you're asked instead.");
    const christie = person(h, "Christie Cline");
    expect(textsSince(christie, mark)).toEqual([]);
  });

  it("never nudges in the recipient's quiet hours, and sends when they end", async () => {
    // Move to 02:00 in Redmond (quiet) after the next checkpoint of Megan's approvals has passed.
    const tenant = h.bot.demoTenant!.tenant;
    const now = tenant.clock.now();
    const hoursTo2am = (24 + 2 - localHour(now, "America/Los_Angeles")) % 24 || 24;
    await h.advance(`PT${hoursTo2am}H`);
    const quietMark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(megan, quietMark)).toEqual([]);
    // Alex works in Redmond too: nothing for him either, while people elsewhere may still hear.
    expect(textsSince(PERSONAS.alex, quietMark)).toEqual([]);
    await h.advance("PT6H30M"); // 08:30 in Redmond
    const morning = h.teams.captured.length;
    await h.nudge();
    const sent = textsSince(megan, morning);
    expect(sent.length).toBeGreaterThan(0);
    expect(localHour(tenant.clock.now(), "America/Los_Angeles")).toBe(8);
  });

  it("lets a reviewer decide inside the review digest, and the decision reaches Entra", async () => {
    const digest = [...h.teams.messagesOf(PERSONAS.alex).entries()].reverse().find(([, a]) => cardText(cardOf(a)).includes("Copilot Pilot"));
    expect(digest).toBeTruthy();
    const [activityId, activity] = digest!;
    const card = cardOf(activity)!;
    const approve = JSON.stringify(card).match(/"verb":"review\.decide","data":(\{[^}]*"decision":"Approve"[^}]*\})/);
    expect(approve).toBeTruthy();
    const data = JSON.parse(approve![1]!);
    const answer = await h.teams.execute(PERSONAS.alex, "review.decide", { ...data, [`justification_${data.decisionId}`]: "still in the pilot", justification: "still in the pilot" }, activityId);
    expect(answer.status).toBe(200);
    const decision = h.bot.demoTenant!.tenant.state.reviewDecisions.get(data.decisionId)!;
    expect(decision.decision).toBe("Approve");
    expect(decision.reviewedById).toBe(PERSONAS.alex.aadObjectId);
    expect(cardText(answer.body.value)).toMatch(/Approved by you/);
  });
});
