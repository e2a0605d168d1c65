import { describe, expect, it } from "vitest";
import { DEFAULT_NUDGE_PREFERENCES as D } from "../../../../src/domain/nudges/nudge-preferences.js";
import { describePreferenceChange } from "../../../../src/domain/views/describe-preference-change.js";
import { nudgeSettingsView } from "../../../../src/domain/views/nudge-settings-view.js";
import { renderCard } from "../../../../src/teams/cards/render-card.js";

const now = new Date("2026-03-02T17:00:00Z");
const reader = { timeZone: "America/Los_Angeles", now };

function inputs(card: any): Record<string, any> {
  const out: Record<string, any> = {};
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      if (typeof node.type === "string" && node.type.startsWith("Input.")) out[node.id] = node;
      Object.values(node).forEach(walk);
    }
  };
  walk(card.body);
  return out;
}

describe("the settings card", () => {
  it("shows the stored settings in the person's zone, with Snooze 1 day when not snoozed", () => {
    const card = renderCard("nudge-settings", nudgeSettingsView({ ...D, mutedKinds: ["reviewInstance", "ownerDigest"] }, reader)) as any;
    const fields = inputs(card);
    expect(fields.quietStart).toMatchObject({ type: "Input.Time", value: "20:00" });
    expect(fields.quietEnd).toMatchObject({ type: "Input.Time", value: "08:00" });
    expect(fields.quietWeekends).toMatchObject({ type: "Input.Toggle", value: "true", title: "No reminders on Saturday and Sunday" });
    expect(fields.mutedKinds).toMatchObject({ isMultiSelect: true, value: "reviewInstance,ownerDigest" });
    expect(fields.mutedKinds.choices).toHaveLength(6);
    const text = JSON.stringify(card);
    expect(text).toContain("Not snoozed");
    expect(text).toContain("Pacific Standard Time (America/Los_Angeles)");
    expect(card.actions.map((a: any) => a.verb)).toEqual(["prefs.save", "prefs.snooze"]);
  });

  it("shows a snooze with Resume, and after a refused save the errors and what was typed", () => {
    const view = nudgeSettingsView(
      { ...D, snoozeUntil: new Date("2026-03-03T17:00:00Z") },
      { ...reader, errors: ['"25:00" is not a time of day.'], typed: { quietStart: "25:00", quietEnd: "07:00", quietWeekends: false, mutedKinds: ["approvalStage"] } },
    );
    const card = renderCard("nudge-settings", view) as any;
    const text = JSON.stringify(card);
    expect(text).toContain("Snoozed: no reminders until Tue 3 Mar, 09:00 PST.");
    expect(text).toContain("Nothing was saved");
    expect(text).toContain("is not a time of day");
    const fields = inputs(card);
    expect(fields.quietStart.value).toBe("25:00");
    expect(fields.quietWeekends.value).toBe("false");
    expect(fields.mutedKinds.value).toBe("approvalStage");
    expect(card.actions.map((a: any) => a.verb)).toEqual(["prefs.save", "prefs.resume"]);
  });
});

describe("describePreferenceChange", () => {
  it("confirms a snooze in the person's own zone, and says when it was capped", () => {
    const until = new Date("2026-03-16T17:00:00Z");
    const after = { ...D, snoozeUntil: until };
    expect(describePreferenceChange({ kind: "snooze", until }, D, after, reader, { capped: true })).toBe(
      'I can snooze reminders for at most 14 days. Snoozed: no reminders until Mon 16 Mar, 10:00 PDT. Say "resume reminders" to hear them sooner.',
    );
  });

  it("says when nothing changed", () => {
    const muted = { ...D, mutedKinds: ["reviewInstance" as const] };
    expect(describePreferenceChange({ kind: "mute", kinds: ["reviewInstance"] }, muted, muted, reader)).toBe("Reminders about access reviews were already muted.");
    expect(describePreferenceChange({ kind: "resume" }, D, D, reader)).toMatch(/weren't snoozed/);
  });
});
