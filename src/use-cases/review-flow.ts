import { createHash } from "node:crypto";
import { isPending, isReviewOpen, REVIEWER_DECISIONS, type ReviewerDecision, type ReviewInstance, type ReviewItem } from "../domain/model/access-review.js";
import { reasonInputId } from "../domain/views/review-digest-view.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import type { CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { PostedMessage } from "./notifier.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ClickOrigin } from "./request-flow.js";
import { ReviewDigests, type AccessReviewPort, type DigestState, type DigestView } from "./review-digests.js";

export { digestKey, type AccessReviewPort } from "./review-digests.js";

const DECIDE_LEASE_MS = 60_000;

/** The card buttons of review digests (Action.Execute verbs) that {@link ReviewFlow.onAction} answers. */
export const REVIEW_VERBS = ["review.decide", "review.acceptAll", "review.refresh"] as const;
export type ReviewVerb = (typeof REVIEW_VERBS)[number];

/** Someone clicking in Teams, as Teams vouches for them. */
export interface ReviewActor {
  aadObjectId: string;
  name: string;
}

interface CardRef {
  definitionId: string;
  instanceId: string;
  page: number;
}

const DECISION_WORDS: Record<ReviewerDecision, string> = { Approve: "Approved", Deny: "Denied", DontKnow: "Marked \u201cdon't know\u201d" };

/**
 * Access review decisions in Teams: one digest card per reviewer and instance, and the clicks on it.
 * Every click is authorised by Entra itself (the clicker's items are read with their own token; the
 * card's data only says which item), recorded with the reviewer's delegated token, made once per
 * (item, reviewer, decision) whatever Teams repeats, audited, and answered with the card re-read from
 * Entra, which Teams puts in place of the clicked one.
 */
export class ReviewFlow {
  /** Reading, posting and refreshing digests; also what the reconcile loop calls ({@link ReviewDigests.refreshAllPosted}). */
  readonly digests: ReviewDigests;

  constructor(
    private readonly deps: GatepassDeps,
    private readonly reviews: AccessReviewPort,
  ) {
    this.digests = new ReviewDigests(deps, reviews);
  }

  /** The reviewer's digest card for one instance, read from Entra with their own token. */
  digestFor(reviewerId: string, definitionId: string, instanceId: string, view: DigestView = {}): Promise<CardSpec> {
    return this.digests.digestFor(reviewerId, definitionId, instanceId, view);
  }

  /** Posts the reviewer's digest to their 1:1 chat and records it; null when the bot cannot reach them yet. */
  postDigest(reviewerId: string, definitionId: string, instanceId: string): Promise<PostedMessage | null> {
    return this.digests.post(reviewerId, definitionId, instanceId);
  }

  /**
   * A button on a digest card: `review.decide` ({definitionId, instanceId, decisionId, decision} plus
   * the card's reason boxes), `review.acceptAll` and `review.refresh` ({definitionId, instanceId, page}).
   */
  async onAction(person: ReviewActor, verb: string, data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    const ref = readRef(data);
    if (!ref) return textReply("That button doesn't say which access review it is for. Open the review again from its latest card.");
    const typed = readTyped(data);
    try {
      switch (verb as ReviewVerb) {
        case "review.refresh":
          return cardReply(await this.digestFor(person.aadObjectId, ref.definitionId, ref.instanceId, { page: ref.page, typed }));
        case "review.decide":
          return await this.decide(person.aadObjectId, ref, data, typed, origin);
        case "review.acceptAll":
          return await this.acceptAll(person.aadObjectId, ref, typed, origin);
        default:
          return textReply("That button belongs to an older version of this card. Say \"help\" to start again.");
      }
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "open this access review"));
      throw error;
    }
  }

  private async decide(userId: string, ref: CardRef, data: Record<string, unknown>, typed: Record<string, string>, origin: ClickOrigin): Promise<Reply> {
    const decisionId = typeof data.decisionId === "string" ? data.decisionId : "";
    const decision = REVIEWER_DECISIONS.find((d) => d === data.decision);
    if (!decisionId || !decision) return textReply("That button is missing what it decides. Press Refresh on the review card and try again.");
    const { idempotency, clock } = this.deps;
    const state = await this.load(userId, ref);
    const item = state.items.find((i) => i.id === decisionId);
    const reason = (typed[decisionId] ?? "").trim();
    const view = { page: ref.page, typed };
    const audit = (outcome: "ok" | "failed" | "refused", action: `review.${string}`, why: string | null, details: object = {}) =>
      this.audit(userId, ref, origin, outcome, action, why, { decisionId, decision, principalId: item?.principal.id ?? null, ...details });

    if (!item) {
      await audit("refused", "review.refused", "not a reviewer of this item");
      if (state.items.length === 0) return textReply(notReviewerSentence(state.instance));
      return cardReply(this.render(state, userId, { ...view, error: "That item is not yours to review (Entra lists it for other reviewers), so nothing was changed." }));
    }
    if (!isReviewOpen(state.instance)) {
      await audit("refused", "review.refused", `instance is ${state.instance.status}`);
      return cardReply(this.render(state, userId, { ...view, error: "This review is no longer in progress, so decisions can't be recorded or changed." }));
    }
    const who = firstName(item);
    if (decision === "Approve" && state.instance.justificationRequiredOnApproval && !reason) {
      await audit("refused", "review.refused", "missing justification");
      return cardReply(this.render(state, userId, { ...view, itemErrors: { [decisionId]: `Give a reason before you approve ${who}: this review asks for one.` } }));
    }
    if (item.decision === decision && item.reviewedBy?.id === userId && (item.justification ?? "") === reason) {
      return cardReply(this.render(state, userId, { ...view, typed: without(typed, decisionId), notice: `Already recorded: ${DECISION_WORDS[decision].toLowerCase()} for ${item.principal.displayName}.` }));
    }

    // One decision per item, reviewer and choice against the state the clicker saw: a repeated invoke or
    // a double click acts once, while a later change of mind (a new state) is a new key.
    const key = `review.decide:${decisionId}:${userId}:${decision}:${item.reviewedAt?.toISOString() ?? "new"}`;
    const claim = await idempotency.claim(key, DECIDE_LEASE_MS, clock.now());
    if (claim.status !== "claimed") {
      const fresh = await this.load(userId, ref);
      return cardReply(this.render(fresh, userId, { ...view, typed: without(typed, decisionId), notice: claim.status === "busy" ? "Your decision is being recorded." : undefined }));
    }
    try {
      await this.reviews.recordDecision(this.deps.userTokens(userId), ref.definitionId, ref.instanceId, decisionId, decision, reason || null);
    } catch (error) {
      await idempotency.release(key, claim.token);
      if (!(error instanceof GovernanceError)) throw error;
      await audit(error.code === "Forbidden" ? "refused" : "failed", "review.failed", error.message, { code: error.code });
      return this.afterFailure(error, userId, ref, view, decisionId, who);
    }
    await idempotency.complete(key, claim.token, { decision }, clock.now());
    await audit("ok", "review.decided", reason || null);
    const fresh = await this.load(userId, ref);
    const spec = this.render(fresh, userId, { ...view, typed: without(typed, decisionId), notice: `Recorded in Entra: ${DECISION_WORDS[decision].toLowerCase()} for ${item.principal.displayName}.` });
    await this.digests.afterClick(userId, fresh, spec, origin.cardActivityId);
    return cardReply(spec);
  }

  private async acceptAll(userId: string, ref: CardRef, typed: Record<string, string>, origin: ClickOrigin): Promise<Reply> {
    const { idempotency, clock } = this.deps;
    const state = await this.load(userId, ref);
    const view = { page: ref.page, typed };
    if (state.items.length === 0) {
      await this.audit(userId, ref, origin, "refused", "review.refused", "not a reviewer of this instance", { via: "acceptRecommendations" });
      return textReply(notReviewerSentence(state.instance));
    }
    if (!isReviewOpen(state.instance)) {
      return cardReply(this.render(state, userId, { ...view, error: "This review is no longer in progress, so recommendations can't be accepted." }));
    }
    const targets = state.items.filter((i) => isPending(i) && i.recommendation !== "NoInfoAvailable");
    if (targets.length === 0) return cardReply(this.render(state, userId, { ...view, notice: "Nothing left to accept: every item with a recommendation is decided." }));

    const fingerprint = createHash("sha256").update(targets.map((i) => i.id).sort().join(",")).digest("base64url").slice(0, 16);
    const key = `review.acceptAll:${ref.instanceId}:${userId}:${fingerprint}`;
    const claim = await idempotency.claim(key, DECIDE_LEASE_MS, clock.now());
    if (claim.status !== "claimed") return cardReply(this.render(await this.load(userId, ref), userId, view));
    try {
      await this.reviews.acceptRecommendations(this.deps.userTokens(userId), ref.definitionId, ref.instanceId);
    } catch (error) {
      await idempotency.release(key, claim.token);
      if (!(error instanceof GovernanceError)) throw error;
      await this.audit(userId, ref, origin, error.code === "Forbidden" ? "refused" : "failed", "review.failed", error.message, { via: "acceptRecommendations", code: error.code });
      return this.afterFailure(error, userId, ref, view, null, "");
    }
    await idempotency.complete(key, claim.token, { accepted: targets.length }, clock.now());
    const fresh = await this.load(userId, ref);
    // Each decision Entra recorded is audited on its own, as if clicked one by one.
    const decided = fresh.items.filter((i) => !isPending(i) && targets.some((t) => t.id === i.id));
    for (const i of decided) {
      await this.audit(userId, ref, origin, "ok", "review.decided", null, { decisionId: i.id, decision: i.decision, principalId: i.principal.id, via: "acceptRecommendations" });
    }
    const approved = decided.filter((i) => i.decision === "Approve").length;
    const notice = `Accepted Entra's recommendations: ${approved} approved, ${decided.length - approved} denied.`;
    const spec = this.render(fresh, userId, { ...view, notice });
    await this.digests.afterClick(userId, fresh, spec, origin.cardActivityId);
    return cardReply(spec);
  }

  /** The card after Entra refused or failed a decision: what happened, with everything typed kept. */
  private async afterFailure(error: GovernanceError, userId: string, ref: CardRef, view: { page: number; typed: Record<string, string> }, decisionId: string | null, who: string): Promise<Reply> {
    if (error.code === "SignInRequired") return textReply(describeGovernanceError(error, "record your decision"));
    const fresh = await this.load(userId, ref);
    if (error.code === "Forbidden") {
      if (fresh.items.length === 0) return textReply(notReviewerSentence(fresh.instance));
      return cardReply(this.render(fresh, userId, { ...view, error: `Entra says you can't decide that: ${error.message} Nothing was changed.` }));
    }
    if (error.code === "BadRequest" && decisionId && /justification/i.test(`${error.details.graphCode ?? ""} ${error.message}`)) {
      return cardReply(this.render(fresh, userId, { ...view, itemErrors: { [decisionId]: `Give a reason before you approve ${who}: this review asks for one.` } }));
    }
    if (error.code === "Conflict") return cardReply(this.render(fresh, userId, { ...view, error: "This review is no longer in progress, so decisions can't be recorded or changed." }));
    return cardReply(this.render(fresh, userId, { ...view, error: describeGovernanceError(error, "record your decision") }));
  }

  private load(userId: string, ref: CardRef): Promise<DigestState> {
    return this.digests.load(userId, ref.definitionId, ref.instanceId);
  }

  private render(state: DigestState, userId: string, view: DigestView): CardSpec {
    return this.digests.render(state, userId, view);
  }

  private async audit(userId: string, ref: CardRef, origin: ClickOrigin, outcome: "ok" | "failed" | "refused", action: `review.${string}`, reason: string | null, details: object): Promise<void> {
    await this.deps.audit.append({
      occurredAt: this.deps.clock.now(),
      actorAadObjectId: userId,
      action,
      subjectType: "review",
      subjectId: ref.instanceId,
      outcome,
      reason,
      details: { definitionId: ref.definitionId, ...details },
      conversationId: origin.conversationId,
      activityId: origin.cardActivityId,
    });
  }
}

function readRef(data: Record<string, unknown>): CardRef | null {
  const definitionId = typeof data.definitionId === "string" ? data.definitionId : "";
  const instanceId = typeof data.instanceId === "string" ? data.instanceId : "";
  if (!definitionId || !instanceId) return null;
  const page = Number(data.page ?? 0);
  return { definitionId, instanceId, page: Number.isInteger(page) && page >= 0 ? page : 0 };
}

/** The reason boxes Teams merged into the click's data, by decision item id. */
function readTyped(data: Record<string, unknown>): Record<string, string> {
  const prefix = reasonInputId("");
  const typed: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith(prefix) && typeof value === "string" && value.trim() !== "") typed[key.slice(prefix.length)] = value;
  }
  return typed;
}

function without(typed: Record<string, string>, decisionId: string): Record<string, string> {
  const { [decisionId]: _used, ...rest } = typed;
  return rest;
}

function firstName(item: ReviewItem): string {
  const name = item.principal.displayName || item.principal.upn || "this person";
  return name.split(/\s+/)[0] ?? name;
}

function notReviewerSentence(instance: ReviewInstance): string {
  return `Entra doesn't list you as a reviewer of "${instance.displayName}", so you can read this card but not decide on it. Nothing was changed.`;
}
