import type { Token } from "../text/tokenize.js";

/** Where a reason starts: the marker word(s) and the first word of the reason itself. */
export interface ReasonMarker {
  readonly markerStart: number;
  readonly textStart: number;
}

// Said before or after a reason; never part of it.
const LEADING_POLITENESS = new Set(["please", "pls", "plz", "ok", "okay"]);
const TRAILING_POLITENESS = new Set(["please", "pls", "plz", "thanks", "thx", "ty", "now", "cheers"]);
const BECAUSE = new Set(["because", "cuz", "coz", "cos", "bc"]);
const LABELS = new Set(["reason", "justification", "purpose", "why"]);

/**
 * Finds the first word that introduces a reason at or after `from`: "to", "for" (when not a duration),
 * "because (of)", "so (that)", "in order to", "reason:". A marker right before a consumed token (a
 * package name or a duration) is not one: "access to ChatGPT", "for 2 hours".
 */
export function findReasonMarker(
  tokens: readonly Token[],
  from: number,
  consumed: ReadonlySet<number>,
  options: { readonly onlyExplicit?: boolean } = {},
): ReasonMarker | undefined {
  for (let i = from; i < tokens.length; i++) {
    if (consumed.has(i)) continue;
    const word = tokens[i]?.norm ?? "";
    const next = tokens[i + 1]?.norm;
    const opensText = (start: number) => start < tokens.length && !consumed.has(start);
    if (BECAUSE.has(word)) {
      const start = next === "of" ? i + 2 : i + 1;
      if (opensText(start)) return { markerStart: i, textStart: start };
    } else if (word === "so" && (next === "that" || next === "i" || next === "we")) {
      const start = next === "that" ? i + 2 : i + 1;
      if (opensText(start)) return { markerStart: i, textStart: start };
    } else if (word === "in" && next === "order" && tokens[i + 2]?.norm === "to") {
      if (opensText(i + 3)) return { markerStart: i, textStart: i + 3 };
    } else if (LABELS.has(word) && !options.onlyExplicit) {
      const start = next === "is" || next === "being" ? i + 2 : i + 1;
      if (opensText(start)) return { markerStart: i, textStart: start };
    } else if ((word === "to" || word === "for") && !options.onlyExplicit) {
      if (opensText(i + 1)) return { markerStart: i, textStart: i + 1 };
    }
  }
  return undefined;
}

/**
 * The reason as the person wrote it, from `textStart` to the end of the message, leaving out tokens
 * that belong to a name or a duration, and trimmed of punctuation and politeness ("please", "thanks").
 * Undefined when nothing is left.
 */
export function readReasonText(
  source: string,
  tokens: readonly Token[],
  textStart: number,
  consumed: ReadonlySet<number>,
): string | undefined {
  let first = textStart;
  let last = tokens.length - 1;
  while (first <= last && (consumed.has(first) || LEADING_POLITENESS.has(tokens[first]?.norm ?? ""))) first++;
  for (;;) {
    const word = tokens[last]?.norm ?? "";
    if (last >= first && (consumed.has(last) || TRAILING_POLITENESS.has(word))) last--;
    else if (last > first && word === "you" && tokens[last - 1]?.norm === "thank") last -= 2;
    else break;
  }
  if (first > last) return undefined;
  const pieces: string[] = [];
  let runStart: number | undefined;
  for (let i = first; i <= last + 1; i++) {
    const inRun = i <= last && !consumed.has(i);
    if (inRun && runStart === undefined) runStart = i;
    if (!inRun && runStart !== undefined) {
      pieces.push(source.slice(tokens[runStart]?.start ?? 0, tokens[i - 1]?.end ?? 0));
      runStart = undefined;
    }
  }
  const text = pieces
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .join(" ")
    .replace(/^[\s.,;:!?\-–—]+|[\s.,;:!?\-–—]+$/g, "")
    .replace(/\s+/g, " ");
  return text === "" ? undefined : text;
}
