import type { AccessPackageOffer } from "../model/access-package-offer.js";
import { editDistance } from "../text/edit-distance.js";
import { normalizeWord, tokenize, type Token } from "../text/tokenize.js";

/** Where and how well a message names one offer. */
export interface OfferMention {
  readonly offer: AccessPackageOffer;
  /** 0 to 1: how much of the name is there, and how much it singles this offer out. */
  readonly score: number;
  /** True when some word matched exactly or with a typo, not only as a fragment ("gpt" of "ChatGPT"). */
  readonly isStrong: boolean;
  /** Token range of the mention in the message. */
  readonly start: number;
  readonly end: number;
}

/** Options for {@link matchOffers}. */
export interface MatchOffersOptions {
  /** Tokens that cannot be part of a name, e.g. those already read as a duration. */
  readonly excluded?: ReadonlySet<number>;
  /** Only tokens before this index may name an offer (the rest is the reason). */
  readonly before?: number;
}

// Words in package names that say nothing about which package is meant.
const NAME_STOP_WORDS = new Set(["the", "for", "and", "of", "a", "an", "to", "in", "with", "on", "by"]);
// Words that help a little when present but cannot name a package on their own.
const GENERIC_NAME_WORDS = new Set(["ai", "app", "apps", "tool", "tools", "access", "package", "license", "licence", "seat", "user", "users"]);
// Words allowed between two words of a name ("legal and research").
const GAP_WORDS = new Set(["the", "and", "of", "&"]);
// A grant's resource name is a weaker signal than the package's own name.
const GRANT_NAME_FACTOR = 0.9;
const GENERIC_WEIGHT = 0.25;

interface NameWord {
  readonly word: string;
  readonly weight: number;
  /** 1 for a word only this offer has, 1/n when n offers share it, 0 for generic words. */
  readonly distinctiveness: number;
}

/**
 * Finds, for each offer, the best place a message names it, tolerant of spacing ("chat gpt"), typos
 * ("chatgtp"), fragments ("gpt", "assist") and word order. Returns one mention per offer that matched
 * anything, best first; the caller decides thresholds.
 *
 * Hand-written rather than a fuzzy-search library: those compare a short query with short names,
 * while here the query is a whole sentence in which the name is a few words.
 */
export function matchOffers(
  tokens: readonly Token[],
  offers: readonly AccessPackageOffer[],
  options: MatchOffersOptions = {},
): OfferMention[] {
  const documentFrequency = countOffersPerWord(offers);
  const mentions: OfferMention[] = [];
  for (const offer of offers) {
    let best: OfferMention | undefined;
    for (const [name, factor] of namesOf(offer)) {
      const words = nameWords(name, documentFrequency);
      if (words.length === 0) continue;
      const found = bestWindow(tokens, words, options);
      if (found === undefined) continue;
      const score = found.score * factor;
      if (best === undefined || score > best.score) best = { offer, ...found, score };
    }
    if (best !== undefined && best.score > 0) mentions.push(best);
  }
  return mentions.sort((a, b) => b.score - a.score);
}

function namesOf(offer: AccessPackageOffer): Array<[string, number]> {
  const names: Array<[string, number]> = [[offer.displayName, 1]];
  for (const grant of offer.grants) {
    if (!names.some(([n]) => n.toLowerCase() === grant.resourceDisplayName.toLowerCase())) {
      names.push([grant.resourceDisplayName, GRANT_NAME_FACTOR]);
    }
  }
  return names;
}

function wordsOf(name: string): string[] {
  return tokenize(name)
    .map((t) => normalizeWord(t.text))
    .filter((w) => !NAME_STOP_WORDS.has(w));
}

function countOffersPerWord(offers: readonly AccessPackageOffer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const offer of offers) {
    const words = new Set(namesOf(offer).flatMap(([name]) => wordsOf(name)));
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

function nameWords(name: string, documentFrequency: ReadonlyMap<string, number>): NameWord[] {
  return [...new Set(wordsOf(name))].map((word) => {
    const generic = GENERIC_NAME_WORDS.has(word);
    return {
      word,
      weight: generic ? GENERIC_WEIGHT : 1,
      distinctiveness: generic ? 0 : 1 / (documentFrequency.get(word) ?? 1),
    };
  });
}

interface Window {
  readonly score: number;
  readonly isStrong: boolean;
  readonly start: number;
  readonly end: number;
}

/** The best contiguous run of message tokens that matches words of one name. */
function bestWindow(tokens: readonly Token[], words: readonly NameWord[], options: MatchOffersOptions): Window | undefined {
  const limit = Math.min(tokens.length, options.before ?? tokens.length);
  const usable = (i: number) => i < limit && !(options.excluded?.has(i) ?? false);
  let best: Window | undefined;
  for (let start = 0; start < limit; start++) {
    if (!usable(start)) continue;
    const similarity = new Array<number>(words.length).fill(0);
    let pos = start;
    let end = start;
    let gaps = 0;
    while (pos < limit && usable(pos)) {
      const step = bestStep(tokens, pos, limit, usable, words, similarity);
      if (step !== undefined) {
        for (const i of step.wordIndexes) similarity[i] = step.similarity;
        pos += step.tokenCount;
        end = pos;
        gaps = 0;
      } else if (end > start && gaps === 0 && GAP_WORDS.has(tokens[pos]?.norm ?? "")) {
        pos++;
        gaps++;
      } else break;
    }
    if (end === start) continue;
    const window = scoreWindow(words, similarity, start, end);
    if (best === undefined || window.score > best.score) best = window;
  }
  return best;
}

interface Step {
  readonly wordIndexes: readonly number[];
  readonly tokenCount: number;
  readonly similarity: number;
}

/** The best match of one or two message tokens against one or two unused name words. */
function bestStep(
  tokens: readonly Token[],
  pos: number,
  limit: number,
  usable: (i: number) => boolean,
  words: readonly NameWord[],
  similarity: readonly number[],
): Step | undefined {
  let best: Step | undefined;
  for (const tokenCount of [1, 2]) {
    if (tokenCount === 2 && (pos + 1 >= limit || !usable(pos + 1))) continue;
    const typed = tokenCount === 1 ? (tokens[pos]?.norm ?? "") : `${tokens[pos]?.norm ?? ""}${tokens[pos + 1]?.norm ?? ""}`;
    for (let w = 0; w < words.length; w++) {
      for (const wordCount of [1, 2]) {
        const wordIndexes = wordCount === 1 ? [w] : [w, w + 1];
        if (wordIndexes.some((i) => i >= words.length || (similarity[i] ?? 0) > 0)) continue;
        const name = wordIndexes.map((i) => words[i]?.word ?? "").join("");
        const s = wordSimilarity(typed, name, tokenCount > 1 || wordCount > 1);
        // Prefer covering more words and tokens when equally good: "chat gpt" as one match, not two.
        const better = best === undefined || s > best.similarity || (s === best.similarity && wordIndexes.length + tokenCount > best.wordIndexes.length + best.tokenCount);
        if (s > 0 && better) best = { wordIndexes, tokenCount, similarity: s };
      }
    }
  }
  return best;
}

/**
 * How well a typed word stands for a name word: 1 exact, 0.85 one typo, 0.75 two typos in a long word,
 * 0.5 to 0.9 for a prefix or suffix fragment ("assist", "gpt"), else 0. A joined pair ("chat"+"gpt")
 * must match whole or with a typo: fragments of pairs would match too much.
 */
function wordSimilarity(typed: string, name: string, isJoined: boolean): number {
  if (typed === name) return 1;
  if (typed.length < 3 || /^\d+$/.test(typed)) return 0;
  if (name.length >= 5 && typed.length >= 4 && editDistance(typed, name, 1) <= 1) return 0.85;
  if (name.length >= 8 && typed.length >= 7 && editDistance(typed, name, 2) <= 2) return 0.75;
  if (isJoined) return 0;
  const ratio = typed.length / name.length;
  if (ratio >= 0.4 && ratio < 1 && (name.startsWith(typed) || name.endsWith(typed))) return 0.5 + 0.4 * ratio;
  return 0;
}

function scoreWindow(words: readonly NameWord[], similarity: readonly number[], start: number, end: number): Window {
  let matched = 0;
  let total = 0;
  let distinct = 0;
  let isStrong = false;
  words.forEach((w, i) => {
    const s = similarity[i] ?? 0;
    total += w.weight;
    matched += w.weight * s;
    distinct = Math.max(distinct, w.distinctiveness * s);
    if (s >= 0.75 && w.distinctiveness > 0) isStrong = true;
  });
  // Coverage rewards naming the whole package; distinctiveness rewards naming what sets it apart, so
  // "ChatGPT" alone scores well for "ChatGPT Enterprise" and "assistant" stays ambiguous.
  const coverage = total === 0 ? 0 : matched / total;
  return { score: 0.5 * coverage + 0.5 * distinct, isStrong, start, end };
}
