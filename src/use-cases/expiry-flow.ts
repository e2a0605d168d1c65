import type { AccessAssignment } from "../domain/model/access-assignment.js";
import { expiryWarningView, type ExpiryChoice } from "../domain/views/expiry-warning-view.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import type { CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { OfferCatalog } from "./offer-catalog.js";
import type { PeopleDirectory } from "./person-context.js";
import type { RequestReconciler } from "./reconcile-request.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ClickOrigin } from "./request-flow.js";

const EXTEND_LEASE_MS = 2 * 60_000;

/**
 * Before access ends: the warning card, "Extend" (a `userUpdate` request filed as the person, which Entra
 * sends through the policy's approval when it asks for one) and "Let it expire".
 */
export class ExpiryFlow {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly people: PeopleDirectory,
    private readonly offers: OfferCatalog,
    private readonly reconciler: RequestReconciler,
  ) {}

  async warningCard(assignment: AccessAssignment, choice: ExpiryChoice = { kind: "none" }, error?: string): Promise<CardSpec> {
    const person = await this.people.get(assignment.targetUserId);
    const offer = await this.offers.find(assignment.targetUserId, assignment.packageId).catch(() => undefined);
    const policy = offer?.policies.find((p) => p.policyId === assignment.policyId) ?? offer?.policies[0];
    return {
      template: "expiry-warning",
      summary: `Your ${assignment.packageDisplayName} access ends soon`,
      data: expiryWarningView(assignment, {
        now: this.deps.clock.now(),
        timeZone: person.timeZone,
        canExtend: true,
        justificationRequired: policy?.isRequestorJustificationRequired ?? false,
        choice,
        error,
      }),
    };
  }

  async onAction(userId: string, verb: "access.extend" | "access.letExpire", data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    const assignmentId = typeof data.assignmentId === "string" ? data.assignmentId : "";
    const { entitlement, userTokens, clock, audit, idempotency, cards } = this.deps;
    const assignments = await entitlement.listAssignmentsOf(userTokens(userId));
    const assignment = assignments.find((a) => a.id === assignmentId);
    if (!assignment) return textReply("That access isn't yours, or Entra no longer has it.");
    if (verb === "access.letExpire") {
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "expiry.let_expire", subjectType: "assignment", subjectId: assignmentId, outcome: "ok", reason: null, conversationId: origin.conversationId, activityId: origin.cardActivityId });
      return cardReply(await this.warningCard(assignment, { kind: "letExpire" }));
    }
    const justification = typeof data.justification === "string" ? data.justification.trim() : "";
    const key = `extend:${assignmentId}:${assignment.end?.toISOString() ?? "none"}`;
    const claim = await idempotency.claim(key, EXTEND_LEASE_MS, clock.now());
    if (claim.status === "done") {
      const requestId = (claim.result as { requestId?: string } | null)?.requestId;
      const snap = requestId ? await this.reconciler.reconcile(requestId) : null;
      return snap ? cardReply(await this.reconciler.requesterCard(snap)) : textReply("Your extension is already filed.");
    }
    if (claim.status !== "claimed") return textReply("I'm already filing your extension: give me a moment.");
    try {
      const request = await entitlement.submitExtension(userTokens(userId), assignmentId, {
        schedule: { start: clock.now(), expiration: { kind: "noExpiration" }, isCustom: false },
        justification: justification || undefined,
        answers: [],
      });
      await idempotency.complete(key, claim.token, { requestId: request.id }, clock.now());
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "request.extension_submitted", subjectType: "request", subjectId: request.id, outcome: "ok", reason: justification || null, details: { assignmentId, state: request.state }, conversationId: origin.conversationId, activityId: origin.cardActivityId });
      if (origin.cardActivityId) {
        await cards.upsert({ subjectType: "request", subjectId: request.id, stageId: null, recipientAadObjectId: userId, role: "requester", activityId: origin.cardActivityId, conversationId: origin.conversationId, cardHash: "unrendered" }, clock.now());
      }
      const snap = await this.reconciler.reconcile(request.id);
      return snap ? cardReply(await this.reconciler.requesterCard(snap)) : textReply("Your extension is filed in Entra.");
    } catch (error) {
      await idempotency.release(key, claim.token);
      if (!(error instanceof GovernanceError)) throw error;
      await audit.append({ occurredAt: clock.now(), actorAadObjectId: userId, action: "request.extension_failed", subjectType: "assignment", subjectId: assignmentId, outcome: error.code === "Forbidden" || error.code === "BadRequest" ? "refused" : "failed", reason: error.message, details: { code: error.code }, conversationId: origin.conversationId, activityId: origin.cardActivityId });
      if (error.code === "Forbidden") {
        return cardReply(await this.warningCard(assignment, { kind: "cannotExtend", why: "This package's policy doesn't let you extend it yourself: ask again when it has ended." }));
      }
      return cardReply(await this.warningCard(assignment, { kind: "none" }, describeGovernanceError(error, "file your extension")));
    }
  }
}
