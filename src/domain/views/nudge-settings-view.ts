import { withoutEndedSnoozes } from "../nudges/change-nudge-preferences.js";
import { NUDGE_KIND_NAMES } from "../nudges/nudge-kind-names.js";
import type { NudgePreferences } from "../nudges/nudge-preferences.js";
import { formatInstant } from "../time/format-instant.js";
import { weekendNames, zoneName, type PreferenceReader } from "./describe-preference-change.js";

/** The card's inputs as the person typed them, kept when a save is refused so nothing is lost. */
export interface TypedNudgeSettings {
  readonly quietStart: string;
  readonly quietEnd: string;
  readonly quietWeekends: boolean;
  /** Values of the muted-kinds choice set. */
  readonly mutedKinds: readonly string[];
}

/** What else the settings card shows besides the stored settings. */
export interface NudgeSettingsViewOptions extends PreferenceReader {
  /** A sentence about what just changed ("Saved.", "Snoozed: …"). */
  readonly notice?: string;
  /** Why the last save was refused; the typed values are shown again with it. */
  readonly errors?: readonly string[];
  readonly typed?: TypedNudgeSettings;
}

/**
 * Template data for `adaptiveCards/nudge-settings.json`: quiet hours, quiet weekends, muted kinds and
 * the snooze, in the person's own zone; after a refused save, the errors and what they typed.
 */
export function nudgeSettingsView(preferences: NudgePreferences, options: NudgeSettingsViewOptions): Record<string, unknown> {
  const live = withoutEndedSnoozes(preferences, options.now);
  const putOff = Object.values(live.subjectSnoozes);
  const at = (date: Date) => formatInstant(date, options.timeZone, "en-GB", { now: options.now });
  const lastPutOff = putOff.reduce<Date | null>((latest, d) => (latest === null || d > latest ? d : latest), null);
  const typed = options.typed;
  const errors = [...(options.errors ?? [])];
  return {
    notice: errors.length === 0 ? (options.notice ?? "") : "",
    errors,
    zoneNote: `Times are in your own time zone: ${zoneName(options)}.`,
    snoozeText: live.snoozeUntil === null ? "Not snoozed: reminders arrive as planned." : `Snoozed: no reminders until ${at(live.snoozeUntil)}.`,
    putOffText:
      lastPutOff === null ? "" : `You put off ${putOff.length === 1 ? "one item" : `${putOff.length} items`} until ${at(lastPutOff)} at the latest.`,
    isSnoozed: live.snoozeUntil !== null,
    canResume: live.snoozeUntil !== null || putOff.length > 0,
    quietStart: typed?.quietStart ?? live.quietHours?.start ?? "",
    quietEnd: typed?.quietEnd ?? live.quietHours?.end ?? "",
    quietWeekends: String(typed?.quietWeekends ?? live.quietWeekends),
    weekendLabel: `No reminders on ${weekendNames(live)}`,
    mutedKinds: (typed?.mutedKinds ?? live.mutedKinds).join(","),
    kindChoices: NUDGE_KIND_NAMES.map((n) => ({ title: n.title, value: n.kind })),
  };
}
