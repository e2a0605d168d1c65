import type { Token } from "./tokenize.js";

/** True when punctuation that ends a clause (".", ",", ";", "!", "?", a line break) separates token i from the one before. */
export function hasClauseBreakBefore(source: string, tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  const at = tokens[i];
  if (before === undefined || at === undefined) return false;
  return /[.,;!?\n()]/.test(source.slice(before.end, at.start));
}
