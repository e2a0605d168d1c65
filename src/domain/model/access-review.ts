/** Where an access review instance is in its life (Graph's `accessReviewInstance.status`). */
export type ReviewInstanceStatus = "NotStarted" | "InProgress" | "Completing" | "Completed" | "AutoReviewing" | "AutoReviewed";

/** The decisions a reviewer may record on an item. */
export type ReviewerDecision = "Approve" | "Deny" | "DontKnow";

/** An item's decision as Entra keeps it: not reviewed yet, or what a reviewer (or the default) chose. */
export type ReviewDecision = "NotReviewed" | ReviewerDecision;

/** Entra's recommendation for an item (from sign-in activity); `NoInfoAvailable` when it has none. */
export type ReviewRecommendation = "Approve" | "Deny" | "NoInfoAvailable";

export const REVIEWER_DECISIONS: readonly ReviewerDecision[] = ["Approve", "Deny", "DontKnow"];

/**
 * One run of an access review (an `accessReviewInstance`), with what its definition says to reviewers.
 * Graph keeps the name, description and settings on the definition; the gateway joins them.
 */
export interface ReviewInstance {
  readonly id: string;
  readonly definitionId: string;
  readonly displayName: string;
  readonly descriptionForReviewers: string;
  readonly startAt: Date;
  /** When the instance ends: undecided items take the review's default decision (if any) then. */
  readonly endAt: Date;
  readonly status: ReviewInstanceStatus;
  /** Approve needs a reason (`settings.justificationRequiredOnApproval`). */
  readonly justificationRequiredOnApproval: boolean;
}

/** Someone as access reviews name them. */
export interface ReviewPerson {
  readonly id: string;
  readonly displayName: string;
  /** User principal name; empty when Graph gives none. */
  readonly upn: string;
}

/** One item to decide: a principal's access to a resource (an `accessReviewInstanceDecisionItem`). */
export interface ReviewItem {
  readonly id: string;
  /** The person whose access is reviewed. */
  readonly principal: ReviewPerson;
  /** What the access is to: the group, or the access package (and policy). */
  readonly resourceName: string;
  readonly recommendation: ReviewRecommendation;
  readonly decision: ReviewDecision;
  readonly justification: string | null;
  /** Who recorded the decision; null while not reviewed, or when Entra applied a default decision. */
  readonly reviewedBy: ReviewPerson | null;
  readonly reviewedAt: Date | null;
  /** The principal's last interactive sign-in, when Graph's insights tell it. */
  readonly lastSignIn: Date | null;
}

/**
 * The undecided items of one instance, by who is asked to decide them (read app-only, resolved from
 * the review's reviewer scopes). Planning material: what a reviewer may decide is always re-read with
 * their own token before anything is shown or recorded.
 */
export interface PendingReview {
  readonly instance: ReviewInstance;
  /** Reviewer object id to the undecided items they are asked about (an item may be under several). */
  readonly byReviewer: ReadonlyMap<string, readonly ReviewItem[]>;
  /** Undecided items the reviewer scopes name nobody for (Entra then waits for the default decision). */
  readonly unassigned: readonly ReviewItem[];
  /** Every undecided item. */
  readonly pendingCount: number;
  /**
   * The people the review's fallback scopes name for every item (named users, group owners or members):
   * who Entra turns to when a primary reviewer is missing, and so who can stand in for one who is away.
   */
  readonly fallbackReviewerIds: readonly string[];
  /** Who created the review (Graph has no owner field; the creator answers for it). Empty when unknown. */
  readonly ownerIds: readonly string[];
}

/** True while reviewers may still record decisions. */
export function isReviewOpen(instance: ReviewInstance): boolean {
  return instance.status === "InProgress";
}

/** True for an item nobody has decided yet. */
export function isPending(item: ReviewItem): boolean {
  return item.decision === "NotReviewed";
}
