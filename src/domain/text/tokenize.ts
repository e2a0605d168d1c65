/** A word of a message with where it sits in the original text, so slices keep the person's own spelling. */
export interface Token {
  /** The word as typed. */
  readonly text: string;
  /** Lower-case, accents and apostrophes folded: what rules compare. */
  readonly norm: string;
  /** Offset of the first character in the original text. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

// Letters and digits, keeping inner ".", ":" and apostrophes so "1.5", "17:30", "o'clock" and "don't"
// stay one word, and a hyphen or slash followed by a digit so "2025-03-07", "MAT-12345", "GPT-4o" and
// "3/5" do too (a date like "3/5" must never read as "3" o'clock); everything else (spaces,
// "chat-gpt"'s hyphen, "chatgpt/copilot"'s slash, "?", ",") separates words.
const WORD = /[\p{L}\p{N}]+(?:[.:'’][\p{L}\p{N}]+|[-/]\p{N}[\p{L}\p{N}]*)*/gu;

/** Splits a message into words with their offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    tokens.push({ text: match[0], norm: normalizeWord(match[0]), start, end: start + match[0].length });
  }
  return tokens;
}

/** Lower-cases and drops accents and apostrophes, so "Café", "cafe" and "don’t"/"dont" compare equal. */
export function normalizeWord(word: string): string {
  return word
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/['’]/g, "")
    .toLowerCase();
}
