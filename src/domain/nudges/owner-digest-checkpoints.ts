import { DateTime } from "luxon";
import { arrangeCadence, type NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { OwnerDigestSubject } from "./nudge-subject.js";
import type { NudgeWindow } from "./planned-nudge.js";
import { addLocalDays, instantAtLocal, minutesOfClockTime, readLocal, startOfLocalDay, zoneNamed, type LocalDate } from "./zone-clock.js";

/**
 * The owner's digest for the period holding `now` (a day, or an ISO week from Monday) in their own zone:
 * due at `morning` on its first day, pointless once the period is over. Earlier periods are never
 * caught up: their digest would be stale.
 */
export function listOwnerDigestCheckpoints(
  subject: OwnerDigestSubject,
  timeZone: string,
  morning: string,
  now: Date,
): NudgeCheckpoint[] {
  const zone = zoneNamed(timeZone);
  const today = readLocal(zone, now.getTime());
  const first = subject.period === "daily" ? today : addLocalDays(today, 1 - today.weekday);
  const next = addLocalDays(first, subject.period === "daily" ? 1 : 7);
  const start = new Date(startOfLocalDay(zone, first));
  const dueAt = new Date(instantAtLocal(zone, first, minutesOfClockTime(morning)));
  return arrangeCadence({
    start,
    deadline: new Date(startOfLocalDay(zone, next)),
    events: [{ window: periodWindow(subject, first), at: dueAt, urgency: "routine" }],
  }).map((checkpoint) => ({ ...checkpoint, earliest: start }));
}

function periodWindow(subject: OwnerDigestSubject, first: LocalDate): NudgeWindow {
  const date = DateTime.fromObject({ year: first.year, month: first.month, day: first.day }, { zone: "UTC" });
  return subject.period === "daily" ? `daily-${date.toISODate()}` : `weekly-${date.toFormat("kkkk-'W'WW")}`;
}
