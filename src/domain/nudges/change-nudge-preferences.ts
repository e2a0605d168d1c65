import type { NudgePreferences, QuietHours } from "./nudge-preferences.js";
import { NUDGE_KINDS, type NudgeKind } from "./nudge-subject.js";

/** One change a person makes to how they are reminded, from chat or from the settings card. */
export type NudgePreferenceChange =
  | { readonly kind: "snooze"; readonly until: Date }
  | { readonly kind: "resume" }
  | { readonly kind: "snoozeSubject"; readonly subjectId: string; readonly until: Date }
  | { readonly kind: "quietHours"; readonly quietHours: QuietHours | null }
  | { readonly kind: "quietWeekends"; readonly quiet: boolean }
  | { readonly kind: "mute" | "unmute"; readonly kinds: readonly NudgeKind[] }
  | { readonly kind: "save"; readonly quietHours: QuietHours | null; readonly quietWeekends: boolean; readonly mutedKinds: readonly NudgeKind[] };

/**
 * The preferences after `change`. Snoozes that have ended are dropped on the way, so the stored
 * per-subject snoozes do not pile up. "Resume" ends every snooze, per-subject ones included: the person
 * asked to hear again about everything.
 */
export function changeNudgePreferences(current: NudgePreferences, change: NudgePreferenceChange, now: Date): NudgePreferences {
  const live = withoutEndedSnoozes(current, now);
  switch (change.kind) {
    case "snooze":
      return { ...live, snoozeUntil: change.until };
    case "resume":
      return { ...live, snoozeUntil: null, subjectSnoozes: {} };
    case "snoozeSubject":
      return { ...live, subjectSnoozes: { ...live.subjectSnoozes, [change.subjectId]: change.until } };
    case "quietHours":
      return { ...live, quietHours: change.quietHours };
    case "quietWeekends":
      return { ...live, quietWeekends: change.quiet };
    case "mute":
      return { ...live, mutedKinds: inKindOrder([...live.mutedKinds, ...change.kinds]) };
    case "unmute":
      return { ...live, mutedKinds: live.mutedKinds.filter((k) => !change.kinds.includes(k)) };
    case "save":
      return { ...live, quietHours: change.quietHours, quietWeekends: change.quietWeekends, mutedKinds: inKindOrder(change.mutedKinds) };
  }
}

/** The preferences with snoozes that ended by `now` removed. */
export function withoutEndedSnoozes(preferences: NudgePreferences, now: Date): NudgePreferences {
  const snoozeUntil = preferences.snoozeUntil !== null && preferences.snoozeUntil > now ? preferences.snoozeUntil : null;
  const subjectSnoozes = Object.fromEntries(Object.entries(preferences.subjectSnoozes).filter(([, until]) => until > now));
  return { ...preferences, snoozeUntil, subjectSnoozes };
}

function inKindOrder(kinds: readonly NudgeKind[]): NudgeKind[] {
  return NUDGE_KINDS.filter((k) => kinds.includes(k));
}
