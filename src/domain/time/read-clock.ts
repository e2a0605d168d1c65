import type { Token } from "../text/tokenize.js";

/** A wall-clock time; hour 24 means the midnight at the end of the day. */
export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

/** A time read from words, and the index of the first token after it. */
export interface ClockReading {
  readonly time: ClockTime;
  readonly next: number;
}

/** Options for {@link readClock}. */
export interface ReadClockOptions {
  /**
   * Whether a bare number ("Friday at 5") counts as an hour. Only where a time is expected: "until 5"
   * alone is more likely the start of "5 days" or a typo than a time.
   */
  readonly allowBareHour: boolean;
}

const NAMED: Readonly<Record<string, ClockTime>> = {
  noon: { hour: 12, minute: 0 },
  midday: { hour: 12, minute: 0 },
  lunch: { hour: 12, minute: 0 },
  lunchtime: { hour: 12, minute: 0 },
  midnight: { hour: 24, minute: 0 },
  morning: { hour: 9, minute: 0 },
  evening: { hour: 18, minute: 0 },
  night: { hour: 23, minute: 59 },
};
const MERIDIEM: Readonly<Record<string, "am" | "pm">> = { am: "am", "a.m": "am", a: "am", pm: "pm", "p.m": "pm", p: "pm" };
const NUMERIC = /^(\d{1,2})(?:([:.])(\d{2}))?(am|pm|a\.m|p\.m|a|p)?$/;

/**
 * Reads a time of day at `tokens[i]`: "5pm", "5 pm", "5:30pm", "17:00", "5 o'clock", "noon",
 * "midnight", "morning", "(in the) evening". A time without am/pm from 1 to 7 is read as afternoon
 * (people ask for access during working hours: "until 5" means 17:00), 8 to 11 as morning.
 */
export function readClock(tokens: readonly Token[], i: number, options: ReadClockOptions): ClockReading | undefined {
  let at = i;
  if (tokens[at]?.norm === "in" && tokens[at + 1]?.norm === "the") at += 2;
  else if (tokens[at]?.norm === "the") at += 1;
  const named = NAMED[tokens[at]?.norm ?? ""];
  if (named !== undefined) return { time: named, next: at + 1 };
  if (at !== i) return undefined;

  const match = NUMERIC.exec(tokens[i]?.norm ?? "");
  if (!match) return undefined;
  let next = i + 1;
  let meridiem = match[4] === undefined ? undefined : MERIDIEM[match[4]];
  if (meridiem === undefined) {
    meridiem = MERIDIEM[tokens[next]?.norm ?? ""];
    // A lone "a" after a number is an article ("5 a day"), not "am".
    if (meridiem !== undefined && tokens[next]?.norm.length === 1) meridiem = undefined;
    if (meridiem !== undefined) next++;
  }
  const oClock = tokens[next]?.norm === "oclock";
  if (oClock) next++;
  const hasColon = match[2] === ":";
  if (meridiem === undefined && !hasColon && !oClock && !options.allowBareHour) return undefined;
  // "1.5" is a number, not half past one, unless am/pm says otherwise.
  if (match[2] === "." && meridiem === undefined && !options.allowBareHour) return undefined;

  const rawHour = Number(match[1]);
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  if (minute > 59) return undefined;
  const hour = toTwentyFourHour(rawHour, meridiem);
  if (hour === undefined || (hour === 24 && minute > 0)) return undefined;
  return { time: { hour, minute }, next };
}

function toTwentyFourHour(hour: number, meridiem: "am" | "pm" | undefined): number | undefined {
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    if (meridiem === "am") return hour === 12 ? 0 : hour;
    return hour === 12 ? 12 : hour + 12;
  }
  if (hour > 24) return undefined;
  return hour >= 1 && hour <= 7 ? hour + 12 : hour;
}
