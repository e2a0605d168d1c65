import { IANAZone } from "luxon";
import type { AccessPackageOffer } from "../model/access-package-offer.js";
import { tokenize, type Token } from "../text/tokenize.js";
import type { AccessIntent, OfferMatch } from "./access-intent.js";
import { classifyCommand } from "./classify-command.js";
import { findReasonMarker, readReasonText } from "./extract-reason.js";
import { findRequestedDuration } from "./find-requested-duration.js";
import { matchOffers, type OfferMention } from "./match-offers.js";

/** The person's context: relative words ("Friday", "tomorrow") are read in their own time zone. */
export interface ParseAccessIntentOptions {
  readonly now: Date;
  /** IANA zone of the person (see `toIanaTimeZone`); an invalid zone is read as UTC. */
  readonly timeZone: string;
}

/** Below this an offer is not considered named at all. */
export const MIN_MATCH_SCORE = 0.4;
/** Offers within this much of the best are returned with it, so the bot can ask which one was meant. */
export const AMBIGUITY_MARGIN = 0.25;
const MAX_MATCHES = 5;

// Words that show a person is asking for something, so a fragment like "gpt" is taken as a request.
const REQUEST_CUE = /\b(need|needs|needed|want|wanna|get|request|requesting|give|grant|access|use|borrow|apply|like|enable|unlock|can i|could i|may i|let me)\b/;
// A fragment right after one of these ("get gpt", "need the legal one") is meant as a name.
const REQUEST_VERBS = new Set(["need", "want", "get", "have", "use", "request", "borrow", "enable", "unlock"]);
const ARTICLES = new Set(["the", "a", "an", "some"]);
const ACCESS_WORD = /\b(access|license|licence|seat|permission|permissions)\b/;
const CANCEL_HINT_STOP_WORDS = new Set([
  "my", "the", "a", "an", "pending", "open", "request", "requests", "access", "to", "for", "please", "it", "that",
  "this", "package", "of", "all", "on",
]);

/**
 * Understands a chat message without an AI service: which package it asks for, for how long and why,
 * or which command it is. See {@link AccessIntent} for the result.
 *
 * Examples: "I need ChatGPT for 2 hours to analyze customer feedback", "chatgpt 2h summarise survey
 * results", "copilot for a week", "I need code assistant until Friday 5pm for the migration spike",
 * "what can I request?", "my access", "cancel my ChatGPT request".
 *
 * A message that names no offer is a request only when it clearly asks for access ("I need access to
 * something"). A message that names an offer only by a fragment ("gpt", "chat") is a request only with
 * a duration, the word "access", a verb of asking right before the fragment ("can I get gpt"), or when
 * the message is three words or fewer.
 */
/**
 * The command a message is, when it is one that needs no catalog to recognise ("help", "my access",
 * "approvals", "reviews", "what can I request"); undefined for anything else, including "cancel ...",
 * whose hint is matched against the person's offers.
 */
export function commandOf(text: string): "help" | "myAccess" | "approvals" | "reviews" | "list" | undefined {
  const command = classifyCommand(tokenize(text));
  return command === undefined || command.kind === "cancel" ? undefined : command.kind;
}

export function parseAccessIntent(
  text: string,
  offers: readonly AccessPackageOffer[],
  options: ParseAccessIntentOptions,
): AccessIntent {
  const tokens = tokenize(text);
  const command = classifyCommand(tokens);
  if (command?.kind === "cancel") return parseCancel(text, tokens, offers, command.hintStart, command.hintEnd);
  if (command !== undefined) return { kind: command.kind };

  const timeZone = IANAZone.create(options.timeZone).isValid ? options.timeZone : "UTC";
  const durations = findRequestedDuration(text, tokens, { now: options.now, timeZone });
  const named = matchOffers(tokens, offers, { excluded: durations.consumed }).filter((m) => m.score >= MIN_MATCH_SCORE);

  // The reason starts at the first marker after the earliest name (or duration); names after it are
  // part of the reason ("ChatGPT to review code" does not ask for Code Assistant).
  const anchor = named.reduce<OfferMention | undefined>((a, m) => (a === undefined || m.start < a.start ? m : a), undefined);
  const markerConsumed = union(durations.consumed, anchor === undefined ? [] : range(anchor.start, anchor.end));
  const anchorEnd = anchor?.end ?? durations.firstEnd;
  const marker =
    anchorEnd === undefined
      ? findReasonMarker(tokens, 0, markerConsumed, { onlyExplicit: true })
      : findReasonMarker(tokens, anchorEnd, markerConsumed);
  const mentions =
    marker === undefined ? named : matchOffers(tokens, offers, { excluded: durations.consumed, before: marker.markerStart });
  const kept = selectMatches(mentions);

  const consumed = union(durations.consumed, kept.flatMap((m) => range(m.start, m.end)));
  const reasonStart = marker?.textStart ?? (consumed.size > 0 ? Math.max(...consumed) + 1 : undefined);
  const reason = reasonStart === undefined ? undefined : readReasonText(text, tokens, reasonStart, consumed);

  const joined = tokens.map((t) => t.norm).join(" ");
  const hasCue = REQUEST_CUE.test(joined);
  const asksForTime = durations.duration !== undefined || durations.unparsed !== undefined;
  const asksForAccess = ACCESS_WORD.test(joined) && hasCue;
  const isRequest =
    kept.length > 0
      ? kept.some((m) => m.isStrong || followsRequestVerb(tokens, m.start)) || asksForTime || asksForAccess || tokens.length <= 3
      : asksForAccess || (asksForTime && hasCue);
  if (!isRequest) return { kind: "unknown" };

  return {
    kind: "request",
    matches: kept.map(toMatch),
    ...(durations.duration !== undefined ? { duration: durations.duration } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(durations.unparsed !== undefined ? { unparsedDuration: durations.unparsed } : {}),
  };
}

/**
 * True when a name starts right after a verb of asking ("can I get gpt"). A fragment elsewhere may just
 * be an English word: "I want to chat with my manager" does not ask for ChatGPT.
 */
function followsRequestVerb(tokens: readonly Token[], start: number): boolean {
  let at = start - 1;
  while (at >= 0 && ARTICLES.has(tokens[at]?.norm ?? "")) at--;
  return REQUEST_VERBS.has(tokens[at]?.norm ?? "");
}

function parseCancel(
  text: string,
  tokens: readonly Token[],
  offers: readonly AccessPackageOffer[],
  hintStart: number,
  hintEnd: number,
): AccessIntent {
  let first = hintStart;
  let last = hintEnd - 1;
  while (first <= last && CANCEL_HINT_STOP_WORDS.has(tokens[first]?.norm ?? "")) first++;
  while (last >= first && CANCEL_HINT_STOP_WORDS.has(tokens[last]?.norm ?? "")) last--;
  if (first > last) return { kind: "cancel", matches: [] };
  const hint = text.slice(tokens[first]?.start ?? 0, tokens[last]?.end ?? 0);
  const outside = new Set([...range(0, first), ...range(last + 1, tokens.length)]);
  const matches = selectMatches(matchOffers(tokens, offers, { excluded: outside })).map(toMatch);
  return { kind: "cancel", hint, matches };
}

function selectMatches(mentions: readonly OfferMention[]): OfferMention[] {
  const candidates = mentions.filter((m) => m.score >= MIN_MATCH_SCORE).sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (best === undefined) return [];
  return candidates.filter((m) => m.score >= best.score - AMBIGUITY_MARGIN).slice(0, MAX_MATCHES);
}

function toMatch(mention: OfferMention): OfferMatch {
  return { offer: mention.offer, score: Math.round(mention.score * 1000) / 1000 };
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
}

function union(a: ReadonlySet<number>, b: Iterable<number>): Set<number> {
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}
