import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { RequestReconciler } from "./reconcile-request.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ClickOrigin } from "./request-flow.js";

const DECIDE_LEASE_MS = 60_000;

export interface DecisionInput {
  requestId?: unknown;
  stageId?: unknown;
  decision?: unknown;
  justification?: unknown;
}

/**
 * Approve or Deny from an approval card. The clicker is authorised from Entra's state (never from the
 * card's data), the decision is recorded in Entra with their own delegated token, and then the one
 * reconcile path updates every card: this approver's, the other approvers', the requester's, and the
 * next stage's approvers get theirs.
 */
export class ApprovalFlow {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly reconciler: RequestReconciler,
  ) {}

  async decide(userId: string, input: DecisionInput, origin: ClickOrigin): Promise<Reply> {
    const requestId = typeof input.requestId === "string" ? input.requestId : "";
    const stageId = typeof input.stageId === "string" ? input.stageId : "";
    const decision = input.decision === "Approve" || input.decision === "Deny" ? input.decision : null;
    const justification = typeof input.justification === "string" ? input.justification.trim() : "";
    if (!requestId || !stageId || !decision) return textReply("That button is missing what it decides. Open the request again from \"my approvals\".");
    const { entitlement, idempotency, audit, clock, userTokens } = this.deps;

    let snap;
    try {
      snap = await this.reconciler.snapshot(requestId, userId);
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "load this request"));
      throw error;
    }
    const index = snap.stages.findIndex((s) => s.id === stageId);
    const refuse = async (sentence: string, why: string) => {
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "approval.refused", subjectType: "request", subjectId: requestId, outcome: "refused", reason: why, details: { stageId, decision }, conversationId: origin.conversationId, activityId: origin.cardActivityId });
      const card = index >= 0 ? await this.reconciler.approverCard(snap, index, userId, "primary", sentence) : null;
      return card ? cardReply(card) : textReply(sentence);
    };
    if (userId === snap.request.targetUserId) return refuse("You can't approve or deny your own request.", "self-approval");
    const stage = snap.stages[index];
    if (!stage || index < 0) return refuse("This card is out of date: the stage it was for is no longer part of the request.", "unknown stage");
    const isApprover = (snap.approvers.get(index) ?? []).some((a) => a.userId === userId);
    if (snap.progress.phase !== "waiting" || snap.progress.stageIndex !== index || stage.status !== "InProgress") {
      // Decided by someone else, canceled, denied at the deadline, delivered: show the outcome instead.
      return cardReply(await this.reconciler.approverCard(snap, index, userId, "primary"));
    }
    if (!isApprover) return refuse("Only this stage's approvers can decide it; you can see it, but not change it.", "not an approver");
    if (!justification && snap.policy.stages[index]?.isApproverJustificationRequired) {
      return refuse(`Give a reason before you ${decision === "Approve" ? "approve" : "deny"}: this stage asks approvers for one.`, "missing justification");
    }

    // One decision per approver and stage, however often Teams repeats the invoke or the person clicks.
    const key = `decide:${requestId}:${stageId}:${userId}`;
    const claim = await idempotency.claim(key, DECIDE_LEASE_MS, clock.now());
    if (claim.status !== "claimed") {
      const fresh = await this.reconciler.reconcile(requestId, userId);
      return fresh ? cardReply(await this.reconciler.approverCard(fresh, index, userId, "primary")) : textReply("Your decision is being recorded.");
    }
    try {
      await entitlement.decideStage(userTokens(userId), requestId, stageId, decision, justification);
    } catch (error) {
      await idempotency.release(key, claim.token);
      if (!(error instanceof GovernanceError)) throw error;
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "approval.failed", subjectType: "request", subjectId: requestId, outcome: error.code === "Forbidden" ? "refused" : "failed", reason: error.message, details: { stageId, decision, code: error.code }, conversationId: origin.conversationId, activityId: origin.cardActivityId });
      if (error.code === "Conflict") {
        const fresh = await this.reconciler.reconcile(requestId, userId);
        return fresh ? cardReply(await this.reconciler.approverCard(fresh, index, userId, "primary")) : textReply(describeGovernanceError(error, "record your decision"));
      }
      return cardReply(await this.reconciler.approverCard(snap, index, userId, "primary", describeGovernanceError(error, "record your decision")));
    }
    await idempotency.complete(key, claim.token, { decision }, clock.now());
    await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "approval.decided", subjectType: "request", subjectId: requestId, outcome: "ok", reason: justification || null, details: { stageId, stageIndex: index, decision }, conversationId: origin.conversationId, activityId: origin.cardActivityId });
    const fresh = await this.reconciler.reconcile(requestId, userId);
    if (!fresh) return textReply("Your decision is recorded in Entra.");
    return cardReply(await this.reconciler.approverCard(fresh, index, userId, "primary"));
  }
}
