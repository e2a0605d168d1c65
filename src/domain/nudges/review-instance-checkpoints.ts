import { arrangeCadence, type NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { ReviewInstanceSubject } from "./nudge-subject.js";
import { addLocalDays, instantAtLocal, minutesOfClockTime, readLocal, zoneNamed } from "./zone-clock.js";

const HOUR = 3_600_000;

/**
 * An access review's cadence for one reviewer, tightening toward its end: at the start, halfway, two days
 * before, a day before, and on the last morning (the reviewer's `morning`, in their own zone, before
 * the end).
 */
export function listReviewInstanceCheckpoints(subject: ReviewInstanceSubject, timeZone: string, morning: string): NudgeCheckpoint[] {
  const start = subject.startAt.getTime();
  const end = subject.endAt.getTime();
  return arrangeCadence({
    start: subject.startAt,
    deadline: subject.endAt,
    fromStart: [
      { window: "started", at: subject.startAt, urgency: "routine" },
      { window: "halfway", at: new Date(start + (end - start) / 2), urgency: "routine" },
    ],
    beforeDeadline: [
      { window: "twoDaysBefore", at: new Date(end - 48 * HOUR), urgency: "soon" },
      { window: "dayBefore", at: new Date(end - 24 * HOUR), urgency: "soon" },
      { window: "lastMorning", at: lastMorningBefore(subject.endAt, timeZone, morning), urgency: "urgent" },
    ],
  });
}

/** The last local `morning` strictly before `end`: the end's own day, or the day before when it ends early. */
function lastMorningBefore(end: Date, timeZone: string, morning: string): Date {
  const zone = zoneNamed(timeZone);
  const minute = minutesOfClockTime(morning);
  const endDate = readLocal(zone, end.getTime());
  const sameDay = instantAtLocal(zone, endDate, minute);
  return new Date(sameDay < end.getTime() ? sameDay : instantAtLocal(zone, addLocalDays(endDate, -1), minute));
}
