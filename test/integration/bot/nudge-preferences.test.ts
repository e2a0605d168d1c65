import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNudgePreferences } from "../../../src/domain/nudges/parse-nudge-preferences.js";
import { AuditTrail, Preferences } from "../../../src/store/index.js";
import { cardOf, cardText, type TeamsPerson } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { inputsOf, person, say } from "../../support/bot-flows.js";

// The harness starts on Monday 2 March 2026, 09:00 in Redmond (PST), where Megan and Alex work. Megan
// approves Lukas Meyer's and Tomas Garcia's ChatGPT requests and reviews two access reviews; Alex reviews
// the Copilot Pilot. Nudges are claimed once per window, so each test moves the clock only where a new
// window must open, and checks who hears what in the pass right after a change.

function textsSince(h: BotHarness, who: TeamsPerson, mark: number): string[] {
  return h.teams.captured
    .slice(mark)
    .filter((c) => c.kind === "send" && c.conversationId === h.teams.conversationIdFor(who))
    .map((c) => cardText(cardOf(c.activity)) || String(c.activity.text ?? ""));
}

async function reply(h: BotHarness, who: TeamsPerson, text: string): Promise<string> {
  const answer = await say(h, who, text);
  return cardText(cardOf(answer.activity)) || String(answer.activity.text ?? "");
}

async function storedPreferences(h: BotHarness, who: TeamsPerson) {
  return parseNudgePreferences((await new Preferences(h.bot.db).get(who.aadObjectId))?.preferences ?? null);
}

async function startWithPeople(): Promise<{ h: BotHarness; megan: TeamsPerson }> {
  const h = await startBotHarness();
  const megan = person(h, "Megan Bowen");
  for (const p of [megan, PERSONAS.alex]) await h.teams.install(p);
  return { h, megan };
}

describe("snoozing reminders in chat", () => {
  let h: BotHarness;
  let megan: TeamsPerson;
  beforeAll(async () => ({ h, megan } = await startWithPeople()));
  afterAll(() => h?.close());

  it("'snooze for a day' holds every reminder for her until then, while others still get theirs", async () => {
    expect(await reply(h, megan, "snooze for a day")).toBe(
      'Snoozed: no reminders until Tue 3 Mar, 09:00 PST. Say "resume reminders" to hear them sooner.',
    );
    const mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(h, megan, mark)).toEqual([]);
    expect(textsSince(h, PERSONAS.alex, mark).join("\n")).toMatch(/Copilot Pilot/);

    const audit = await new AuditTrail(h.bot.db).listByActor(megan.aadObjectId);
    expect(audit.find((e) => e.action === "preferences.snoozed")).toMatchObject({ subjectType: "preferences", subjectId: megan.aadObjectId, outcome: "ok" });
  });

  it("nudges her again once the snooze is over", async () => {
    await h.advance("PT23H50M"); // 08:50 on Tuesday: still snoozed
    let mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(h, megan, mark)).toEqual([]);

    await h.advance("PT15M"); // 09:05: the snooze ended
    mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(h, megan, mark).join("\n")).toMatch(/review/i);
  });

  it("answers a snooze it cannot read, or one too long, with what it did or what to type", async () => {
    expect(await reply(h, megan, "snooze until the audit ends")).toMatch(/couldn't read how long.*"snooze until Monday"/);
    expect(await reply(h, megan, "snooze for 3 weeks")).toMatch(/^I can snooze reminders for at most 14 days\. Snoozed: no reminders until Tue 17 Mar, 10:05 PDT\./);
    expect(await reply(h, megan, "resume reminders")).toMatch(/^Reminders are back on/);
    expect((await storedPreferences(h, megan)).snoozeUntil).toBeNull();
  });
});

describe("quiet hours, muting and the settings card", () => {
  let h: BotHarness;
  let megan: TeamsPerson;
  beforeAll(async () => ({ h, megan } = await startWithPeople()));
  afterAll(() => h?.close());

  it("keeps a pass quiet for her when her new quiet hours cover now, and sends when they no longer do", async () => {
    expect(await reply(h, megan, "quiet hours 09:00-10:00")).toBe(
      "Quiet hours set: no reminders from 09:00 to 10:00, Pacific Standard Time (America/Los_Angeles).",
    );
    let mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(h, megan, mark)).toEqual([]);
    expect(textsSince(h, PERSONAS.alex, mark).join("\n")).toMatch(/Copilot Pilot/);

    expect(await reply(h, megan, "mute reviews")).toBe('Muted: no more reminders about access reviews. Say "unmute reviews" to hear about them again.');
    expect(await reply(h, megan, "quiet hours 06:00-07:00")).toMatch(/^Quiet hours set: no reminders from 06:00 to 07:00/);
    mark = h.teams.captured.length;
    await h.nudge();
    // Her approvals come; her access reviews, muted, do not.
    const sent = textsSince(h, megan, mark).join("\n");
    expect(sent).toMatch(/Lukas Meyer/);
    expect(sent).toMatch(/Tomas Garcia/);
    expect(sent).not.toMatch(/review/i);
  });

  it("puts off one item of a reminders digest until her next morning", async () => {
    const digest = [...h.teams.messagesOf(megan).entries()].reverse().find(([, a]) => /Lukas Meyer/.test(cardText(cardOf(a))));
    expect(digest).toBeTruthy();
    const [activityId, activity] = digest!;
    const later = JSON.stringify(cardOf(activity)).match(/"verb":"nudge\.snoozeSubject","data":(\{"item":\{[^}]*\}\})/g) ?? [];
    expect(later.length).toBe(2);
    const data = JSON.parse(later[0]!.replace(/^"verb":"nudge\.snoozeSubject","data":/, ""));
    const answer = await h.teams.execute(megan, "nudge.snoozeSubject", data, activityId);
    expect(answer.status).toBe(200);
    // Her quiet hours end at 07:00: that is her morning.
    expect(JSON.stringify(answer.body)).toContain("OK: no more reminders about this until Tue 3 Mar, 07:00 PST.");
    const stored = await storedPreferences(h, megan);
    expect(stored.subjectSnoozes[`${data.item.requestId}/${data.item.stageIndex}`]).toEqual(new Date("2026-03-03T15:00:00Z"));
  });

  it("brings her review digests back after 'unmute reviews'", async () => {
    expect(await reply(h, megan, "unmute reviews")).toBe("Unmuted: you'll be reminded about access reviews again.");
    const mark = h.teams.captured.length;
    await h.nudge();
    expect(textsSince(h, megan, mark).join("\n")).toMatch(/review/i);
  });

  it("saves the settings card, and refuses a bad time with the error shown and what she typed kept", async () => {
    const settings = await say(h, megan, "reminder settings");
    const card = cardOf(settings.activity)!;
    const shown = Object.fromEntries(inputsOf(card).map((i) => [i.id, i.value]));
    expect(shown).toMatchObject({ quietStart: "06:00", quietEnd: "07:00", quietWeekends: "true", mutedKinds: "" });

    const bad = await h.teams.execute(megan, "prefs.save", { quietStart: "25:00", quietEnd: "07:00", quietWeekends: "false", mutedKinds: "pimApproval" }, settings.activityId);
    expect(bad.status).toBe(200);
    const refused = bad.body.value;
    expect(cardText(refused)).toContain('"25:00" is not a time of day');
    expect(Object.fromEntries(inputsOf(refused).map((i) => [i.id, i.value]))).toMatchObject({ quietStart: "25:00", quietWeekends: "false", mutedKinds: "pimApproval" });
    expect((await storedPreferences(h, megan)).quietHours).toEqual({ start: "06:00", end: "07:00" });

    const good = await h.teams.execute(megan, "prefs.save", { quietStart: "22:00", quietEnd: "06:30", quietWeekends: "false", mutedKinds: "reviewInstance,pimApproval" }, settings.activityId);
    expect(cardText(good.body.value)).toContain("Saved: quiet hours from 22:00 to 06:30, Pacific Standard Time (America/Los_Angeles); reminders on weekends too; no reminders about");
    expect(await storedPreferences(h, megan)).toMatchObject({
      quietHours: { start: "22:00", end: "06:30" },
      quietWeekends: false,
      mutedKinds: ["reviewInstance", "pimApproval"],
    });

    const snoozed = await h.teams.execute(megan, "prefs.snooze", {}, settings.activityId);
    expect(cardText(snoozed.body.value)).toContain("Snoozed: no reminders until Tue 3 Mar, 09:00 PST.");
    expect(snoozed.body.value.actions.map((a: any) => a.verb)).toContain("prefs.resume");
    const resumed = await h.teams.execute(megan, "prefs.resume", {}, settings.activityId);
    expect(cardText(resumed.body.value)).toContain("Not snoozed");
    const stored = await storedPreferences(h, megan);
    expect(stored.snoozeUntil).toBeNull();
    // "Resume" ends every snooze, the item she put off included.
    expect(stored.subjectSnoozes).toEqual({});

    const actions = (await new AuditTrail(h.bot.db).listBySubject("preferences", megan.aadObjectId)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["preferences.quiet_hours_changed", "preferences.muted", "preferences.unmuted", "preferences.subject_snoozed", "preferences.saved", "preferences.snoozed", "preferences.resumed"]),
    );
  });

  it("still answers the other commands, and help lists the new ones", async () => {
    expect(await reply(h, megan, "help")).toMatch(/snooze for a day[\s\S]*quiet hours 21:00-07:00[\s\S]*mute reviews[\s\S]*reminder settings/);
    expect(await reply(h, megan, "what can I request?")).toMatch(/ChatGPT/);
    const opened = await h.teams.execute(megan, "prefs.open", {});
    expect(cardText(opened.body.value)).toContain("Reminder settings");
    expect(await reply(h, megan, "unmute expiry")).toBe("Reminders about your access that is about to end weren't muted, so nothing changed.");
    expect(await reply(h, megan, "mute fish")).toMatch(/^I can mute approvals, reviews, pim, activations, expiry and owner digests/);
  });
});
