import { describe, expect, it } from "vitest";
import { parsePreferenceCommand } from "../../../../src/domain/intent/parse-preference-command.js";

const HOUR = 3_600_000;
// Monday 2 March 2026, 09:00 in Redmond (PST); clocks go forward on Sunday 8 March.
const now = new Date("2026-03-02T17:00:00Z");
const context = { now, timeZone: "America/Los_Angeles" };
const parse = (text: string) => parsePreferenceCommand(text, context);
const after = (ms: number) => new Date(now.getTime() + ms);

describe("parsePreferenceCommand: snooze", () => {
  it.each([
    ["snooze", 24 * HOUR],
    ["Snooze!", 24 * HOUR],
    ["snooze for a day", 24 * HOUR],
    ["please snooze for a day, thanks", 24 * HOUR],
    ["snooze 2 hours", 2 * HOUR],
    ["snooze 2h", 2 * HOUR],
    ["snooze for the next 2 hours", 2 * HOUR],
    ["snooze reminders for 30 minutes", HOUR / 2],
    ["pause reminders", 24 * HOUR],
    ["pause all my reminders for 3 days", 72 * HOUR],
    ["remind me in 2 hours", 2 * HOUR],
    ["mute reminders for 2 hours", 2 * HOUR],
  ])("reads %j as a span from now", (text, ms) => {
    expect(parse(text)).toEqual({ kind: "snooze", until: after(ms), capped: false });
  });

  it.each([
    // A day without a time ends when work starts, in the person's zone (PDT from 8 March).
    ["snooze until Monday", "2026-03-09T16:00:00Z"],
    ["snooze until next week", "2026-03-09T16:00:00Z"],
    ["snooze until tomorrow 9am", "2026-03-03T17:00:00Z"],
    ["snooze till 9am tomorrow", "2026-03-03T17:00:00Z"],
    ["snooze until tomorrow morning", "2026-03-03T17:00:00Z"],
    ["remind me tomorrow", "2026-03-03T17:00:00Z"],
    ["snooze for the rest of the day", "2026-03-03T17:00:00Z"],
    ["snooze for today", "2026-03-03T17:00:00Z"],
    ["pause reminders until Friday", "2026-03-06T17:00:00Z"],
    ["no reminders until Friday 2pm", "2026-03-06T22:00:00Z"],
    ["don't remind me until Wednesday", "2026-03-04T17:00:00Z"],
    ["snooze until 3pm", "2026-03-02T23:00:00Z"],
    ["snooze until Monday 3pm", "2026-03-02T23:00:00Z"],
    ["snooze until end of day", "2026-03-03T01:00:00Z"],
    ["snooze until 2026-03-10", "2026-03-10T16:00:00Z"],
  ])("reads %j as an end in the person's zone", (text, iso) => {
    expect(parse(text)).toEqual({ kind: "snooze", until: new Date(iso), capped: false });
  });

  it("caps a snooze at 14 days and says it did", () => {
    expect(parse("snooze for 3 weeks")).toEqual({ kind: "snooze", until: after(14 * 24 * HOUR), capped: true });
    expect(parse("snooze until April 30")).toMatchObject({ kind: "snooze", capped: true });
  });

  it("explains what to type when a snooze cannot be read", () => {
    for (const text of ["snooze until the audit ends", "snooze for a while", "pause reminders until whenever", "stop reminders"]) {
      const command = parse(text);
      expect(command?.kind, text).toBe("invalid");
      expect(command && "problem" in command ? command.problem : "").toContain("snooze until Monday");
    }
    expect(parse("snooze until March 1 2026")).toEqual({ kind: "invalid", problem: expect.stringContaining("already passed") });
    // A day just gone without its year is a slip, not next year's (which would be a silent 14-day snooze).
    expect(parse("snooze until March 1")).toEqual({ kind: "invalid", problem: expect.stringContaining("already passed") });
  });

  it("sends a person who mutes everything to the snooze", () => {
    const command = parse("mute reminders");
    expect(command?.kind).toBe("invalid");
    expect(command && "problem" in command ? command.problem : "").toMatch(/snooze.*mute reviews/s);
  });
});

describe("parsePreferenceCommand: resume, quiet hours, weekends, mute, settings", () => {
  it.each(["unsnooze", "resume", "resume reminders", "Resume my reminders please", "cancel snooze", "stop snoozing", "turn reminders back on", "unpause"])(
    "reads %j as resume",
    (text) => expect(parse(text)).toEqual({ kind: "resume" }),
  );

  it.each([
    ["quiet hours 21:00-07:00", "21:00", "07:00"],
    ["Quiet hours: 21:00 - 07:00", "21:00", "07:00"],
    ["quiet hours 9pm-7am", "21:00", "07:00"],
    ["quiet hours from 10pm to 6:30am", "22:00", "06:30"],
    ["set my quiet hours to 22:00 until 06:00", "22:00", "06:00"],
    ["quiet hours between 12:30 and 13:30", "12:30", "13:30"],
    ["quiet hours 6-7", "06:00", "07:00"],
  ])("reads %j as quiet hours", (text, start, end) => {
    expect(parse(text)).toEqual({ kind: "quietHours", quietHours: { start, end } });
  });

  it.each(["quiet hours off", "no quiet hours", "turn off quiet hours", "turn quiet hours off", "disable quiet hours", "quiet hours none"])(
    "reads %j as no quiet hours",
    (text) => expect(parse(text)).toEqual({ kind: "quietHours", quietHours: null }),
  );

  it("turns quiet hours back on at the defaults", () => {
    expect(parse("quiet hours on")).toEqual({ kind: "quietHours", quietHours: { start: "20:00", end: "08:00" } });
  });

  it("says which format quiet hours take when a time is wrong", () => {
    for (const [text, bad] of [["quiet hours 25:00-07:00", "25:00"], ["quiet hours 21:00-07:75", "07:75"], ["quiet hours 13pm to 7am", "13pm"]] as const) {
      const command = parse(text);
      expect(command?.kind, text).toBe("invalid");
      const problem = command && "problem" in command ? command.problem : "";
      expect(problem).toContain(`"${bad}" is not a time of day`);
      expect(problem).toContain("21:00-07:00");
    }
    expect(parse("quiet hours at night")).toEqual({ kind: "invalid", problem: expect.stringContaining("21:00-07:00") });
    expect(parse("quiet hours 09:00-9:00")).toEqual({ kind: "invalid", problem: expect.stringContaining("no quiet hours at all") });
  });

  it.each([
    ["no weekends", true],
    ["quiet weekends", true],
    ["weekends off", true],
    ["no reminders on weekends", true],
    ["weekends on", false],
    ["quiet weekends off", false],
    ["remind me on weekends too", false],
  ])("reads %j as quiet weekends %s", (text, quiet) => {
    expect(parse(text)).toEqual({ kind: "quietWeekends", quiet });
  });

  it("reads which kinds to mute or unmute, in the order said", () => {
    expect(parse("mute reviews")).toEqual({ kind: "mute", kinds: ["reviewInstance"] });
    expect(parse("mute access reviews and approvals")).toEqual({ kind: "mute", kinds: ["reviewInstance", "approvalStage"] });
    expect(parse("mute reminders about expiry")).toEqual({ kind: "mute", kinds: ["assignmentExpiry"] });
    expect(parse("mute owner digests")).toEqual({ kind: "mute", kinds: ["ownerDigest"] });
    expect(parse("unmute pim")).toEqual({ kind: "unmute", kinds: ["pimApproval"] });
    expect(parse("unmute pim activations")).toEqual({ kind: "unmute", kinds: ["pimActivation"] });
    expect(parse("unmute all")).toMatchObject({ kind: "unmute", kinds: expect.arrayContaining(["approvalStage", "reviewInstance", "ownerDigest"]) });
  });

  it("lists what can be muted when the kind is unknown", () => {
    for (const text of ["mute fish", "unmute", "mute reviews and fish"]) {
      const command = parse(text);
      expect(command?.kind, text).toBe("invalid");
      expect(command && "problem" in command ? command.problem : "").toContain("approvals, reviews, pim, activations, expiry and owner digests");
    }
  });

  it.each(["settings", "preferences", "reminder settings", "my settings", "show my reminder settings", "notification settings", "quiet hours", "snooze settings"])(
    "reads %j as the settings card",
    (text) => expect(parse(text)).toEqual({ kind: "showSettings" }),
  );

  it.each([
    "I need ChatGPT for 2 hours to summarise feedback",
    "help",
    "hi",
    "my access",
    "what can I request?",
    "cancel my ChatGPT request",
    "pause my ChatGPT access",
    "remind me about the review",
    "stop",
    "no",
    "",
  ])("leaves %j to the other commands", (text) => {
    expect(parse(text)).toBeUndefined();
  });
});
