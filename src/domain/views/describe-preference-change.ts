import { DateTime } from "luxon";
import type { NudgePreferenceChange } from "../nudges/change-nudge-preferences.js";
import { MAX_SNOOZE_DAYS } from "../nudges/cap-snooze.js";
import { joinWithAnd, nudgeKindName } from "../nudges/nudge-kind-names.js";
import type { NudgePreferences } from "../nudges/nudge-preferences.js";
import { formatInstant } from "../time/format-instant.js";

/** Where the person is, for sentences about their own times. */
export interface PreferenceReader {
  readonly timeZone: string;
  /** True when the zone is UTC for want of a known one: sentences say so. */
  readonly isTimeZoneFallback?: boolean;
  readonly now: Date;
}

/** Whether the snooze the person asked for was cut to the longest allowed. */
export interface ChangeFacts {
  readonly capped?: boolean;
}

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/**
 * The plain sentence that confirms a change, in the person's own zone: "Snoozed: no reminders until
 * Tue 3 Mar, 09:00 PST." Says so when nothing changed (muting what was muted already).
 */
export function describePreferenceChange(
  change: NudgePreferenceChange,
  before: NudgePreferences,
  after: NudgePreferences,
  reader: PreferenceReader,
  facts: ChangeFacts = {},
): string {
  const at = (date: Date) => formatInstant(date, reader.timeZone, "en-GB", { now: reader.now });
  switch (change.kind) {
    case "snooze": {
      const cap = facts.capped ? `I can snooze reminders for at most ${MAX_SNOOZE_DAYS} days. ` : "";
      return `${cap}Snoozed: no reminders until ${at(change.until)}${fallbackNote(reader)}. Say "resume reminders" to hear them sooner.`;
    }
    case "resume": {
      const put = Object.keys(before.subjectSnoozes).length;
      if (before.snoozeUntil === null && put === 0) return "Reminders weren't snoozed, so nothing changed: they arrive as usual.";
      return `Reminders are back on: you'll hear about anything waiting at the next check${put > 0 ? `, including the ${put === 1 ? "item" : `${put} items`} you put off` : ""}.`;
    }
    case "snoozeSubject":
      return `OK: no more reminders about this until ${at(change.until)}${fallbackNote(reader)}.`;
    case "quietHours": {
      if (change.quietHours === null) {
        const weekends = after.quietWeekends ? ` (still none on ${weekendNames(after)}; say "weekends on" to change that)` : "";
        return `Quiet hours are off: reminders may come at any time of day${weekends}.`;
      }
      return `Quiet hours set: no reminders from ${change.quietHours.start} to ${change.quietHours.end}, ${zoneName(reader)}.`;
    }
    case "quietWeekends":
      return change.quiet
        ? `No reminders on ${weekendNames(after)} from now on. Say "weekends on" to change that.`
        : `Reminders may now come on ${weekendNames(after)} too, outside your quiet hours. Say "no weekends" to stop them.`;
    case "mute": {
      const fresh = change.kinds.filter((k) => !before.mutedKinds.includes(k));
      const phrases = joinWithAnd(change.kinds.map((k) => nudgeKindName(k).phrase));
      if (fresh.length === 0) return `Reminders about ${phrases} were already muted.`;
      const words = joinWithAnd(change.kinds.map((k) => nudgeKindName(k).word));
      return `Muted: no more reminders about ${phrases}. Say "unmute ${words}" to hear about them again.`;
    }
    case "unmute": {
      const was = change.kinds.filter((k) => before.mutedKinds.includes(k));
      if (was.length === 0) return `Reminders about ${joinWithAnd(change.kinds.map((k) => nudgeKindName(k).phrase))} weren't muted, so nothing changed.`;
      return `Unmuted: you'll be reminded about ${joinWithAnd(was.map((k) => nudgeKindName(k).phrase))} again.`;
    }
    case "save": {
      const quiet = after.quietHours === null ? "no quiet hours" : `quiet hours from ${after.quietHours.start} to ${after.quietHours.end}, ${zoneName(reader)}`;
      const weekends = after.quietWeekends ? `no reminders on ${weekendNames(after)}` : "reminders on weekends too";
      const muted = after.mutedKinds.length === 0 ? "nothing muted" : `no reminders about ${joinWithAnd(after.mutedKinds.map((k) => nudgeKindName(k).phrase))}`;
      return `Saved: ${quiet}; ${weekends}; ${muted}.`;
    }
  }
}

/** The person's zone as a reader knows it: "Pacific Standard Time (America/Los_Angeles)". */
export function zoneName(reader: PreferenceReader): string {
  const local = DateTime.fromJSDate(reader.now, { zone: reader.timeZone });
  if (!local.isValid || reader.isTimeZoneFallback) return "UTC (I don't know your time zone; set it in Outlook and I'll use it)";
  return `${local.setLocale("en-US").toFormat("ZZZZZ")} (${reader.timeZone})`;
}

/** "Saturday and Sunday". */
export function weekendNames(preferences: Pick<NudgePreferences, "weekendDays">): string {
  const days = [...preferences.weekendDays].sort((a, b) => a - b).map((d) => WEEKDAY_NAMES[d - 1] ?? "");
  return days.length === 0 ? "weekends" : joinWithAnd(days);
}

function fallbackNote(reader: PreferenceReader): string {
  return reader.isTimeZoneFallback ? " (UTC: I don't know your time zone; set it in Outlook and I'll use it)" : "";
}
