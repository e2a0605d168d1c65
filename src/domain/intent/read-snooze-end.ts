import { MAX_SNOOZE_DAYS } from "../nudges/cap-snooze.js";
import { DateTime } from "luxon";
import type { Token } from "../text/tokenize.js";
import { readClock, type ClockTime } from "../time/read-clock.js";
import { readDay, type DayReading } from "../time/read-day.js";
import { readDurationPhrase } from "../time/read-duration-phrase.js";
import { atTime, END_OF_WORKING_DAY, type EndContext } from "../time/read-end-phrase.js";

/** When a snooze ends, read from words, and the index of the first token after them. */
export interface SnoozeEndReading {
  readonly until: Date;
  readonly next: number;
}

/**
 * When a snoozed day ends: reminders are about work, so "until Monday" means Monday when work starts,
 * not Monday at 17:00 as an access request's "until Monday" does (`readEndPhrase`).
 */
export const SNOOZE_MORNING: ClockTime = { hour: 9, minute: 0 };

const UNTIL = new Set(["until", "till", "til", "untill", "through", "thru"]);
// Words between "for" and the span that do not change it: "for the next 2 hours".
const FOR_FILLERS = new Set(["the", "next", "another", "about", "around", "just"]);
// "for today", "for the rest of the day", "for tonight": nothing more today, so until tomorrow morning.
const REST_OF_DAY = new Set(["day", "today", "tonight", "evening", "afternoon", "night"]);
const REST_OF_WEEK = new Set(["week", "weekend"]);

/**
 * Reads how long a snooze lasts, from `tokens[i]`: "for 2 hours", "2h", "for a day", "in 2 hours",
 * "until Monday", "till tomorrow 9am", "until 3pm", "on Friday", "tomorrow", "for the rest of the day",
 * "for the week", "until next week". Days without a time end at {@link SNOOZE_MORNING} in the person's
 * zone (today's end of the working day when the day is today). Undefined when no snooze length starts there.
 */
export function readSnoozeEnd(tokens: readonly Token[], i: number, context: EndContext): SnoozeEndReading | undefined {
  const now = DateTime.fromJSDate(context.now, { zone: context.timeZone });
  if (!now.isValid) return undefined;
  const word = norm(tokens, i);
  if (word === "for") {
    let at = i + 1;
    while (FOR_FILLERS.has(norm(tokens, at))) at++;
    return readSpan(tokens, at, now) ?? readRestOf(tokens, i + 1, now);
  }
  if (word === "in") return readSpan(tokens, i + 1, now);
  if (UNTIL.has(word) || word === "on") return readUntil(tokens, i + 1, now);
  return readSpan(tokens, i, now) ?? readUntil(tokens, i, now);
}

function readSpan(tokens: readonly Token[], i: number, now: DateTime): SnoozeEndReading | undefined {
  const span = readDurationPhrase(tokens, i);
  return span === undefined ? undefined : { until: new Date(now.toMillis() + span.ms), next: span.next };
}

/** "the rest of the day", "today", "the week", "the rest of the week". */
function readRestOf(tokens: readonly Token[], i: number, now: DateTime): SnoozeEndReading | undefined {
  let at = i;
  if (norm(tokens, at) === "the") at++;
  if (norm(tokens, at) === "rest" && norm(tokens, at + 1) === "of") at += 2;
  if (norm(tokens, at) === "the" || norm(tokens, at) === "this") at++;
  const what = norm(tokens, at);
  if (REST_OF_DAY.has(what)) return { until: atTime(now.plus({ days: 1 }), SNOOZE_MORNING).toJSDate(), next: at + 1 };
  if (REST_OF_WEEK.has(what)) return { until: nextMonday(now), next: at + 1 };
  return undefined;
}

/** An end point: a day, a time, or both ("tomorrow 9am", "9am tomorrow", "Monday", "3pm", "next week"). */
function readUntil(tokens: readonly Token[], i: number, now: DateTime): SnoozeEndReading | undefined {
  let at = i;
  if (norm(tokens, at) === "next" && REST_OF_WEEK.has(norm(tokens, at + 1))) return { until: nextMonday(now), next: at + 2 };
  if (norm(tokens, at) === "the" && REST_OF_WEEK.has(norm(tokens, at + 1))) return { until: nextMonday(now), next: at + 2 };
  const day = readDay(tokens, at, now);
  if (day !== undefined) {
    at = ["at", "by", "around"].includes(norm(tokens, day.next)) ? day.next + 1 : day.next;
    const clock = day.time === undefined ? readClock(tokens, at, { allowBareHour: true }) : undefined;
    return clock !== undefined ? { until: resolveDay(day, clock.time, now), next: clock.next } : { until: resolveDay(day, day.time, now), next: day.next };
  }
  const clock = readClock(tokens, at, { allowBareHour: true });
  if (clock === undefined) return undefined;
  at = ["on", "this"].includes(norm(tokens, clock.next)) ? clock.next + 1 : clock.next;
  const dayAfter = readDay(tokens, at, now);
  if (dayAfter !== undefined) return { until: resolveDay(dayAfter, clock.time, now), next: dayAfter.next };
  const today = atTime(now, clock.time);
  return { until: (today > now ? today : atTime(now.plus({ days: 1 }), clock.time)).toJSDate(), next: clock.next };
}

function resolveDay(day: DayReading, time: ClockTime | undefined, now: DateTime): Date {
  if (day.kind === "weekday") {
    // "Until Monday" said on a Monday means next Monday; "until Monday 3pm" that morning means today.
    const delta = (day.weekday - now.weekday + 7) % 7;
    const ahead = delta === 0 && (day.skipToday || time === undefined) ? 7 : delta;
    const first = atDay(now.startOf("day").plus({ days: ahead }), time, now);
    return (first > now ? first : atDay(now.startOf("day").plus({ days: ahead + 7 }), time, now)).toJSDate();
  }
  const candidate = atDay(day.date, time, now);
  if (day.kind === "dateWithoutYear" && candidate <= now) {
    // "Until 2 January" said on 28 December is next year's; "until 4 March" said on 5 March is a day
    // gone (a slip), not a year away: left in the past, so the person is told instead of snoozed 14 days.
    const nextYear = atDay(day.date.plus({ years: 1 }), time, now);
    return (nextYear.diff(now, "days").days <= MAX_SNOOZE_DAYS ? nextYear : candidate).toJSDate();
  }
  if (time === undefined && day.date.hasSame(now, "day") && candidate <= now) {
    // "until end of day" after the working day: nothing more today, so tomorrow morning.
    return atTime(now.plus({ days: 1 }), SNOOZE_MORNING).toJSDate();
  }
  return candidate.toJSDate();
}

/** A day at `time`, or when no time was said, at the morning (today: at the end of the working day). */
function atDay(day: DateTime, time: ClockTime | undefined, now: DateTime): DateTime {
  if (time !== undefined) return atTime(day, time);
  return atTime(day, day.hasSame(now, "day") ? END_OF_WORKING_DAY : SNOOZE_MORNING);
}

function nextMonday(now: DateTime): Date {
  return atTime(now.startOf("day").plus({ days: 8 - now.weekday }), SNOOZE_MORNING).toJSDate();
}

function norm(tokens: readonly Token[], i: number): string {
  return tokens[i]?.norm ?? "";
}
