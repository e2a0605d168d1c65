import { DateTime } from "luxon";
import type { Token } from "../text/tokenize.js";
import { readClock, type ClockTime } from "./read-clock.js";
import { readDay, type DayReading } from "./read-day.js";

/** An end instant read from words, and the index of the first token after the phrase. */
export interface EndReading {
  readonly end: Date;
  readonly next: number;
}

/** The person's "now" and time zone, which words like "Friday" and "5pm" are relative to. */
export interface EndContext {
  readonly now: Date;
  /** IANA zone of the person; "Friday 5pm" is their Friday at their 17:00. */
  readonly timeZone: string;
}

/**
 * The end of the working day, used when a person names a day without a time ("until Friday",
 * "until tomorrow"): access is for work, and 17:00 is when a day's work usually ends.
 */
export const END_OF_WORKING_DAY: ClockTime = { hour: 17, minute: 0 };
/** When today's working day is (nearly) over, "the rest of the day" runs to 23:59 instead. */
export const LATE_END_OF_DAY: ClockTime = { hour: 23, minute: 59 };
// Below this, "the rest of the day" until 17:00 would be too short to be worth granting.
const MIN_REST_OF_DAY_MS = 15 * 60_000;

/**
 * Reads an end point after "until": "Friday 5pm", "5pm Friday", "Friday at 5", "tomorrow", "tomorrow
 * morning", "noon", "midnight", "tonight", "end of day", "EOD", "end of the week", "end of the month",
 * "March 7", "7th of March 2026", "2026-03-07", "next Monday". Times are wall-clock times in the person's
 * zone, resolved with luxon so an end across a DST change is still the 17:00 they meant.
 *
 * Rules: a day without a time ends at 17:00 (or 23:59 when that is today and 17:00 is under 15 minutes
 * away); a time alone is its next occurrence; a weekday is its next occurrence at that time (today when
 * still ahead), "next Friday" is never today; a date without a year that has passed means next year.
 */
export function readEndPhrase(tokens: readonly Token[], i: number, context: EndContext): EndReading | undefined {
  const now = DateTime.fromJSDate(context.now, { zone: context.timeZone });
  if (!now.isValid) return undefined;

  // A day first, so "7 March" is a date and not 19:00 followed by a stray word.
  const day = readDay(tokens, i, now);
  if (day !== undefined) {
    const joiner = ["at", "by", "around", "about"].includes(tokens[day.next]?.norm ?? "") ? day.next + 1 : day.next;
    const clock = day.time === undefined ? readClock(tokens, joiner, { allowBareHour: true }) : undefined;
    if (clock !== undefined) return reading(resolveDay(day, clock.time, now), clock.next);
    return reading(resolveDay(day, day.time, now), day.next);
  }

  // After "until" a bare number is a time: "until 3" is 15:00.
  const clock = readClock(tokens, i, { allowBareHour: true });
  if (clock === undefined) return undefined;
  const joiner = ["on", "this"].includes(tokens[clock.next]?.norm ?? "") ? clock.next + 1 : clock.next;
  const dayAfter = readDay(tokens, joiner, now);
  if (dayAfter !== undefined) return reading(resolveDay(dayAfter, clock.time, now), dayAfter.next);
  const today = now.startOf("day");
  let end = atTime(today, clock.time);
  if (end <= now) end = atTime(today.plus({ days: 1 }), clock.time);
  return reading(end, clock.next);
}

function resolveDay(day: DayReading, time: ClockTime | undefined, now: DateTime): DateTime {
  if (day.kind === "weekday") {
    const delta = (day.weekday - now.weekday + 7) % 7;
    const first = day.skipToday && delta === 0 ? 7 : delta;
    const candidate = atTimeOrDefault(now.startOf("day").plus({ days: first }), time, now);
    return candidate > now || day.skipToday ? candidate : atTimeOrDefault(now.startOf("day").plus({ days: first + 7 }), time, now);
  }
  const candidate = atTimeOrDefault(day.date, time, now);
  if (day.kind === "dateWithoutYear" && candidate <= now) return atTimeOrDefault(day.date.plus({ years: 1 }), time, now);
  return candidate;
}

function atTimeOrDefault(day: DateTime, time: ClockTime | undefined, now: DateTime): DateTime {
  if (time !== undefined) return atTime(day, time);
  const endOfWork = atTime(day, END_OF_WORKING_DAY);
  const isToday = day.hasSame(now, "day");
  return isToday && endOfWork.toMillis() - now.toMillis() < MIN_REST_OF_DAY_MS ? atTime(day, LATE_END_OF_DAY) : endOfWork;
}

/** The wall-clock time on a day in the day's zone; hour 24 is the midnight that ends the day. */
export function atTime(day: DateTime, time: ClockTime): DateTime {
  const start = day.startOf("day");
  if (time.hour === 24) return start.plus({ days: 1 }).startOf("day");
  // luxon moves a time that falls in a spring-forward gap to the first valid instant after it.
  return start.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
}

function reading(end: DateTime, next: number): EndReading {
  return { end: end.toJSDate(), next };
}
