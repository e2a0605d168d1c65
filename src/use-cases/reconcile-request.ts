import { resolveStageApprovers, type ApproverSource } from "../domain/approvals/resolve-stage-approvers.js";
import type { AccessRequest } from "../domain/model/access-request.js";
import type { ApprovalPolicy } from "../domain/model/approval-policy.js";
import type { ApprovalStage } from "../domain/model/approval-stage.js";
import type { PackageSummary } from "../domain/model/package-summary.js";
import { describeRequestProgress, type RequestProgress } from "../domain/requests/describe-request-progress.js";
import { approvalView, type ApprovalFacts } from "../domain/views/approval-view.js";
import { requestStatusView } from "../domain/views/request-status-view.js";
import { GovernanceError } from "../governance/governance-error.js";
import type { PostedCard } from "../store/posted-cards.js";
import { fingerprintCard, type CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import { WorkLane } from "./work-lane.js";
import type { PeopleDirectory } from "./person-context.js";

/** App-only package summaries, kept for ten minutes; a failed read gives none (the card says less). */
class PackageSummaries {
  private readonly cache = new Map<string, { at: number; summary: Promise<PackageSummary | undefined> }>();
  constructor(private readonly deps: GatepassDeps) {}

  get(packageId: string): Promise<PackageSummary | undefined> {
    const hit = this.cache.get(packageId);
    if (hit && Date.now() - hit.at < 10 * 60_000) return hit.summary;
    const summary = this.deps.entitlement.getPackageSummary(packageId).catch((error: unknown) => {
      this.deps.log.warn({ err: error, packageId }, "could not read the package for an approval card");
      this.cache.delete(packageId);
      return undefined;
    });
    this.cache.set(packageId, { at: Date.now(), summary });
    return summary;
  }
}

/** A request as the cards need it: Entra's state, its policy, stages, progress and approvers. */
export interface RequestSnapshot {
  request: AccessRequest;
  policy: ApprovalPolicy;
  stages: ApprovalStage[];
  progress: RequestProgress;
  /** Approvers per stage index, for the stages that have started. */
  approvers: Map<number, { userId: string; source: ApproverSource }[]>;
}

/** What a snapshot needs of the approval stages (see {@link RequestReconciler.snapshot}). */
export type StageNeed = "read" | "ifSeveral" | "first";

const POST_LEASE_MS = 60_000;
/** Reconciles after an answer that run at once; more wait their turn (see reconcileLater). */
const BACKGROUND_RECONCILES = 2;
const FINAL_PHASES = new Set(["denied", "canceled", "expired", "failed"]);

/**
 * The one path from Entra's state to the cards (design.md): read the request, render each
 * recipient's card from that state, post it where it is missing and update it where the rendering
 * changed. A click in Teams, a decision in My Access, Entra's automatic denial and expiry all reach the
 * cards this way.
 */
export class RequestReconciler {
  private readonly running = new Map<string, Promise<RequestSnapshot | null>>();
  /** Package facts change rarely; approvers' cards read them often. */
  private readonly packages: PackageSummaries;
  /** Reconciles that follow an answer already given (see reconcileLater). */
  private readonly lane = new WorkLane(BACKGROUND_RECONCILES);

  constructor(
    private readonly deps: GatepassDeps,
    private readonly people: PeopleDirectory,
  ) {
    this.packages = new PackageSummaries(deps);
  }

  /**
   * Brings every card of one request up to date. Calls for the same request run one after another, so
   * a click and the poller never post the same card twice from one process (claims cover the rest).
   */
  reconcile(requestId: string, reader?: string): Promise<RequestSnapshot | null> {
    const previous = this.running.get(requestId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.reconcileNow(requestId, reader));
    this.running.set(requestId, next);
    void next.finally(() => {
      if (this.running.get(requestId) === next) this.running.delete(requestId);
    });
    return next;
  }

  /**
   * Reconciles after the person has had their answer: approvers' cards go out a few at a time, so a
   * burst of submissions does not hold every chat turn behind dozens of card postings (each a few Graph
   * reads, a connector call and store writes). Nothing is lost if the process stops first: the
   * reconcile loop reads every open request and posts what is missing.
   */
  reconcileLater(requestId: string): void {
    this.lane.push(() =>
      // Read afresh when its turn comes: the request may have been canceled or decided meanwhile.
      this.reconcile(requestId).then(
        () => undefined,
        (error: unknown) => this.deps.log.error({ err: error, requestId }, "posting approval cards failed; the reconcile loop will retry"),
      ),
    );
  }

  /**
   * Reads a request (or takes the one just read) and works out where it stands, without touching any card.
   * `stages` says what the caller needs of the approval stages, which only an approver may read (each read
   * is an approver's token and a call): "read" (cards that show a stage's outcome or let someone decide
   * it), "ifSeveral" (where the request waits: with one stage that is the first, escalation being a
   * matter of time), "first" (the request was just filed, so it waits on its first stage).
   */
  async snapshot(requestId: string, reader?: string, known?: AccessRequest, stages: StageNeed = "read"): Promise<RequestSnapshot> {
    const { entitlement, directory, clock } = this.deps;
    const request = known ?? (await entitlement.getRequest(requestId));
    const policy = request.policyId
      ? await entitlement.getApprovalPolicy(request.policyId)
      : { policyId: "", isApprovalRequired: false, isApprovalRequiredForUpdate: false, isRequestorJustificationRequired: false, stages: [] };
    const approvers = new Map<number, { userId: string; source: ApproverSource }[]>();
    const resolveFor = async (index: number, escalated: boolean) => {
      const stagePolicy = policy.stages[index];
      if (!stagePolicy) return [];
      const facts = await directory.getApproverFacts(request.targetUserId, stagePolicy, escalated);
      return resolveStageApprovers(stagePolicy, facts, escalated);
    };
    const worthReading = stages === "read" || (stages === "ifSeveral" && policy.stages.length > 1);
    // Only approvers may read a request's stages (Entra allows no app-only read), so read them as one.
    let read: ApprovalStage[] = [];
    if (worthReading && policy.isApprovalRequired && policy.stages.length > 0 && request.requestType !== "adminAdd") {
      const candidates = [...new Set([...(reader ? [reader] : []), ...(await resolveFor(0, true)).map((a) => a.userId)])];
      read = await this.readStages(request.id, candidates);
      for (let i = 1; i < policy.stages.length && read.length === 0; i++) {
        read = await this.readStages(request.id, (await resolveFor(i, true)).map((a) => a.userId));
      }
    }
    const progress = describeRequestProgress(request, policy, read, clock.now());
    const current = progress.phase === "waiting" ? progress.stageIndex : read.filter((s) => s.status !== "NotStarted").length - 1;
    for (let i = 0; i <= Math.max(current, 0) && i < policy.stages.length; i++) {
      const escalated = progress.phase === "waiting" && progress.stageIndex === i && progress.escalated;
      approvers.set(i, await resolveFor(i, escalated));
    }
    return { request, policy, stages: read, progress, approvers };
  }

  private async readStages(requestId: string, readers: readonly string[]): Promise<ApprovalStage[]> {
    for (const userId of readers) {
      try {
        return await this.deps.entitlement.getApprovalStages(this.deps.userTokens(userId), requestId);
      } catch (error) {
        if (error instanceof GovernanceError && (error.code === "Forbidden" || error.code === "SignInRequired" || error.code === "NotFound")) continue;
        throw error;
      }
    }
    return [];
  }

  private async reconcileNow(requestId: string, reader?: string): Promise<RequestSnapshot | null> {
    let snap: RequestSnapshot;
    try {
      snap = await this.snapshot(requestId, reader);
    } catch (error) {
      if (error instanceof GovernanceError && error.code === "NotFound") {
        // Removed from Entra (or a demo tenant reset): nothing will change it again, so stop watching.
        this.deps.log.warn({ requestId }, "request no longer exists in Entra; its cards are left as they are");
        await this.deps.cards.markSettled("request", requestId);
        return null;
      }
      throw error;
    }
    const existing = await this.deps.cards.listBySubject("request", requestId);
    await this.syncRequesterCard(snap, existing);
    await this.syncApproverCards(snap, existing);
    if (FINAL_PHASES.has(snap.progress.phase)) await this.deps.cards.markSettled("request", requestId);
    return snap;
  }

  /** The requester's status card: updated when it exists (requests made in Teams have one). */
  private async syncRequesterCard(snap: RequestSnapshot, existing: PostedCard[]): Promise<void> {
    const card = existing.find((c) => c.role === "requester" && c.recipientAadObjectId === snap.request.targetUserId);
    if (!card) return;
    const spec = await this.requesterCard(snap);
    await this.update(card, spec);
  }

  async requesterCard(snap: RequestSnapshot): Promise<CardSpec> {
    const person = await this.people.get(snap.request.targetUserId);
    const waitingOn = snap.progress.phase === "waiting" ? (snap.approvers.get(snap.progress.stageIndex) ?? []).map((a) => a.userId) : [];
    const names = await this.people.names(waitingOn);
    return {
      template: "request-status",
      summary: `${snap.request.packageDisplayName}: ${snap.progress.phase}`,
      data: requestStatusView(snap.request, snap.progress, {
        now: this.deps.clock.now(),
        timeZone: person.timeZone,
        approversOfStage: waitingOn,
        nameOf: (id) => names.get(id) ?? "someone",
      }),
    };
  }

  /** Every approver's card for every started stage: posted to current approvers, updated everywhere. */
  private async syncApproverCards(snap: RequestSnapshot, existing: PostedCard[]): Promise<void> {
    const currentStage = snap.progress.phase === "waiting" ? snap.progress.stageIndex : -1;
    for (const [index, approvers] of snap.approvers) {
      const stageKey = snap.stages[index]?.id ?? `stage-${index}`;
      const cardsOfStage = existing.filter((c) => c.role === "approver" && c.stageId === stageKey);
      const recipients = new Map(approvers.map((a) => [a.userId, a.source]));
      // People who got a card earlier stay recipients: their card must show the outcome too.
      for (const card of cardsOfStage) if (!recipients.has(card.recipientAadObjectId)) recipients.set(card.recipientAadObjectId, "primary");
      for (const [userId, source] of recipients) {
        const spec = await this.approverCard(snap, index, userId, source);
        const card = cardsOfStage.find((c) => c.recipientAadObjectId === userId);
        if (card) await this.update(card, spec);
        else if (index === currentStage && !FINAL_PHASES.has(snap.progress.phase)) await this.post(snap.request.id, stageKey, userId, spec);
      }
    }
  }

  async approverCard(snap: RequestSnapshot, index: number, userId: string, source: ApproverSource, error?: string): Promise<CardSpec> {
    const stage = snap.stages[index];
    const viewer = await this.people.get(userId);
    const deciders = stage?.reviewedBy ? [stage.reviewedBy.userId] : [];
    const names = await this.people.names([snap.request.targetUserId, ...deciders]);
    const pkg = await this.packages.get(snap.request.packageId);
    const facts: ApprovalFacts = {
      riskTier: pkg?.riskTier ?? (snap.policy.stages.length > 1 ? "high" : snap.policy.isApprovalRequired ? "medium" : "low"),
      grants: pkg?.grants.map((g) => `${g.resourceDisplayName} (${g.roleDisplayName})`).join(", ") || snap.request.packageDisplayName,
      stageCount: snap.policy.stages.length,
      isApproverJustificationRequired: snap.policy.stages[index]?.isApproverJustificationRequired ?? false,
      questions: pkg?.questions ?? new Map(),
    };
    const isCurrent = snap.progress.phase === "waiting" && snap.progress.stageIndex === index;
    const isApprover = (snap.approvers.get(index) ?? []).some((a) => a.userId === userId);
    const outcome =
      stage && stage.reviewResult !== "NotReviewed" && stage.reviewedAt
        ? {
            result: stage.reviewResult,
            byName: stage.reviewedBy?.displayName ?? names.get(stage.reviewedBy?.userId ?? "") ?? "an approver",
            at: stage.reviewedAt,
            justification: stage.justification,
          }
        : null;
    return {
      template: "approval",
      summary: `${snap.request.targetDisplayName} asks for ${snap.request.packageDisplayName}`,
      data: approvalView(
        snap.request,
        snap.progress,
        facts,
        {
          userId,
          timeZone: viewer.timeZone,
          stageIndex: index,
          stageId: stage?.id ?? "",
          canDecide: isCurrent && isApprover && stage !== undefined && userId !== snap.request.targetUserId,
          reasonAsked: source,
          stageOutcome: outcome,
          error,
        },
        { now: this.deps.clock.now(), nameOf: (id) => names.get(id) ?? "someone" },
      ),
    };
  }

  private async post(requestId: string, stageKey: string, userId: string, spec: CardSpec): Promise<void> {
    const { idempotency, notifier, cards, audit, together, clock } = this.deps;
    const key = `post:request:${requestId}:${stageKey}:${userId}`;
    const claim = await idempotency.claim(key, POST_LEASE_MS, clock.now());
    if (claim.status !== "claimed") return;
    try {
      const message = await notifier.postCard(userId, spec);
      if (!message) {
        await audit.append({ occurredAt: clock.now(), actorAadObjectId: null, action: "card.unreachable", subjectType: "request", subjectId: requestId, outcome: "failed", reason: `No way to reach ${userId} in Teams yet.`, details: { stageKey, recipient: userId } });
        await idempotency.release(key, claim.token);
        return;
      }
      // Posted: from here a failure must not free the key, or the next reconcile would post the card
      // again. The card, its audit row and the key done go as one write; failing that, the card row and
      // the key alone (what keeps it from being posted twice), and the failure is logged.
      const now = clock.now();
      const card = { subjectType: "request" as const, subjectId: requestId, stageId: stageKey, recipientAadObjectId: userId, role: "approver" as const, activityId: message.activityId, conversationId: message.conversationId, cardHash: fingerprintCard(spec) };
      await Promise.resolve()
        .then(() => together.run([
          cards.upsertStatement(card, now),
          audit.appendStatement({ occurredAt: now, actorAadObjectId: null, action: "card.posted", subjectType: "request", subjectId: requestId, outcome: "ok", reason: null, details: { stageKey, recipient: userId, role: "approver" }, conversationId: message.conversationId, activityId: message.activityId }),
          idempotency.completeStatement(key, claim.token, { activityId: message.activityId }, now),
        ]))
        .catch(async (error: unknown) => {
          this.deps.log.error({ err: error, requestId, recipient: userId }, "an approval card was posted but not recorded in one write; recording the card alone");
          await cards.upsert(card, now);
          await idempotency.complete(key, claim.token, { activityId: message.activityId }, now);
        })
        .catch((error: unknown) => this.deps.log.error({ err: error, requestId, recipient: userId }, "an approval card was posted but could not be recorded; it may be posted again after its claim's lease"));
    } catch (error) {
      await idempotency.release(key, claim.token);
      throw error;
    }
  }

  private async update(card: PostedCard, spec: CardSpec): Promise<void> {
    const hash = fingerprintCard(spec);
    if (card.cardHash === hash) return;
    await this.deps.notifier.updateCard(card.recipientAadObjectId, { conversationId: card.conversationId, activityId: card.activityId }, spec);
    await this.deps.cards.updateHash(card, hash, this.deps.clock.now());
  }
}
