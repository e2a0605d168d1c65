import { describe, expect, it } from "vitest";
import { DEFAULT_NUDGE_PREFERENCES, type NudgePreferences } from "../../../../src/domain/nudges/nudge-preferences.js";
import { nudgeRecipientOf } from "../../../../src/domain/nudges/nudge-recipient.js";
import { parseNudgePreferences, toStoredNudgePreferences } from "../../../../src/domain/nudges/parse-nudge-preferences.js";

describe("parseNudgePreferences", () => {
  it("gives the defaults for someone who never set any", () => {
    expect(parseNudgePreferences(undefined)).toEqual(DEFAULT_NUDGE_PREFERENCES);
    expect(parseNudgePreferences({})).toEqual(DEFAULT_NUDGE_PREFERENCES);
    expect(parseNudgePreferences("nonsense")).toEqual(DEFAULT_NUDGE_PREFERENCES);
  });

  it("reads back what was stored", () => {
    const preferences: NudgePreferences = {
      quietHours: { start: "22:30", end: "06:45" },
      quietWeekends: false,
      weekendDays: [5, 6],
      snoozeUntil: new Date("2025-03-04T08:00:00Z"),
      subjectSnoozes: { "req-1/0": new Date("2025-03-05T08:00:00Z") },
      mutedKinds: ["ownerDigest"],
    };
    expect(parseNudgePreferences(JSON.parse(JSON.stringify(toStoredNudgePreferences(preferences))))).toEqual(preferences);
  });

  it("keeps quiet hours off when someone turned them off", () => {
    expect(parseNudgePreferences({ quietHours: null }).quietHours).toBeNull();
  });

  it("falls back field by field, so one bad value costs nobody their quiet hours", () => {
    const parsed = parseNudgePreferences({
      quietHours: { start: "25:00", end: "08:00" },
      quietWeekends: "yes",
      weekendDays: [0, 8],
      snoozeUntil: "not a date",
      subjectSnoozes: { good: "2025-03-05T08:00:00Z", bad: "soon" },
      mutedKinds: ["approvalStage", "spam"],
      somethingNew: true,
    });
    expect(parsed).toEqual({
      ...DEFAULT_NUDGE_PREFERENCES,
      subjectSnoozes: { good: new Date("2025-03-05T08:00:00Z") },
      mutedKinds: ["approvalStage"],
    });
  });
});

describe("nudgeRecipientOf", () => {
  it("joins what the directory says about a person with their stored preferences", () => {
    const christie = { id: "christie", timeZone: "America/New_York", isOutOfOffice: true };
    expect(nudgeRecipientOf(christie, { quietWeekends: false })).toEqual({
      userId: "christie",
      timeZone: "America/New_York",
      isOutOfOffice: true,
      preferences: { ...DEFAULT_NUDGE_PREFERENCES, quietWeekends: false },
    });
    expect(nudgeRecipientOf(christie, undefined).preferences).toEqual(DEFAULT_NUDGE_PREFERENCES);
  });
});
