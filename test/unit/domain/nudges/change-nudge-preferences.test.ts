import { describe, expect, it } from "vitest";
import { changeNudgePreferences } from "../../../../src/domain/nudges/change-nudge-preferences.js";
import { nextMorning } from "../../../../src/domain/nudges/next-morning.js";
import { DEFAULT_NUDGE_PREFERENCES as D } from "../../../../src/domain/nudges/nudge-preferences.js";
import { readClockTime, readQuietHoursInputs } from "../../../../src/domain/nudges/read-quiet-hours.js";

const now = new Date("2026-03-02T17:00:00Z");

describe("readQuietHoursInputs", () => {
  it("reads 24-hour and am/pm times, and both empty as none", () => {
    expect(readQuietHoursInputs("21:00", "07:00")).toEqual({ quietHours: { start: "21:00", end: "07:00" } });
    expect(readQuietHoursInputs("9pm", "6:30 am")).toEqual({ quietHours: { start: "21:00", end: "06:30" } });
    expect(readQuietHoursInputs("22:15:00", "0600")).toEqual({ quietHours: { start: "22:15", end: "06:00" } });
    expect(readQuietHoursInputs(" ", "")).toEqual({ quietHours: null });
    expect(readClockTime("12am")).toBe("00:00");
    expect(readClockTime("12pm")).toBe("12:00");
  });

  it("refuses what is not a time, one end alone, and equal ends, with a sentence", () => {
    expect(readQuietHoursInputs("25:00", "07:00")).toEqual({ problem: expect.stringContaining('"25:00" is not a time of day') });
    expect(readQuietHoursInputs("21:00", "")).toEqual({ problem: expect.stringContaining("both a start and an end") });
    expect(readQuietHoursInputs("07:00", "7am")).toEqual({ problem: expect.stringContaining("no quiet hours at all") });
  });
});

describe("changeNudgePreferences", () => {
  it("snoozes, and resuming ends every snooze, per-subject ones too", () => {
    const until = new Date("2026-03-03T17:00:00Z");
    const snoozed = changeNudgePreferences(D, { kind: "snooze", until }, now);
    expect(snoozed.snoozeUntil).toEqual(until);
    const putOff = changeNudgePreferences(snoozed, { kind: "snoozeSubject", subjectId: "r1/0", until }, now);
    expect(putOff.subjectSnoozes).toEqual({ "r1/0": until });
    expect(changeNudgePreferences(putOff, { kind: "resume" }, now)).toMatchObject({ snoozeUntil: null, subjectSnoozes: {} });
  });

  it("drops snoozes that have ended, so they do not pile up", () => {
    const old = { ...D, snoozeUntil: new Date("2026-03-01T00:00:00Z"), subjectSnoozes: { a: new Date("2026-03-01T00:00:00Z"), b: new Date("2026-03-05T00:00:00Z") } };
    const changed = changeNudgePreferences(old, { kind: "quietWeekends", quiet: false }, now);
    expect(changed).toMatchObject({ snoozeUntil: null, subjectSnoozes: { b: new Date("2026-03-05T00:00:00Z") }, quietWeekends: false });
  });

  it("mutes and unmutes kinds without duplicates, in a stable order", () => {
    const muted = changeNudgePreferences(D, { kind: "mute", kinds: ["reviewInstance", "approvalStage", "reviewInstance"] }, now);
    expect(muted.mutedKinds).toEqual(["approvalStage", "reviewInstance"]);
    expect(changeNudgePreferences(muted, { kind: "unmute", kinds: ["approvalStage"] }, now).mutedKinds).toEqual(["reviewInstance"]);
  });
});

describe("nextMorning", () => {
  it("is the end of the person's quiet hours on the next day, in their zone", () => {
    // 09:00 in Redmond: tomorrow at 07:00 local (15:00Z).
    expect(nextMorning(now, "America/Los_Angeles", { quietHours: { start: "21:00", end: "07:00" } })).toEqual(new Date("2026-03-03T15:00:00Z"));
    // Without quiet hours, 08:00; across the DST change on 8 March, still 08:00 on the wall clock.
    expect(nextMorning(new Date("2026-03-07T20:00:00Z"), "America/Los_Angeles", { quietHours: null })).toEqual(new Date("2026-03-08T15:00:00Z"));
  });

  it("is the coming morning for someone still up after midnight", () => {
    // 02:00 in Redmond on Tuesday: 08:00 the same day.
    expect(nextMorning(new Date("2026-03-03T10:00:00Z"), "America/Los_Angeles", D)).toEqual(new Date("2026-03-03T16:00:00Z"));
  });
});
