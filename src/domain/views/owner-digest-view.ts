import { decidedCount, type DecisionTally } from "../model/decision-tally.js";
import type { OwnerDigestPeriod } from "../nudges/nudge-subject.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/** Reviewers shown as "most behind" per review; the rest are counted. */
export const BEHIND_SHOWN = 5;
/**
 * Reviews, packages and unreachable people shown; the rest are counted. Teams refuses messages over about
 * 28 KB, and a review takes about 1 KB of the card.
 */
export const REVIEWS_SHOWN = 8;
export const PACKAGES_SHOWN = 8;
export const UNREACHABLE_SHOWN = 10;
/** Approvers named for where the oldest request waits; the rest are counted. */
const APPROVERS_SHOWN = 3;
/** Cells of the text progress bar shown where a client draws no chart. */
const BAR_CELLS = 10;
const DAY = 86_400_000;

/** One access review instance the owner owns, as far as it has got. */
export interface ReviewProgress {
  readonly instanceId: string;
  readonly displayName: string;
  /** When the instance ends and Entra applies its default decisions. */
  readonly endAt: Date;
  readonly tally: DecisionTally;
  /**
   * Reviewers with decisions still waiting on them, and how many each (any order). The caller may pass
   * only the most behind (naming 10,000 reviewers costs 10,000 directory reads) and count the others.
   */
  readonly reviewersBehind: readonly { readonly name: string; readonly pending: number }[];
  /** Further reviewers with decisions waiting, not named in `reviewersBehind`. */
  readonly otherReviewersBehind?: number;
}

/** A request of one of the owner's packages, waiting at an approval stage. */
export interface WaitingApproval {
  readonly requesterName: string;
  readonly createdAt: Date;
  /** 1-based stage it waits at, of `stageCount`. */
  readonly stageNumber: number;
  readonly stageCount: number;
  /** Who may decide the stage now (empty when Entra resolves nobody). */
  readonly approverNames: readonly string[];
}

/** One access package in a catalog the owner owns or manages, with what is going on in it. */
export interface PackageProgress {
  readonly packageId: string;
  readonly displayName: string;
  readonly catalogName: string;
  /** Requests waiting for approval, and the one waiting longest. */
  readonly waitingCount: number;
  readonly oldestWaiting: WaitingApproval | null;
  /** Assignments that end within the next 7 days, and the first to end. */
  readonly endingSoonCount: number;
  readonly soonestEnding: { readonly personName: string; readonly endAt: Date } | null;
}

/** Someone involved in the owner's reviews or packages whom the bot could not message. */
export interface UnreachablePerson {
  readonly name: string;
  /** As the store records it: `blocked` (Teams refused, 403) or `unreachable` (installing or opening a chat failed). */
  readonly status: "blocked" | "unreachable";
  /** The sentence recorded when it happened. */
  readonly reason: string;
  readonly since: Date;
}

/** Everything one owner's digest shows, read from Entra and the store by the use case. */
export interface OwnerDigestInput {
  readonly period: OwnerDigestPeriod;
  /** IANA zone of the owner: every date on the card is in it. */
  readonly timeZone: string;
  readonly now: Date;
  readonly reviews: readonly ReviewProgress[];
  readonly packages: readonly PackageProgress[];
  /** Those of the people involved whom the bot could not reach (the caller may pass only some, and count the rest). */
  readonly unreachable: readonly UnreachablePerson[];
  readonly otherUnreachable?: number;
}

/**
 * "███████░░░ 70% decided": the picture for clients that draw no chart, in characters every font has.
 * A started review never shows an empty bar, and an unfinished one never a full bar or 100%.
 */
export function textProgressBar(decided: number, total: number): string {
  if (total <= 0) return `${"░".repeat(BAR_CELLS)} nothing to decide`;
  const ratio = Math.min(1, Math.max(0, decided / total));
  let cells = Math.round(ratio * BAR_CELLS);
  if (decided > 0 && cells === 0) cells = 1;
  if (decided < total && cells === BAR_CELLS) cells = BAR_CELLS - 1;
  const percent = decided >= total ? 100 : Math.floor(ratio * 100);
  return `${"█".repeat(cells)}${"░".repeat(BAR_CELLS - cells)} ${percent}% decided`;
}

/**
 * What happened, in a few words, from what the store recorded. The store keeps the sender's sentence,
 * not a code, so the kind is read from it; anything unrecognised still reads as "could not be reached".
 */
export function describeUnreachable(person: Pick<UnreachablePerson, "status" | "reason">): string {
  if (person.status === "blocked") return "blocked the bot";
  // "installed for them, but Teams refused to open a chat" is about the chat: read that first.
  if (/open a chat|Bot Connector/i.test(person.reason)) return "could not open a chat";
  if (/install/i.test(person.reason)) return "could not install the app";
  return "could not be reached";
}

/**
 * Template data for `adaptiveCards/owner-digest.json`: an owner's periodic progress digest. Per review:
 * decided out of total (with a stacked bar chart, and a text bar where charts are not drawn), the
 * reviewers most behind, when it ends; per access package: requests waiting for approval (the oldest and
 * where it waits) and assignments ending within 7 days; and the people involved whom the bot could not
 * reach. Pure; names and titles are plain data the template shows in TextRuns.
 */
export function ownerDigestView(input: OwnerDigestInput): Record<string, unknown> {
  const at = (d: Date) => formatInstant(d, input.timeZone, "en-GB", { now: input.now });
  const left = (d: Date) => formatTimeLeft(d.getTime() - input.now.getTime());
  const allReviews = [...input.reviews].sort((a, b) => a.endAt.getTime() - b.endAt.getTime() || a.displayName.localeCompare(b.displayName));
  const allPackages = [...input.packages].sort((a, b) => b.waitingCount - a.waitingCount || b.endingSoonCount - a.endingSoonCount || a.displayName.localeCompare(b.displayName));
  const allUnreachable = [...input.unreachable].sort((a, b) => a.name.localeCompare(b.name));
  const unreachableCount = allUnreachable.length + (input.otherUnreachable ?? 0);
  const reviews = allReviews.slice(0, REVIEWS_SHOWN);
  const packages = allPackages.slice(0, PACKAGES_SHOWN);
  const unreachable = allUnreachable.slice(0, UNREACHABLE_SHOWN);

  return {
    title: input.period === "weekly" ? "Your weekly progress digest" : "Your daily progress digest",
    asOf: `As of ${at(input.now)}`,
    summary: summaryOf(allReviews, allPackages, unreachableCount),
    hasReviews: reviews.length > 0,
    chartTitle: "Decisions per access review",
    chart: reviews.map((r) => ({
      title: r.displayName,
      data: [
        { legend: "Approved", value: r.tally.approved, color: "good" },
        { legend: "Denied", value: r.tally.denied, color: "attention" },
        { legend: "Don't know", value: r.tally.dontKnow, color: "warning" },
        { legend: "Not decided", value: r.tally.notReviewed, color: "neutral" },
      ],
    })),
    bars: reviews.map((r) => ({ bar: textProgressBar(decidedCount(r.tally), r.tally.total), name: r.displayName })),
    reviews: reviews.map((r) => reviewRow(r, input.now, at, left)),
    moreReviews: allReviews.length > reviews.length ? `and ${count(allReviews.length - reviews.length, "more review")} in progress` : "",
    hasPackages: packages.length > 0,
    packages: packages.map((p) => packageRow(p, input.now, at, left)),
    morePackages: allPackages.length > packages.length ? `and ${count(allPackages.length - packages.length, "more access package")} with requests waiting or access ending` : "",
    hasUnreachable: unreachableCount > 0,
    unreachable: unreachable.map((p) => ({ name: p.name, what: describeUnreachable(p), detail: p.reason, since: `Since ${at(p.since)}` })),
    moreUnreachable: unreachableCount > unreachable.length ? `and ${count(unreachableCount - unreachable.length, "more person", "more people")}` : "",
  };
}

function summaryOf(reviews: readonly ReviewProgress[], packages: readonly PackageProgress[], unreachable: number): string {
  const parts: string[] = [];
  if (reviews.length > 0) {
    const decided = reviews.reduce((n, r) => n + decidedCount(r.tally), 0);
    const total = reviews.reduce((n, r) => n + r.tally.total, 0);
    parts.push(`${count(reviews.length, "access review")} in progress: ${decided} of ${count(total, "decision")} made.`);
  }
  const waiting = packages.reduce((n, p) => n + p.waitingCount, 0);
  const ending = packages.reduce((n, p) => n + p.endingSoonCount, 0);
  if (waiting > 0) parts.push(`${count(waiting, "request")} ${waiting === 1 ? "waits" : "wait"} for approval.`);
  if (ending > 0) parts.push(`${count(ending, "assignment")} ${ending === 1 ? "ends" : "end"} within 7 days.`);
  if (unreachable > 0) parts.push(`${count(unreachable, "person", "people")} could not be reached.`);
  return parts.length > 0 ? parts.join(" ") : "Nothing is waiting in your reviews or access packages.";
}

function reviewRow(r: ReviewProgress, now: Date, at: (d: Date) => string, left: (d: Date) => string): Record<string, unknown> {
  const decided = decidedCount(r.tally);
  const breakdown = [
    r.tally.approved > 0 ? `${r.tally.approved} approved` : "",
    r.tally.denied > 0 ? `${r.tally.denied} denied` : "",
    r.tally.dontKnow > 0 ? `${r.tally.dontKnow} don't know` : "",
  ].filter(Boolean);
  const figures =
    r.tally.total === 0
      ? "No items to decide."
      : `${decided} of ${r.tally.total} decided${breakdown.length > 0 ? ` (${breakdown.join(", ")})` : ""}; ${r.tally.notReviewed} still to decide.`;
  const behind = [...r.reviewersBehind]
    .filter((b) => b.pending > 0)
    .sort((a, b) => b.pending - a.pending || a.name.localeCompare(b.name));
  const others = Math.max(0, behind.length - BEHIND_SHOWN) + (r.otherReviewersBehind ?? 0);
  const timeLeft = r.endAt.getTime() - now.getTime();
  return {
    title: r.displayName,
    bar: textProgressBar(decided, r.tally.total),
    figures,
    ends: timeLeft > 0 ? `Ends ${at(r.endAt)} (${left(r.endAt)} left)` : `Ended ${at(r.endAt)}`,
    endsColor: timeLeft < DAY ? "Attention" : timeLeft < 3 * DAY ? "Warning" : "Default",
    hasBehind: behind.length > 0 || others > 0,
    behind: behind.slice(0, BEHIND_SHOWN).map((b) => ({ text: `${b.name}: ${b.pending} to decide` })),
    moreBehind: others > 0 ? `and ${count(others, "more reviewer")} with decisions to make` : "",
  };
}

function packageRow(p: PackageProgress, now: Date, at: (d: Date) => string, left: (d: Date) => string): Record<string, unknown> {
  const oldest = p.oldestWaiting;
  const soonest = p.soonestEnding;
  const one = (n: number, single: string, several: string) => (n === 1 ? single : several);
  return {
    title: p.displayName,
    catalog: p.catalogName,
    waiting: p.waitingCount === 0 ? "No requests wait for approval." : `${count(p.waitingCount, "request")} ${one(p.waitingCount, "waits", "wait")} for approval.`,
    oldest: oldest
      ? `${one(p.waitingCount, "It is", "The oldest is")} ${oldest.requesterName}'s, waiting ${formatTimeLeft(now.getTime() - oldest.createdAt.getTime())}, at ${whereItWaits(oldest)}.`
      : "",
    ending:
      soonest && p.endingSoonCount > 0
        ? `${count(p.endingSoonCount, "assignment")} ${one(p.endingSoonCount, "ends", "end")} within 7 days; ${one(p.endingSoonCount, "it is", "the first is")} ${soonest.personName}'s, on ${at(soonest.endAt)} (${left(soonest.endAt)} left).`
        : "",
  };
}

function whereItWaits(w: WaitingApproval): string {
  const stage = `stage ${w.stageNumber} of ${w.stageCount}`;
  if (w.approverNames.length === 0) return `${stage}, with no approver Entra can resolve`;
  const named = w.approverNames.slice(0, APPROVERS_SHOWN);
  const more = w.approverNames.length - named.length;
  return `${stage} with ${[...named, ...(more > 0 ? [`${more} more`] : [])].join(", ")}`;
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
