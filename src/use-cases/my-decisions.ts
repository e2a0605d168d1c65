import { mapInTurns } from "../domain/async/map-in-turns.js";
import type { AccessRequest } from "../domain/model/access-request.js";
import { isPending, type ReviewInstance, type ReviewItem } from "../domain/model/access-review.js";
import type { PimRequest } from "../domain/model/pim-request.js";
import { describeRequestProgress } from "../domain/requests/describe-request-progress.js";
import {
  approvalStageDecision,
  myDecisionsView,
  pimApprovalDecision,
  reviewInstanceDecision,
  type DecisionViewer,
  type WaitingDecision,
} from "../domain/views/my-decisions-view.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import type { CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { PeopleDirectory } from "./person-context.js";
import type { PimFlow } from "./pim-flow.js";
import type { RequestReconciler } from "./reconcile-request.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ReviewFlow } from "./review-flow.js";

/** Delegated reads of reviewers' items at once (one per review instance they review). */
const ITEM_READS_IN_FLIGHT = 4;

/** A request waiting on the approver, with the stage it waits at. */
type WaitingApproval =
  | { kind: "request"; request: AccessRequest; stageIndex: number; decision: WaitingDecision }
  | { kind: "pim"; request: PimRequest; decision: WaitingDecision };

/**
 * The "approvals" and "reviews" chat commands: what waits for the person's own decision, read from
 * Entra as that person. One thing comes as the card where it is decided, so they can decide right
 * there; several come as a list whose "Open" buttons give those cards (the nudge digests' card and
 * verbs); nothing is a plain sentence.
 */
export class MyDecisions {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly people: PeopleDirectory,
    private readonly reconciler: RequestReconciler,
    private readonly pim: PimFlow | null,
    private readonly reviews: ReviewFlow | null,
  ) {}

  /**
   * Requests waiting for the person as an approver: access package stages from Entra's
   * `filterByCurrentUser(on='approver')` with their delegated token, and PIM activations whose
   * approvers include them. Graph has no per-approver PIM listing in v1.0, so those come from the app's
   * list of pending activations (the same read the nudge pass makes; policies and groups are cached),
   * and the card they open is read with the person's own token, so Entra still says who may decide.
   */
  async approvals(userId: string): Promise<Reply> {
    try {
      const viewer = await this.viewer(userId);
      const [requests, pim] = await Promise.all([this.waitingRequests(userId, viewer), this.waitingPim(userId, viewer)]);
      const waiting = [...requests, ...pim.waiting];
      // With PIM unread the list says so, even for one request (its card alone could not).
      const only = waiting.length === 1 && !pim.unread ? waiting[0]! : null;
      if (only) return cardReply(await this.approvalCard(userId, only));
      if (waiting.length > 0) {
        const data = myDecisionsView("approvals", waiting.map((w) => w.decision), viewer.now);
        if (pim.unread) data.title = `${String(data.title)}. I couldn't read PIM activations just now; say "approvals" again in a minute to check those.`;
        return cardReply({ template: "reminders", summary: `${waiting.length} requests wait for your approval`, data });
      }
      return textReply(
        pim.unread
          ? "No access package request waits for your approval. I couldn't read PIM activations just now; say \"approvals\" again in a minute to check those."
          : "Nothing waits for your approval.",
      );
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "read what waits for your approval"));
      throw error;
    }
  }

  /**
   * Access review instances in progress where the person still has decisions to make, read with their
   * delegated token: the reviews Entra lists for them (`filterByCurrentUser(on='reviewer')`), then their
   * own items in each, a few instances at a time.
   */
  async reviewsOf(userId: string): Promise<Reply> {
    const flow = this.reviews;
    const port = this.deps.reviews;
    if (!flow || !port) return textReply("Access reviews are not handled by this bot: open them in My Access.");
    try {
      const user = this.deps.userTokens(userId);
      const [instances, viewer] = await Promise.all([port.listMyInstancesInProgress(user), this.viewer(userId)]);
      const read = await mapInTurns(instances, ITEM_READS_IN_FLIGHT, async (instance) => ({
        instance,
        items: await port.listReviewerItems(user, instance.definitionId, instance.id),
      }));
      const open = read.filter((r) => r.items.some(isPending));
      if (open.length === 0) return textReply("No access review waits for your decisions.");
      if (open.length === 1) return cardReply(this.digest(flow, userId, open[0]!, viewer));
      const decisions = open.map((r) => reviewInstanceDecision(r.instance, r.items.filter(isPending).length, viewer));
      return cardReply({
        template: "reminders",
        summary: `${open.length} access reviews wait for your decisions`,
        data: myDecisionsView("reviews", decisions, viewer.now),
      });
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "read your access reviews"));
      throw error;
    }
  }

  private digest(flow: ReviewFlow, userId: string, read: { instance: ReviewInstance; items: ReviewItem[] }, viewer: DecisionViewer): CardSpec {
    // The items just read are the digest's own: no second read.
    return flow.digests.render({ instance: read.instance, items: read.items, timeZone: viewer.timeZone }, userId, {});
  }

  private async waitingRequests(userId: string, viewer: DecisionViewer): Promise<WaitingApproval[]> {
    const { entitlement } = this.deps;
    const pending = await entitlement.listMyApprovals(this.deps.userTokens(userId));
    const out: WaitingApproval[] = [];
    for (const { request, stages } of pending) {
      if (!request.policyId) continue;
      const policy = await entitlement.getApprovalPolicy(request.policyId);
      const progress = describeRequestProgress(request, policy, stages, viewer.now);
      // Entra lists it, but it no longer waits (decided a moment ago, or past its deadline).
      if (progress.phase !== "waiting") continue;
      const decision = approvalStageDecision(request, { index: progress.stageIndex, count: progress.stageCount, autoDenyAt: progress.autoDenyAt }, viewer);
      out.push({ kind: "request", request, stageIndex: progress.stageIndex, decision });
    }
    return out;
  }

  /** PIM activations the person may approve; `unread` when PIM could not be read (the rest still answers). */
  private async waitingPim(userId: string, viewer: DecisionViewer): Promise<{ waiting: WaitingApproval[]; unread: boolean }> {
    const port = this.deps.pim;
    if (!this.pim || !port) return { waiting: [], unread: false };
    try {
      const pending = await port.listPendingActivations();
      const waiting = pending
        // Still listed a moment past its 24 hours, before Entra gets round to timing it out: no longer decidable.
        .filter((p) => p.approverIds.includes(userId) && p.request.principalId !== userId && p.request.deadline.getTime() > viewer.now.getTime())
        .map((p): WaitingApproval => ({ kind: "pim", request: p.request, decision: pimApprovalDecision(p.request, viewer) }));
      return { waiting, unread: false };
    } catch (error) {
      if (!(error instanceof GovernanceError)) throw error;
      this.deps.log.warn({ err: error, userId }, "could not read pending PIM activations for the approvals command");
      return { waiting: [], unread: true };
    }
  }

  private async approvalCard(userId: string, waiting: WaitingApproval): Promise<CardSpec> {
    if (waiting.kind === "pim") return this.pim!.approvalCard(waiting.request, userId);
    // As "Open" on a reminders digest does: the stage's card, read from Entra now.
    const snap = await this.reconciler.snapshot(waiting.request.id, userId, waiting.request);
    const index = snap.progress.phase === "waiting" ? snap.progress.stageIndex : waiting.stageIndex;
    const source = snap.approvers.get(index)?.find((a) => a.userId === userId)?.source ?? "primary";
    return this.reconciler.approverCard(snap, index, userId, source);
  }

  /** The person's zone for deadlines; UTC when the directory cannot say (the answer still comes). */
  private async viewer(userId: string): Promise<DecisionViewer> {
    const person = await this.people.get(userId).catch((error: unknown) => {
      if (error instanceof GovernanceError) return null;
      throw error;
    });
    return { timeZone: person?.timeZone ?? "UTC", now: this.deps.clock.now() };
  }
}
