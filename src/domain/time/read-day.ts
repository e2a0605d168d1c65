import { DateTime } from "luxon";
import type { Token } from "../text/tokenize.js";
import type { ClockTime } from "./read-clock.js";

/** A day named in words, relative to the person's now, and the index of the first token after it. */
export type DayReading =
  | {
      readonly kind: "weekday";
      /** ISO weekday, Monday = 1. */
      readonly weekday: number;
      /** True for "next Friday": never today, even when today is Friday. */
      readonly skipToday: boolean;
      readonly time?: ClockTime;
      readonly next: number;
    }
  | {
      /** `dateWithoutYear` moves to next year when the date has passed. */
      readonly kind: "date" | "dateWithoutYear";
      /** Start of the day in the person's zone. */
      readonly date: DateTime;
      readonly time?: ClockTime;
      readonly next: number;
    };

const WEEKDAYS: Readonly<Record<string, number>> = {
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4,
  thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};
const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
};
const TOMORROW = new Set(["tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow", "2moro"]);
const END_OF_WORK_DAY = new Set(["day", "today", "business", "work", "workday", "play"]);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2}))?$/;
const ORDINAL = /^(\d{1,2})(st|nd|rd|th)?$/;
const FRIDAY = 5;

/**
 * Reads a day at `tokens[i]`: "today", "tonight", "tomorrow", "the day after tomorrow", "Friday",
 * "next Friday", "end of day"/"EOD"/"COB", "end of the week"/"EOW", "end of the month", "March 7",
 * "7th of March 2026", "the 7th", "2026-03-07". The caller decides the time of day.
 */
export function readDay(tokens: readonly Token[], i: number, now: DateTime): DayReading | undefined {
  let at = i;
  if (word(tokens, at) === "the") at++;
  const today = now.startOf("day");
  const w = word(tokens, at);

  if (w === "today") return { kind: "date", date: today, next: at + 1 };
  if (w === "tonight") return { kind: "date", date: today, time: { hour: 23, minute: 59 }, next: at + 1 };
  if (TOMORROW.has(w)) return { kind: "date", date: today.plus({ days: 1 }), next: at + 1 };
  if (w === "day" && word(tokens, at + 1) === "after" && TOMORROW.has(word(tokens, at + 2))) {
    return { kind: "date", date: today.plus({ days: 2 }), next: at + 3 };
  }
  if (w === "eod" || w === "cob" || w === "eob") return { kind: "date", date: today, next: at + 1 };
  if (w === "eow") return { kind: "weekday", weekday: FRIDAY, skipToday: false, next: at + 1 };
  if (w === "eom") return { kind: "date", date: today.endOf("month").startOf("day"), next: at + 1 };
  if (w === "close" && word(tokens, at + 1) === "of" && END_OF_WORK_DAY.has(word(tokens, at + 2))) {
    return { kind: "date", date: today, next: at + 3 };
  }
  if (w === "end") return readEndOf(tokens, at + 1, today);

  const weekday = readWeekday(tokens, at);
  if (weekday !== undefined) {
    // "Friday, March 7": the date is the more precise of the two.
    const after = word(tokens, weekday.next) === "the" ? weekday.next + 1 : weekday.next;
    return readDate(tokens, after, now) ?? weekday;
  }
  return readDate(tokens, at, now);
}

function readEndOf(tokens: readonly Token[], i: number, today: DateTime): DayReading | undefined {
  let at = i;
  if (word(tokens, at) === "of") at++;
  if (word(tokens, at) === "the" || word(tokens, at) === "this") at++;
  const w = word(tokens, at);
  // "end of day", "end of the business day", "end of the working day"
  if (END_OF_WORK_DAY.has(w)) return { kind: "date", date: today, next: word(tokens, at + 1) === "day" ? at + 2 : at + 1 };
  if (w === "working" && word(tokens, at + 1) === "day") return { kind: "date", date: today, next: at + 2 };
  if (TOMORROW.has(w)) return { kind: "date", date: today.plus({ days: 1 }), next: at + 1 };
  if (w === "week" || w === "workweek") return { kind: "weekday", weekday: FRIDAY, skipToday: false, next: at + 1 };
  if (w === "month") return { kind: "date", date: today.endOf("month").startOf("day"), next: at + 1 };
  return undefined;
}

function readWeekday(tokens: readonly Token[], i: number): DayReading | undefined {
  let at = i;
  let skipToday = false;
  if (word(tokens, at) === "this") at++;
  if (word(tokens, at) === "coming") at++;
  else if (word(tokens, at) === "next") {
    skipToday = true;
    at++;
  }
  const weekday = WEEKDAYS[word(tokens, at)];
  return weekday === undefined ? undefined : { kind: "weekday", weekday, skipToday, next: at + 1 };
}

function readDate(tokens: readonly Token[], i: number, now: DateTime): DayReading | undefined {
  const iso = ISO_DATE.exec(word(tokens, i));
  if (iso) {
    const date = DateTime.fromObject({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, { zone: now.zone });
    if (!date.isValid) return undefined;
    const time = iso[4] === undefined ? undefined : { hour: Number(iso[4]), minute: Number(iso[5]) };
    return time === undefined ? { kind: "date", date, next: i + 1 } : { kind: "date", date, time, next: i + 1 };
  }
  // "March 7", "March 7th 2026"
  const month = MONTHS[word(tokens, i)];
  if (month !== undefined) {
    const day = ORDINAL.exec(word(tokens, i + 1));
    if (day) return dated(tokens, i + 2, now, month, Number(day[1]));
  }
  // "7 March", "7th of March", "the 7th"
  const day = ORDINAL.exec(word(tokens, i));
  if (!day) return undefined;
  const ofAt = word(tokens, i + 1) === "of" ? i + 2 : i + 1;
  const namedMonth = MONTHS[word(tokens, ofAt)];
  if (namedMonth !== undefined) return dated(tokens, ofAt + 1, now, namedMonth, Number(day[1]));
  // A bare ordinal needs its suffix ("the 7th"), else any number would read as a day of the month.
  if (day[2] === undefined || word(tokens, i - 1) !== "the") return undefined;
  let date = DateTime.fromObject({ year: now.year, month: now.month, day: Number(day[1]) }, { zone: now.zone });
  if (date.isValid && date < now.startOf("day")) date = date.plus({ months: 1 });
  return date.isValid && date.day === Number(day[1]) ? { kind: "date", date, next: i + 1 } : undefined;
}

function dated(tokens: readonly Token[], yearAt: number, now: DateTime, month: number, day: number): DayReading | undefined {
  const yearWord = word(tokens, yearAt);
  const year = /^\d{4}$/.test(yearWord) ? Number(yearWord) : undefined;
  const date = DateTime.fromObject({ year: year ?? now.year, month, day }, { zone: now.zone });
  if (!date.isValid) return undefined;
  return year === undefined ? { kind: "dateWithoutYear", date, next: yearAt } : { kind: "date", date, next: yearAt + 1 };
}

function word(tokens: readonly Token[], i: number): string {
  return tokens[i]?.norm ?? "";
}
