import type { ClockTime, QuietHours } from "./nudge-preferences.js";

/** Quiet hours as read from what a person typed, or a sentence saying what is wrong with it. */
export type QuietHoursReading = { readonly quietHours: QuietHours | null } | { readonly problem: string };

/** The format the bot asks for, in every sentence about a wrong time. */
export const QUIET_HOURS_FORMAT = 'two times of day on a 24-hour clock, like "quiet hours 21:00-07:00" (or 9pm-7am); "quiet hours off" turns them off';

// "21:00", "7", "0700", "21.30", "9pm", "9:30 pm", "9 a.m.": the forms people type for a time of day.
const TIME = /^(\d{1,2})(?:[:.h]?(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.?|p\.m\.?)?$/i;
// Two times with a dash, "to", "until" or "and" between them.
const RANGE = /^(?:from\s+|between\s+)?(.+?)\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b|\band\b)\s*(.+?)$/i;

/**
 * A time of day as "HH:mm" from what a person typed: a 24-hour time ("21:00", "7", "0730") or a
 * 12-hour one with am/pm ("9pm", "9:30 am"). Undefined when it is not a time of day ("25:00", "9:75").
 */
export function readClockTime(typed: string): ClockTime | undefined {
  const match = TIME.exec(typed.trim());
  if (match === null) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.toLowerCase().startsWith("p") ? "pm" : match[3] ? "am" : undefined;
  if (minute > 59) return undefined;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  } else if (hour > 23) return undefined;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** Quiet hours from a range typed in chat: "21:00-07:00", "9pm to 7am", "from 22 until 6". */
export function readQuietHoursRange(typed: string): QuietHoursReading {
  const match = RANGE.exec(typed.trim());
  if (match === null) return { problem: `I couldn't read "${typed.trim()}" as quiet hours. Give ${QUIET_HOURS_FORMAT}.` };
  return readQuietHoursInputs(match[1]!, match[2]!);
}

/**
 * Quiet hours from a start and an end typed separately (the settings card): both empty turns them off,
 * both must be times of day, and they must differ.
 */
export function readQuietHoursInputs(startTyped: string, endTyped: string): QuietHoursReading {
  const [startText, endText] = [startTyped.trim(), endTyped.trim()];
  if (startText === "" && endText === "") return { quietHours: null };
  if (startText === "" || endText === "") {
    return { problem: "Quiet hours need both a start and an end; leave both empty for no quiet hours." };
  }
  const start = readClockTime(startText);
  const end = readClockTime(endText);
  const wrong = start === undefined ? startText : end === undefined ? endText : undefined;
  if (wrong !== undefined) return { problem: `"${wrong}" is not a time of day. Give ${QUIET_HOURS_FORMAT}.` };
  // Equal ends would read as no quiet time at all (quiet-rule.ts): say so rather than store a surprise.
  if (start === end) return { problem: `Quiet hours from ${start} to ${end} would be no quiet hours at all: give a start and an end that differ, or say "quiet hours off".` };
  return { quietHours: { start: start!, end: end! } };
}
