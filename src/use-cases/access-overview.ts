import type { AccessRequest } from "../domain/model/access-request.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import { myAccessView } from "../domain/views/my-access-view.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { OfferCatalog } from "./offer-catalog.js";
import type { PeopleDirectory } from "./person-context.js";
import type { RequestReconciler } from "./reconcile-request.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ClickOrigin } from "./request-flow.js";

const OPEN_STATES = new Set(["submitted", "pendingApproval", "delivering", "scheduled"]);

/**
 * "My access": what the person has and what waits, read from Entra as them, so requests made in the
 * My Access portal show up as well as those made here.
 */
export class AccessOverview {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly people: PeopleDirectory,
    private readonly reconciler: RequestReconciler,
    private readonly offers: OfferCatalog,
  ) {}

  async show(userId: string): Promise<Reply> {
    const { entitlement, userTokens, clock } = this.deps;
    const user = userTokens(userId);
    try {
      const [{ assignments, requests }, person] = await Promise.all([entitlement.listMine(user), this.people.get(userId)]);
      const pending = requests.filter((r) => OPEN_STATES.has(r.state) && (r.requestType === "userAdd" || r.requestType === "userUpdate" || r.requestType === "adminAdd"));
      const whereWaiting = await Promise.all(pending.map((r) => this.whereWaiting(r)));
      return cardReply({
        template: "my-access",
        summary: "Your access",
        data: myAccessView(assignments, pending, whereWaiting, { now: clock.now(), timeZone: person.timeZone }),
      });
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "read your access"));
      throw error;
    }
  }

  private async whereWaiting(request: AccessRequest): Promise<string> {
    try {
      const snap = await this.reconciler.snapshot(request.id, undefined, request, "ifSeveral");
      if (snap.progress.phase !== "waiting") return snap.progress.phase === "delivering" ? "Approved, being granted now" : snap.progress.phase;
      const approvers = (snap.approvers.get(snap.progress.stageIndex) ?? []).map((a) => a.userId);
      const names = await this.people.names(approvers);
      const who = approvers.map((id) => names.get(id)).join(", ") || "the approvers";
      const stage = snap.progress.stageCount > 1 ? `stage ${snap.progress.stageIndex + 1} of ${snap.progress.stageCount}, ` : "";
      return `Waiting on ${stage}${who}`;
    } catch {
      return "Waiting for approval";
    }
  }

  /** Cancels a pending request as its requester; every card of it then shows it canceled. */
  async cancel(userId: string, requestId: string, origin: ClickOrigin): Promise<Reply> {
    const { entitlement, userTokens, audit, clock } = this.deps;
    try {
      await entitlement.cancelRequest(userTokens(userId), requestId);
    } catch (error) {
      if (!(error instanceof GovernanceError)) throw error;
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "request.cancel_failed", subjectType: "request", subjectId: requestId, outcome: "failed", reason: error.message, details: { code: error.code }, conversationId: origin.conversationId, activityId: origin.cardActivityId });
      return textReply(describeGovernanceError(error, "cancel that request"));
    }
    await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "request.canceled", subjectType: "request", subjectId: requestId, outcome: "ok", reason: null, details: {}, conversationId: origin.conversationId, activityId: origin.cardActivityId });
    this.offers.forget(userId);
    const snap = await this.reconciler.reconcile(requestId);
    return snap ? cardReply(await this.reconciler.requesterCard(snap)) : textReply("Canceled.");
  }
}
