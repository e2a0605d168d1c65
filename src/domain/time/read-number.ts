import type { Token } from "../text/tokenize.js";

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** A number read from words, and the index of the first token after it. */
export interface NumberReading {
  readonly value: number;
  readonly next: number;
}

/**
 * Reads a number at `tokens[i]`: digits ("2", "1.5") or English words ("two", "twenty four",
 * "twenty-four", "a couple of"). Articles ("a", "an") are left to the caller, which knows whether
 * "a" means one ("a week") or nothing ("a bit").
 */
export function readNumber(tokens: readonly Token[], i: number): NumberReading | undefined {
  const word = tokens[i]?.norm;
  if (word === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(word)) return { value: Number(word), next: i + 1 };
  if (word === "couple") return { value: 2, next: tokens[i + 1]?.norm === "of" ? i + 2 : i + 1 };
  const unit = UNITS[word];
  if (unit !== undefined) return { value: unit, next: i + 1 };
  const tens = TENS[word];
  if (tens === undefined) return undefined;
  const after = UNITS[tokens[i + 1]?.norm ?? ""];
  return after !== undefined && after > 0 && after < 10 ? { value: tens + after, next: i + 2 } : { value: tens, next: i + 1 };
}
