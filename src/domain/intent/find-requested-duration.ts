import { hasClauseBreakBefore } from "../text/has-clause-break-before.js";
import type { Token } from "../text/tokenize.js";
import { readDurationPhrase } from "../time/read-duration-phrase.js";
import { readNumber } from "../time/read-number.js";
import { readEndPhrase, type EndContext } from "../time/read-end-phrase.js";
import type { RequestedDuration } from "./access-intent.js";

/** What {@link findRequestedDuration} found in a message. */
export interface DurationFinding {
  /** The first duration the message states, if any could be read. */
  readonly duration?: RequestedDuration;
  /** Words that look like a duration but could not be read ("for a while", "until the audit ends"). */
  readonly unparsed?: string;
  /** Indexes of every token that belongs to a duration phrase, read or not: they are not a name or a reason. */
  readonly consumed: ReadonlySet<number>;
  /** Token index just past the first duration phrase, if any. */
  readonly firstEnd?: number;
}

const UNTIL = new Set(["until", "till", "til", "untill", "untl", "through", "thru", "thorough"]);
// Words that may come between "for" and the span without changing it: "for the next 2 hours".
const FOR_FILLERS = new Set(["the", "next", "another", "about", "around", "roughly", "approximately", "approx", "just", "only", "maybe", "like"]);
// "for a while", "for some hours": a duration nobody can grant as stated.
const VAGUE_QUANTITIES = new Set(["a", "some", "several", "few", "many", "multiple", "couple"]);
const VAGUE_SPANS = new Set(["while", "bit", "moment", "little", "time", "ages", "hours", "days", "weeks", "minutes", "months", "few"]);
// "2 weeks of feedback", "3 days ago": a span that describes the work, not the access.
const NOT_A_REQUEST_SPAN = new Set(["of", "ago", "old", "late", "behind", "worth", "before", "after", "earlier"]);
const PHRASE_STOPS = new Set(["to", "for", "because", "so", "please"]);
const MAX_UNPARSED_WORDS = 6;

interface Found {
  readonly start: number;
  readonly end: number;
  readonly duration?: RequestedDuration;
  readonly unparsed?: boolean;
  readonly isBare: boolean;
}

/**
 * Finds how long a message asks for access: "for 2 hours", "2h", "for a week", "until Friday 5pm",
 * "till tomorrow", "up to 3 days", "for the rest of the day", "for today". A span stated with "for",
 * "until" or "up to" wins over a bare one ("2h"); a bare span followed by "of" ("2 weeks of feedback")
 * describes the work, not the access, and is ignored.
 *
 * "The rest of the day" ends at 17:00, or at 23:59 when 17:00 is less than 15 minutes away: see
 * `readEndPhrase`.
 */
export function findRequestedDuration(source: string, tokens: readonly Token[], context: EndContext): DurationFinding {
  const found: Found[] = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = readAt(source, tokens, i, context);
    if (hit === undefined) {
      i++;
      continue;
    }
    found.push(hit);
    i = hit.end;
  }
  const consumed = new Set<number>();
  for (const f of found) for (let i = f.start; i < f.end; i++) consumed.add(i);
  const explicit = found.filter((f) => !f.isBare);
  const first = (explicit.length > 0 ? explicit : found)[0];
  if (first === undefined) return { consumed };
  const firstEnd = first.end;
  if (first.unparsed) {
    const from = tokens[first.start]?.start ?? 0;
    const to = tokens[first.end - 1]?.end ?? from;
    return { unparsed: source.slice(from, to), consumed, firstEnd };
  }
  return first.duration === undefined ? { consumed, firstEnd } : { duration: first.duration, consumed, firstEnd };
}

function readAt(source: string, tokens: readonly Token[], i: number, context: EndContext): Found | undefined {
  const word = tokens[i]?.norm ?? "";
  const upTo = word === "up" && (tokens[i + 1]?.norm === "to" || tokens[i + 1]?.norm === "until");
  if (UNTIL.has(word) || upTo) {
    const at = upTo ? i + 2 : i + 1;
    // A span first: "up to 3 days" must not read "3" as 15:00.
    const span = readDurationPhrase(tokens, at);
    if (span !== undefined) return { start: i, end: span.next, duration: { kind: "for", ms: span.ms }, isBare: false };
    const end = readEndPhrase(tokens, at, context);
    if (end !== undefined) return { start: i, end: end.next, duration: { kind: "until", end: end.end }, isBare: false };
    return { start: i, end: unparsedEnd(source, tokens, at), unparsed: true, isBare: false };
  }
  if (word === "for") {
    let at = i + 1;
    while (FOR_FILLERS.has(tokens[at]?.norm ?? "")) at++;
    const span = readDurationPhrase(tokens, at);
    if (span !== undefined) return { start: i, end: span.next, duration: { kind: "for", ms: span.ms }, isBare: false };
    const rest = readRestOf(tokens, i + 1, context);
    if (rest !== undefined) return { start: i, end: rest.next, duration: { kind: "until", end: rest.end }, isBare: false };
    if (isVague(tokens, at)) return { start: i, end: unparsedEnd(source, tokens, at), unparsed: true, isBare: false };
    // "for 2": a number without a unit is a duration nobody can guess.
    const number = readNumber(tokens, at);
    if (number !== undefined && /^\d/.test(tokens[at]?.norm ?? "")) return { start: i, end: number.next, unparsed: true, isBare: false };
    return undefined;
  }
  const rest = readRestOf(tokens, i, context, true);
  if (rest !== undefined) return { start: i, end: rest.next, duration: { kind: "until", end: rest.end }, isBare: true };
  // Bare spans start with a number ("2h", "two hours"); "a week" alone is too often something else.
  if (word === "a" || word === "an") return undefined;
  const span = readDurationPhrase(tokens, i);
  if (span === undefined || NOT_A_REQUEST_SPAN.has(tokens[span.next]?.norm ?? "")) return undefined;
  return { start: i, end: span.next, duration: { kind: "for", ms: span.ms }, isBare: true };
}

/**
 * "the rest of the day", "the day", "today", "the afternoon" (to the end of the working day), "tonight",
 * "the evening" (to 23:59), "the morning" (to noon), "the rest of the week", "the week", "this week".
 */
function readRestOf(
  tokens: readonly Token[],
  i: number,
  context: EndContext,
  requireRest = false,
): { end: Date; next: number } | undefined {
  let at = i;
  if (tokens[at]?.norm === "the") at++;
  const hasRest = tokens[at]?.norm === "rest" && tokens[at + 1]?.norm === "of";
  if (hasRest) at += 2;
  else if (requireRest) return undefined;
  if (tokens[at]?.norm === "the" || tokens[at]?.norm === "this") at++;
  const what = tokens[at]?.norm ?? "";
  // Said through the end-of rules, so "for the rest of the day" and "until end of day" never disagree.
  const phrase = REST_OF[what];
  const end = phrase === undefined ? undefined : readEndPhrase(phrase.map(word), 0, context);
  return end === undefined ? undefined : { end: end.end, next: at + 1 };
}

const REST_OF: Readonly<Record<string, readonly string[]>> = {
  day: ["end", "of", "day"],
  today: ["end", "of", "day"],
  workday: ["end", "of", "day"],
  tonight: ["tonight"],
  week: ["end", "of", "week"],
  afternoon: ["end", "of", "day"],
  evening: ["tonight"],
  morning: ["noon"],
};

function word(norm: string): Token {
  return { text: norm, norm, start: 0, end: 0 };
}

function isVague(tokens: readonly Token[], i: number): boolean {
  const first = tokens[i]?.norm ?? "";
  if (VAGUE_SPANS.has(first) && first !== "few" && first !== "time") return true;
  if (!VAGUE_QUANTITIES.has(first)) return false;
  return [1, 2].some((k) => VAGUE_SPANS.has(tokens[i + k]?.norm ?? ""));
}

/** Where the words after an unreadable "until" or "for" stop: at a reason word, punctuation or six words. */
function unparsedEnd(source: string, tokens: readonly Token[], from: number): number {
  let end = from;
  while (end < tokens.length && end - from < MAX_UNPARSED_WORDS && !PHRASE_STOPS.has(tokens[end]?.norm ?? "")) {
    if (end > from && hasClauseBreakBefore(source, tokens, end)) break;
    end++;
  }
  return end;
}
