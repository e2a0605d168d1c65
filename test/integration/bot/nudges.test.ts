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

  it("lets a PIM approver decide in Teams, then tells the requester it is granted and, before it ends, that it ends soon", async () => {
    const lee = person(h, "Lee Gu");
    // Henrietta works in London, where it is still the afternoon (Raj, in India, would hear in the morning).
    const raj = person(h, "Henrietta Mueller");
    const card = [...h.teams.messagesOf(lee).entries()].reverse().find(([, a]) => /Henrietta Mueller[\s\S]*Privileged Role Administrator|Privileged Role Administrator[\s\S]*Henrietta Mueller/.test(cardText(cardOf(a))));
    expect(card).toBeTruthy();
    let decisionCard = cardOf(card![1])!;
    if (!(decisionCard.actions ?? []).some((a: any) => a.data?.decision === "Approve")) {
      // Several things were due for Lee: a digest whose "Open" gives the card where it is decided.
      const item = (decisionCard.body as any[]).find((c) => JSON.stringify(c).includes("Henrietta Mueller") && JSON.stringify(c).includes("ActionSet"));
      const open = item.items.find((x: any) => x.type === "ActionSet").actions[0];
      const opened = await h.teams.execute(lee, open.verb, open.data, card![0]);
      decisionCard = opened.body.value;
    }
    const approve = (decisionCard.actions as any[]).find((a) => a.data?.decision === "Approve");
    const decided = await h.teams.execute(lee, "pim.decide", { ...approve.data, justification: "incident INC-42" }, card![0]);
    expect(decided.status).toBe(200);
    expect(cardText(decided.body.value)).toMatch(/Approved by Lee Gu/);

    let mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(raj, mark).join("\n")).toMatch(/is approved/);

    await h.advance("PT51M");
    mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(raj, mark).join("\n")).toMatch(/ends|left/);
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
    const minutesNow = localHour(now, "America/Los_Angeles") * 60 + now.getUTCMinutes();
    const minutesTo2am = (26 * 60 - minutesNow) % (24 * 60) || 24 * 60;
    await h.advance(`PT${minutesTo2am}M`);
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
