import { editDistance } from "../text/edit-distance.js";
import type { Token } from "../text/tokenize.js";
import { readNumber } from "./read-number.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const UNIT_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [MINUTE_MS, ["m", "min", "mins", "minute", "minutes", "mn"]],
  [HOUR_MS, ["h", "hr", "hrs", "hour", "hours", "hs"]],
  [DAY_MS, ["d", "day", "days"]],
  [7 * DAY_MS, ["w", "wk", "wks", "week", "weeks"]],
  [14 * DAY_MS, ["fortnight", "fortnights"]],
  // A month has no fixed length; 30 days is how Entra's policies and people round it.
  [30 * DAY_MS, ["mo", "mos", "month", "months"]],
];
const UNIT_BY_WORD = new Map(UNIT_WORDS.flatMap(([ms, words]) => words.map((w) => [w, ms] as const)));
const LONG_UNIT_WORDS = [...UNIT_BY_WORD.keys()].filter((w) => w.length >= 4);

// "2 full days", "3 more hours": words that may sit between the number and the unit without changing it.
const UNIT_ADJECTIVES = new Set(["more", "full", "whole", "extra", "additional"]);

// "2h", "30min", "1.5hrs", "1h30", "1h30m", "2d": compact forms people type in chat.
const COMPACT = /^(\d+(?:\.\d+)?)([a-z]+)(?:(\d+)(m|min|mins)?)?$/;

/** A span read from words, and the index of the first token after it. */
export interface DurationReading {
  readonly ms: number;
  readonly next: number;
}

/**
 * Reads a length of time starting at `tokens[i]`: "2 hours", "2h", "two hours", "an hour and a half",
 * "half an hour", "1 hour 30 minutes", "1h30", "a couple of days", "a week", "a fortnight". Typos in
 * longer unit words are tolerated ("minuts", "horus"). Returns undefined when no span starts there.
 */
export function readDurationPhrase(tokens: readonly Token[], i: number): DurationReading | undefined {
  const first = readPart(tokens, i);
  if (first === undefined) return undefined;
  let { ms, next } = first;
  // "1 hour 30 minutes", "1 hour and 30 minutes", "2h 30m"
  for (;;) {
    const joiner = tokens[next]?.norm === "and" ? next + 1 : next;
    const part = readPart(tokens, joiner);
    if (part === undefined || part.ms >= ms) break;
    ms += part.ms;
    next = part.next;
  }
  return { ms, next };
}

function readPart(tokens: readonly Token[], i: number): DurationReading | undefined {
  const word = tokens[i]?.norm;
  if (word === undefined) return undefined;

  const compact = readCompact(word);
  if (compact !== undefined) return { ms: compact, next: i + 1 };

  // "half an hour", "half a day"
  if (word === "half" && isArticle(tokens[i + 1]?.norm)) {
    const unit = unitAt(tokens, i + 2);
    return unit === undefined ? undefined : { ms: unit / 2, next: i + 3 };
  }

  let quantity: number;
  let next: number;
  if (isArticle(word)) {
    const counted = word === "a" && tokens[i + 1]?.norm === "couple" ? readNumber(tokens, i + 1) : undefined;
    quantity = counted?.value ?? 1;
    next = counted?.next ?? i + 1;
  } else {
    const number = readNumber(tokens, i);
    if (number === undefined) return undefined;
    quantity = number.value;
    next = number.next;
  }
  // "two and a half hours"
  if (hasAndAHalf(tokens, next)) {
    quantity += 0.5;
    next += 3;
  }
  while (UNIT_ADJECTIVES.has(tokens[next]?.norm ?? "")) next++;
  const unit = unitAt(tokens, next);
  if (unit === undefined) return undefined;
  next++;
  // "an hour and a half"
  if (hasAndAHalf(tokens, next)) {
    quantity += 0.5;
    next += 3;
  }
  return quantity > 0 ? { ms: Math.round(quantity * unit), next } : undefined;
}

function readCompact(word: string): number | undefined {
  const match = COMPACT.exec(word);
  if (!match) return undefined;
  const unit = UNIT_BY_WORD.get(match[2] as string);
  if (unit === undefined) return undefined;
  const extraMinutes = match[3] === undefined ? 0 : Number(match[3]);
  // Only "1h30" / "1h30m" carry a second number; "2d30" means nothing.
  if (match[3] !== undefined && unit !== HOUR_MS) return undefined;
  const ms = Number(match[1]) * unit + extraMinutes * MINUTE_MS;
  return ms > 0 ? Math.round(ms) : undefined;
}

function unitAt(tokens: readonly Token[], i: number): number | undefined {
  const word = tokens[i]?.norm;
  if (word === undefined) return undefined;
  const exact = UNIT_BY_WORD.get(word);
  if (exact !== undefined) return exact;
  // Typos only in longer words that keep their first letter: otherwise "a tour" would read as "an hour"
  // and "2 says" as "2 days".
  if (word.length < 5) return undefined;
  const near = LONG_UNIT_WORDS.find((unit) => unit[0] === word[0] && editDistance(word, unit, 1) <= 1);
  return near === undefined ? undefined : UNIT_BY_WORD.get(near);
}

function isArticle(word: string | undefined): boolean {
  return word === "a" || word === "an" || word === "one";
}

function hasAndAHalf(tokens: readonly Token[], i: number): boolean {
  return tokens[i]?.norm === "and" && tokens[i + 1]?.norm === "a" && tokens[i + 2]?.norm === "half";
}
