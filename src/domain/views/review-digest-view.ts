import { isPending, isReviewOpen, type ReviewInstance, type ReviewItem, type ReviewRecommendation } from "../model/access-review.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/**
 * Items shown per digest card. Each carries a reason box and three buttons (about 2 KB, 3 KB with a long
 * reason typed), and Teams refuses messages over about 28 KB.
 */
export const DIGEST_PAGE_SIZE = 8;

const DAY = 86_400_000;
/** Reasons and descriptions are cut on the card (Entra keeps them whole) so a full page stays under Teams' limit. */
const SHOWN_REASON_CHARS = 200;
const SHOWN_DESCRIPTION_CHARS = 400;

/** The reviewer looking at the card, and what their last click left on it. */
export interface ReviewDigestViewer {
  userId: string;
  /** IANA zone the due date is shown in. */
  timeZone: string;
  /** Which page of items (0-based); out-of-range pages show the last one. */
  page?: number;
  /** Reasons typed into the card, by decision item id, so a refused click loses nothing. */
  typed?: Readonly<Record<string, string>>;
  /** A sentence to show at one item, by decision item id (e.g. a missing reason). */
  itemErrors?: Readonly<Record<string, string>>;
  /** What the last click did ("Recorded: ..."). */
  notice?: string;
  /** What went wrong with the last click, for the whole card. */
  error?: string;
}

/** The id of an item's reason box on the card; Teams sends typed inputs back under it. */
export function reasonInputId(decisionId: string): string {
  return `reason-${decisionId}`;
}

const RECOMMENDATION: Record<ReviewRecommendation, { text: string; color: string }> = {
  Approve: { text: "Entra recommends: Approve", color: "Good" },
  Deny: { text: "Entra recommends: Deny", color: "Attention" },
  NoInfoAvailable: { text: "No recommendation from Entra", color: "Default" },
};

/** Pending items first, then decided ones; each group by name so rows do not jump between refreshes. */
export function orderDigestItems(items: readonly ReviewItem[]): ReviewItem[] {
  const name = (i: ReviewItem) => (i.principal.displayName || i.principal.upn || i.principal.id).toLowerCase();
  const byName = (a: ReviewItem, b: ReviewItem) => name(a).localeCompare(name(b)) || a.id.localeCompare(b.id);
  return [...items.filter(isPending).sort(byName), ...items.filter((i) => !isPending(i)).sort(byName)];
}

/**
 * Template data for `adaptiveCards/review-digest.json`: one reviewer's items of one review instance,
 * due date in their own zone, a row per item (person, resource, Entra's recommendation, last sign-in, a
 * reason box, Approve / Deny / Don't know), decided items with who decided, and "accept all
 * recommendations". A pure function of (instance, items, viewer, now); text from the directory or typed
 * by people is plain data the template shows in TextRuns.
 */
export function reviewDigestView(instance: ReviewInstance, items: readonly ReviewItem[], viewer: ReviewDigestViewer, now: Date): Record<string, unknown> {
  const at = (d: Date) => formatInstant(d, viewer.timeZone, "en-GB", { now });
  const open = isReviewOpen(instance);
  const ordered = orderDigestItems(items);
  const pending = ordered.filter(isPending);
  const pages = Math.max(1, Math.ceil(ordered.length / DIGEST_PAGE_SIZE));
  const page = Math.min(Math.max(0, Math.floor(viewer.page ?? 0)), pages - 1);
  const shown = ordered.slice(page * DIGEST_PAGE_SIZE, (page + 1) * DIGEST_PAGE_SIZE);
  const recommended = pending.filter((i) => i.recommendation !== "NoInfoAvailable");

  return {
    definitionId: instance.definitionId,
    instanceId: instance.id,
    page,
    title: instance.displayName,
    ...dueLine(instance, now, at),
    description: clip(instance.descriptionForReviewers, SHOWN_DESCRIPTION_CHARS),
    progress: progressLine(items.length, pending.length),
    justificationNote: open && instance.justificationRequiredOnApproval && pending.length > 0 ? "This review asks for a reason whenever you approve." : "",
    rows: shown.map((item) => rowOf(item, instance, viewer, now, open)),
    pageText: pages > 1 ? `Showing ${page * DIGEST_PAGE_SIZE + 1}–${page * DIGEST_PAGE_SIZE + shown.length} of ${ordered.length}` : "",
    hasPrevious: page > 0,
    hasNext: page < pages - 1,
    previousPage: Math.max(0, page - 1),
    nextPage: Math.min(pages - 1, page + 1),
    canAcceptAll: open && recommended.length > 0,
    acceptAllTitle: `Accept all recommendations (${recommended.length})`,
    acceptAllNote: open && recommended.length > 0 ? acceptAllNote(recommended, pending.length) : "",
    notice: viewer.notice ?? "",
    error: viewer.error ?? "",
  };
}

function dueLine(instance: ReviewInstance, now: Date, at: (d: Date) => string): { due: string; dueColor: string } {
  const left = instance.endAt.getTime() - now.getTime();
  if (instance.status === "NotStarted") return { due: `Starts ${at(instance.startAt)}, due ${at(instance.endAt)}.`, dueColor: "Default" };
  if (!isReviewOpen(instance) || left <= 0) return { due: `Ended ${at(instance.endAt)}: decisions are final and can no longer be changed here.`, dueColor: "Default" };
  return { due: `Due ${at(instance.endAt)} (${formatTimeLeft(left)} left)`, dueColor: left < DAY ? "Attention" : left < 3 * DAY ? "Warning" : "Default" };
}

function progressLine(total: number, pending: number): string {
  if (total === 0) return "Entra lists nothing for you to review here.";
  if (pending === 0) return total === 1 ? "You have reviewed the only person in this review. Thank you!" : `All ${total} reviewed. Thank you!`;
  return `${pending} of ${total} still to review.`;
}

function acceptAllNote(recommended: readonly ReviewItem[], pending: number): string {
  const approve = recommended.filter((i) => i.recommendation === "Approve").length;
  const deny = recommended.length - approve;
  const parts = [approve ? `approves ${approve}` : "", deny ? `denies ${deny}` : ""].filter(Boolean).join(" and ");
  const rest = pending - recommended.length;
  return `Accepting Entra's recommendations ${parts}${rest > 0 ? `; ${rest} without a recommendation stay for you to decide` : ""}.`;
}

function rowOf(item: ReviewItem, instance: ReviewInstance, viewer: ReviewDigestViewer, now: Date, open: boolean): Record<string, unknown> {
  const name = item.principal.displayName || item.principal.upn || item.principal.id;
  const recommendation = RECOMMENDATION[item.recommendation];
  const pending = isPending(item);
  const details = [item.resourceName, item.principal.upn].filter(Boolean).join(" · ");
  return {
    decisionId: item.id,
    name,
    details,
    recommendation: recommendation.text,
    recommendationColor: recommendation.color,
    signIn: item.lastSignIn ? signInText(item.lastSignIn, now) : "",
    pending,
    canDecide: open && pending,
    canChange: open && !pending,
    outcome: pending ? "" : outcomeText(item, viewer.userId, (d) => formatInstant(d, viewer.timeZone, "en-GB", { now })),
    outcomeColor: item.decision === "Approve" ? "Good" : item.decision === "Deny" ? "Attention" : "Default",
    outcomeReason: clip(item.justification ?? "", SHOWN_REASON_CHARS),
    inputId: reasonInputId(item.id),
    inputLabel: instance.justificationRequiredOnApproval ? "Reason (required to approve)" : "Reason (optional)",
    inputValue: viewer.typed?.[item.id] ?? "",
    changeId: `change-${item.id}`,
    error: viewer.itemErrors?.[item.id] ?? "",
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}\u2026`;
}

function signInText(lastSignIn: Date, now: Date): string {
  const ago = now.getTime() - lastSignIn.getTime();
  return ago < 60_000 ? "Signed in just now" : `Last signed in ${formatTimeLeft(ago)} ago`;
}

function outcomeText(item: ReviewItem, viewerId: string, at: (d: Date) => string): string {
  const verb = item.decision === "Approve" ? "Approved" : item.decision === "Deny" ? "Denied" : "Marked \u201cdon't know\u201d";
  if (!item.reviewedBy) return `${verb} by Entra (the review's default decision)`;
  const by = item.reviewedBy.id === viewerId ? "you" : item.reviewedBy.displayName || "another reviewer";
  return `${verb} by ${by}${item.reviewedAt ? ` on ${at(item.reviewedAt)}` : ""}`;
}
