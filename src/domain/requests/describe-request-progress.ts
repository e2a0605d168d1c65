import type { AccessRequest } from "../model/access-request.js";
import type { ApprovalPolicy } from "../model/approval-policy.js";
import type { ApprovalStage } from "../model/approval-stage.js";

/** Entra's longest wait for a stage, which it also applies when a policy names none. */
const MAX_STAGE_WAIT_MS = 14 * 86_400_000;

/** Someone who decided, as the cards name them. */
export interface Decider {
  readonly userId: string;
  readonly displayName: string;
}

/**
 * Where a request stands, for the cards: one phase with what that phase needs to be shown. Stage
 * indexes are 0-based like {@link ApprovalStage.index}.
 */
export type RequestProgress =
  | {
      readonly phase: "waiting";
      readonly stageIndex: number;
      readonly stageCount: number;
      readonly stageStartedAt: Date;
      /** When Entra denies the request if nobody decides the stage. */
      readonly autoDenyAt: Date;
      /** When escalation approvers join (null without escalation). */
      readonly escalationAt: Date | null;
      readonly escalated: boolean;
    }
  /** Approved (or approval not needed) and Entra is granting it, or waiting for a later start. */
  | { readonly phase: "delivering" }
  /** Access granted; `end` null means it does not expire. */
  | { readonly phase: "delivered"; readonly end: Date | null }
  /**
   * Denied by an approver (`by`, with their reason) or by Entra when a stage ran out of time
   * (`automatic`, `by` null). `by` is also null when the reader may not see the stages.
   */
  | { readonly phase: "denied"; readonly automatic: boolean; readonly by: Decider | null; readonly reason: string | null }
  | { readonly phase: "canceled" }
  /** Access was granted and has ended. */
  | { readonly phase: "expired"; readonly at: Date }
  | { readonly phase: "failed"; readonly detail: string };

/**
 * The progress of a request at `now`, from Entra's reading of it, its policy's approval settings and its
 * stages (empty when the reader may not see them: then the first stage is assumed to be the current
 * one). Stage 1 starts when the request is created, each later stage when the one before it was
 * approved; a stage's deadline is its start plus the policy's `durationBeforeAutomaticDenial`.
 */
export function describeRequestProgress(request: AccessRequest, policy: ApprovalPolicy, stages: readonly ApprovalStage[], now: Date): RequestProgress {
  switch (request.state) {
    case "submitted":
    case "pendingApproval":
      if (request.state === "submitted" && !needsApproval(request, policy)) return { phase: "delivering" };
      return waiting(request, policy, stages, now);
    case "delivering":
    case "scheduled":
      return { phase: "delivering" };
    case "delivered":
      return delivered(request, now);
    case "denied":
      return denied(request, stages);
    case "canceled":
      return { phase: "canceled" };
    case "deliveryFailed":
      return { phase: "failed", detail: `Entra could not grant the access (${request.status}).` };
    case "partiallyDelivered":
      return { phase: "failed", detail: `Entra granted only part of the access (${request.status}).` };
    default:
      return { phase: "failed", detail: `Entra reports a state the bot does not know (${request.status}).` };
  }
}

function needsApproval(request: AccessRequest, policy: ApprovalPolicy): boolean {
  if (policy.stages.length === 0) return false;
  if (request.requestType === "userAdd") return policy.isApprovalRequired;
  if (request.requestType === "userUpdate") return policy.isApprovalRequiredForUpdate;
  return false;
}

function waiting(request: AccessRequest, policy: ApprovalPolicy, stages: readonly ApprovalStage[], now: Date): RequestProgress {
  const ordered = [...stages].sort((a, b) => a.index - b.index);
  const stageIndex = currentStageIndex(ordered);
  const previous = ordered.find((s) => s.index === stageIndex - 1);
  const stageStartedAt = stageIndex === 0 ? request.createdAt : previous?.reviewedAt ?? request.createdAt;
  const settings = policy.stages[stageIndex];
  const wait = settings?.durationBeforeAutomaticDenialMs || MAX_STAGE_WAIT_MS;
  const escalationAt =
    settings?.isEscalationEnabled && settings.durationBeforeEscalationMs > 0 ? new Date(stageStartedAt.getTime() + settings.durationBeforeEscalationMs) : null;
  return {
    phase: "waiting",
    stageIndex,
    stageCount: Math.max(policy.stages.length, ordered.length, stageIndex + 1),
    stageStartedAt,
    autoDenyAt: new Date(stageStartedAt.getTime() + wait),
    escalationAt,
    escalated: (escalationAt !== null && now.getTime() >= escalationAt.getTime()) || request.status === "PendingApprovalEscalated",
  };
}

/** The stage in progress; else the first one not approved yet; the first when the stages are unknown. */
function currentStageIndex(stages: readonly ApprovalStage[]): number {
  const inProgress = stages.find((s) => s.status === "InProgress");
  if (inProgress) return inProgress.index;
  const next = stages.find((s) => !(s.status === "Completed" && s.reviewResult === "Approve"));
  return next?.index ?? 0;
}

function delivered(request: AccessRequest, now: Date): RequestProgress {
  let end = request.schedule.end;
  // Without the assignment's window, a requested duration counts from delivery (when the request completed).
  if (end === null && request.requestedExpiration?.kind === "afterDuration" && request.completedAt) {
    end = new Date((request.schedule.start ?? request.completedAt).getTime() + request.requestedExpiration.durationMs);
  }
  if (end !== null && end.getTime() <= now.getTime()) return { phase: "expired", at: end };
  return { phase: "delivered", end };
}

function denied(request: AccessRequest, stages: readonly ApprovalStage[]): RequestProgress {
  const expired = stages.some((s) => s.status === "Expired");
  if (request.status === "Expired" || expired) return { phase: "denied", automatic: true, by: null, reason: null };
  const decision = stages.find((s) => s.reviewResult === "Deny");
  return {
    phase: "denied",
    automatic: false,
    by: decision?.reviewedBy ?? null,
    reason: decision?.justification ?? null,
  };
}
