import { tokenize } from "../text/tokenize.js";
import { parseIsoDuration, isIsoDuration } from "./iso-duration.js";
import { readDurationPhrase } from "./read-duration-phrase.js";

/**
 * Milliseconds in a whole text that names a length of time: words as people type them ("2 hours",
 * "2h", "an hour and a half", "for 3 days") or ISO 8601 as a card's choice values carry them ("PT2H").
 * Undefined when the text is anything else, including a span followed by other words.
 */
export function parseDurationText(text: string): number | undefined {
  const trimmed = text.trim();
  if (isIsoDuration(trimmed)) return parseIsoDuration(trimmed);
  const tokens = tokenize(trimmed);
  const start = tokens[0]?.norm === "for" ? 1 : 0;
  const reading = readDurationPhrase(tokens, start);
  return reading !== undefined && reading.next === tokens.length ? reading.ms : undefined;
}
