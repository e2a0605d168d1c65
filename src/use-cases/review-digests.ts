import { isPending, isReviewOpen, type PendingReview, type ReviewerDecision, type ReviewInstance, type ReviewItem } from "../domain/model/access-review.js";
import { reviewDigestView, type ReviewDigestViewer } from "../domain/views/review-digest-view.js";
import { GovernanceError } from "../governance/governance-error.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import type { PostedCard, PostedCardKey } from "../store/posted-cards.js";
import { fingerprintCard, type CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { PostedMessage } from "./notifier.js";

/**
 * What the review use cases need of Entra's access reviews (implemented by AccessReviewGateway). Calls
 * that act for a reviewer take their token source; the others read with the app's own token.
 */
export interface AccessReviewPort {
  listInstancesInProgress(): Promise<ReviewInstance[]>;
  /** The instances in progress the reviewer is asked to review, read with their own token. */
  listMyInstancesInProgress(reviewer: GraphTokenSource): Promise<ReviewInstance[]>;
  getInstance(definitionId: string, instanceId: string): Promise<ReviewInstance>;
  /** The instance with this id under any definition, or null (for cards of instances no longer in progress). */
  findInstance(instanceId: string): Promise<ReviewInstance | null>;
  listReviewerItems(reviewer: GraphTokenSource, definitionId: string, instanceId: string): Promise<ReviewItem[]>;
  listPendingByReviewer(definitionId: string, instanceId: string): Promise<PendingReview>;
  recordDecision(reviewer: GraphTokenSource, definitionId: string, instanceId: string, decisionId: string, decision: ReviewerDecision, justification: string | null): Promise<void>;
  acceptRecommendations(reviewer: GraphTokenSource, definitionId: string, instanceId: string): Promise<void>;
}

/** What a digest is read from: the instance (app), the reviewer's own items (their token) and their time zone. */
export interface DigestState {
  instance: ReviewInstance;
  items: ReviewItem[];
  timeZone: string;
}

/** What the viewer's last click left on the card (page, typed reasons, notices). */
export type DigestView = Omit<ReviewDigestViewer, "userId" | "timeZone">;

/** The stored-card key of a reviewer's digest for an instance. */
export function digestKey(instanceId: string, reviewerId: string): PostedCardKey {
  return { subjectType: "review", subjectId: instanceId, stageId: null, recipientAadObjectId: reviewerId, role: "reviewer" };
}

/**
 * Reviewers' digest cards: read from Entra with the reviewer's own token, posted, recorded, and kept in
 * step with Entra (decisions made in My Access or by other reviewers, the end of the review).
 */
export class ReviewDigests {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly reviews: AccessReviewPort,
  ) {}

  async load(userId: string, definitionId: string, instanceId: string): Promise<DigestState> {
    const [instance, state] = await Promise.all([this.reviews.getInstance(definitionId, instanceId), this.loadFor(userId, definitionId, instanceId)]);
    return { ...state, instance };
  }

  render(state: DigestState, userId: string, view: DigestView): CardSpec {
    const pending = state.items.filter(isPending).length;
    return {
      template: "review-digest",
      summary: pending > 0 ? `${state.instance.displayName}: ${pending} to review` : state.instance.displayName,
      data: reviewDigestView(state.instance, state.items, { ...view, userId, timeZone: state.timeZone }, this.deps.clock.now()),
    };
  }

  /** The reviewer's digest card for one instance. */
  async digestFor(reviewerId: string, definitionId: string, instanceId: string, view: DigestView = {}): Promise<CardSpec> {
    return this.render(await this.load(reviewerId, definitionId, instanceId), reviewerId, view);
  }

  /**
   * The reviewer's digest when the caller already holds the instance and the reviewer's time zone (the
   * nudge pass reads both once for everyone): one delegated read per reviewer, where {@link digestFor}
   * makes four calls (instance, definition, the reviewer's items, their person).
   */
  async digestOfKnown(reviewerId: string, instance: ReviewInstance, timeZone: string): Promise<CardSpec> {
    const items = await this.reviews.listReviewerItems(this.deps.userTokens(reviewerId), instance.definitionId, instance.id);
    return this.render({ instance, items, timeZone }, reviewerId, {});
  }

  /**
   * Posts the reviewer's digest to their 1:1 chat and records it (see {@link recordPosted}). Null when the
   * bot cannot reach them yet. It neither paces nor deduplicates: nudges go through the NudgeSender.
   */
  async post(reviewerId: string, definitionId: string, instanceId: string): Promise<PostedMessage | null> {
    const { notifier, audit, clock } = this.deps;
    const spec = await this.digestFor(reviewerId, definitionId, instanceId);
    const message = await notifier.postCard(reviewerId, spec);
    if (!message) {
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: null, action: "card.unreachable", subjectType: "review", subjectId: instanceId, outcome: "failed", reason: `No way to reach ${reviewerId} in Teams yet.`, details: { definitionId, recipient: reviewerId } });
      return null;
    }
    await this.recordPosted(reviewerId, instanceId, message, spec);
    await audit.append({ occurredAt: clock.now(), actorAadObjectId: null, action: "card.posted", subjectType: "review", subjectId: instanceId, outcome: "ok", details: { definitionId, recipient: reviewerId, template: spec.template }, conversationId: message.conversationId, activityId: message.activityId });
    return message;
  }

  /**
   * Records a posted digest as the reviewer's card for the instance, so clicks and refreshes update that
   * message (a later post takes its place). The NudgeSender's caller records each digest it sent here.
   */
  async recordPosted(reviewerId: string, instanceId: string, message: PostedMessage, spec: CardSpec): Promise<void> {
    await this.deps.cards.upsert({ ...digestKey(instanceId, reviewerId), activityId: message.activityId, conversationId: message.conversationId, cardHash: fingerprintCard(spec) }, this.deps.clock.now());
  }

  /**
   * Keeps the stored digest message in step after a click: when the click came from it, Teams shows the
   * answered card there and the message gets that same card; a click on another copy refreshes the
   * stored one with the plain view.
   */
  async afterClick(userId: string, state: DigestState, answered: CardSpec, clickedActivityId: string | null): Promise<void> {
    const stored = await this.deps.cards.get(digestKey(state.instance.id, userId));
    if (!stored) return;
    await this.updateIfChanged(stored, clickedActivityId === stored.activityId ? answered : this.render(state, userId, {}));
  }

  /**
   * Re-reads every posted digest of an instance with its reviewer's token and updates the messages whose
   * rendering changed (decisions made in My Access or by a co-reviewer, the end of the review); once the
   * instance is no longer in progress its cards are settled. One delegated read per posted card: run it
   * at the nudge cadence, not every few seconds.
   */
  async refreshPosted(instance: ReviewInstance): Promise<{ updated: number; failed: number }> {
    const posted = (await this.deps.cards.listBySubject("review", instance.id)).filter((c) => c.role === "reviewer");
    let updated = 0;
    let failed = 0;
    for (const card of posted) {
      try {
        const state = await this.loadFor(card.recipientAadObjectId, instance.definitionId, instance.id);
        if (await this.updateIfChanged(card, this.render({ ...state, instance }, card.recipientAadObjectId, {}))) updated++;
      } catch (error) {
        failed++;
        this.deps.log.warn({ err: error, instanceId: instance.id, recipient: card.recipientAadObjectId }, "could not refresh a posted review digest");
      }
    }
    if (!isReviewOpen(instance) && failed === 0) await this.deps.cards.markSettled("review", instance.id);
    return { updated, failed };
  }

  /** {@link refreshPosted} for every instance with unsettled digests (one pass of the reconcile loop). */
  async refreshAllPosted(): Promise<{ updated: number; failed: number }> {
    const subjects = await this.deps.cards.listUnsettledSubjects("review");
    if (subjects.length === 0) return { updated: 0, failed: 0 };
    const inProgress = new Map((await this.reviews.listInstancesInProgress()).map((i) => [i.id, i]));
    let updated = 0;
    let failed = 0;
    for (const id of subjects) {
      const instance = inProgress.get(id) ?? (await this.reviews.findInstance(id));
      if (!instance) {
        // Gone from Entra: nothing will change these cards again.
        await this.deps.cards.markSettled("review", id);
        continue;
      }
      const result = await this.refreshPosted(instance);
      updated += result.updated;
      failed += result.failed;
    }
    return { updated, failed };
  }

  private async updateIfChanged(stored: PostedCard, spec: CardSpec): Promise<boolean> {
    const { cards, notifier, clock, log } = this.deps;
    const hash = fingerprintCard(spec);
    if (hash === stored.cardHash) return false;
    try {
      await notifier.updateCard(stored.recipientAadObjectId, { conversationId: stored.conversationId, activityId: stored.activityId }, spec);
      await cards.updateHash(stored, hash, clock.now());
      return true;
    } catch (error) {
      log.warn({ err: error, instanceId: stored.subjectId, recipient: stored.recipientAadObjectId }, "could not update a posted review digest; the next refresh will");
      return false;
    }
  }

  private async loadFor(userId: string, definitionId: string, instanceId: string): Promise<Omit<DigestState, "instance">> {
    const [items, person] = await Promise.all([
      this.reviews.listReviewerItems(this.deps.userTokens(userId), definitionId, instanceId),
      this.deps.directory.getPerson(userId).catch((error: unknown) => {
        if (error instanceof GovernanceError) return null; // no zone known: the card shows UTC
        throw error;
      }),
    ]);
    return { items, timeZone: person?.timeZone ?? "UTC" };
  }
}
