import type { NudgeKind } from "./nudge-subject.js";

/** A wall-clock time of day, "HH:mm" on a 24-hour clock ("20:00"). */
export type ClockTime = string;

/** A nightly stretch without nudges, in the recipient's own time zone; it may wrap past midnight. */
export interface QuietHours {
  readonly start: ClockTime;
  readonly end: ClockTime;
}

/** How a person wants to be nudged. Stored per person as JSON; read with `parseNudgePreferences`. */
export interface NudgePreferences {
  /** Null turns quiet hours off; equal start and end do too. */
  readonly quietHours: QuietHours | null;
  /** Whether whole weekend days are quiet as well. */
  readonly quietWeekends: boolean;
  /** Which days are the weekend, as ISO weekdays (1 = Monday … 7 = Sunday). */
  readonly weekendDays: readonly number[];
  /** Nothing at all until then ("snooze for a day"). */
  readonly snoozeUntil: Date | null;
  /** Nothing about one subject (by `nudgeSubjectId`) until then ("remind me tomorrow" on one card). */
  readonly subjectSnoozes: Readonly<Record<string, Date>>;
  /** Kinds the person asked never to be nudged about. */
  readonly mutedKinds: readonly NudgeKind[];
}

/** What nobody set otherwise gets: quiet 20:00 to 08:00 and on Saturdays and Sundays, nothing muted. */
export const DEFAULT_NUDGE_PREFERENCES: NudgePreferences = {
  quietHours: { start: "20:00", end: "08:00" },
  quietWeekends: true,
  weekendDays: [6, 7],
  snoozeUntil: null,
  subjectSnoozes: {},
  mutedKinds: [],
};
