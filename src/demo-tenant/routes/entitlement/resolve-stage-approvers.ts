import { parseIsoDuration } from "../../clock/iso-duration.js";
import type { ApprovalStageSettings, AssignmentRequestRecord, RequestStageRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { resolveSubjectSets, subjectSetHasAnyone, subjectSetIncludes } from "./subject-sets.js";

/** Who may decide one stage of a request, and why. */
export interface StageApprovers {
  /** Everyone who may decide the stage at the given instant: primary plus, once escalated, escalation approvers. */
  userIds: string[];
  /** The primary approvers, or the fallback primary approvers when the primary sets resolve to nobody. */
  primaryUserIds: string[];
  primaryFromFallback: boolean;
  /** Whether the stage had escalated by the given instant (escalation enabled and its delay passed). */
  escalated: boolean;
  /** The escalation approvers (or their fallbacks) once escalated; empty before. */
  escalationUserIds: string[];
  escalationFromFallback: boolean;
}

const NOBODY: StageApprovers = {
  userIds: [],
  primaryUserIds: [],
  primaryFromFallback: false,
  escalated: false,
  escalationUserIds: [],
  escalationFromFallback: false,
};

/**
 * Whether a stage had escalated by `now`: escalation enabled and `durationBeforeEscalation` passed since
 * the stage started. A stage already decided or expired is judged as of its end.
 */
export function stageEscalated(settings: ApprovalStageSettings, stage: RequestStageRecord | undefined, now: Date): boolean {
  if (!settings.isEscalationEnabled || !settings.durationBeforeEscalation || !stage?.startedDateTime) return false;
  const ended = stage.status === "Completed" ? stage.reviewedDateTime ?? stage.autoDenyDateTime : stage.status === "Expired" ? stage.autoDenyDateTime : null;
  const at = Math.min(now.getTime(), ended ? Date.parse(ended) : Number.POSITIVE_INFINITY);
  return at >= Date.parse(stage.startedDateTime) + parseIsoDuration(settings.durationBeforeEscalation);
}

/**
 * Resolves the approvers of stage `stageIndex` (0-based) of a request at instant `now`, as Entra does:
 * the stage's primary approvers for the request's target (managers, sponsors, groups, users); the
 * fallback primary approvers when those resolve to nobody (a user without a manager); after
 * `durationBeforeEscalation` from the stage's start (when escalation is enabled) the escalation
 * approvers too, or their fallbacks. Disabled accounts, the target and the requestor are never
 * approvers of the request. For a stage already decided or expired, the answer is as of its end.
 */
export function resolveStageApprovers(state: TenantState, request: AssignmentRequestRecord, stageIndex: number, now: Date): StageApprovers {
  const settings = state.policies.get(request.assignmentPolicyId)?.requestApprovalSettings.stages[stageIndex];
  if (!settings) return NOBODY;
  const target = state.users.get(request.targetId);
  const excluded = new Set([request.targetId, request.requestorId ?? request.targetId]);
  const resolve = (sets: typeof settings.primaryApprovers) => resolveSubjectSets(state, sets, target).filter((id) => !excluded.has(id));

  let primaryUserIds = resolve(settings.primaryApprovers);
  let primaryFromFallback = false;
  if (primaryUserIds.length === 0) {
    primaryUserIds = resolve(settings.fallbackPrimaryApprovers);
    primaryFromFallback = true;
  }
  const escalated = stageEscalated(settings, request.stages[stageIndex], now);
  let escalationUserIds: string[] = [];
  let escalationFromFallback = false;
  if (escalated) {
    escalationUserIds = resolve(settings.escalationApprovers);
    if (escalationUserIds.length === 0) {
      escalationUserIds = resolve(settings.fallbackEscalationApprovers);
      escalationFromFallback = true;
    }
  }
  return {
    userIds: [...new Set([...primaryUserIds, ...escalationUserIds])],
    primaryUserIds,
    primaryFromFallback,
    escalated,
    escalationUserIds,
    escalationFromFallback,
  };
}

/**
 * Whether one user may decide the stage at `now`: the same answer as
 * `resolveStageApprovers(...).userIds.includes(userId)`, without building the lists, because an
 * approver's inbox asks it of every pending request in the tenant.
 */
export function isStageApprover(state: TenantState, request: AssignmentRequestRecord, stageIndex: number, userId: string, now: Date): boolean {
  const requestorId = request.requestorId ?? request.targetId;
  if (userId === request.targetId || userId === requestorId) return false;
  const settings = state.policies.get(request.assignmentPolicyId)?.requestApprovalSettings.stages[stageIndex];
  if (!settings || state.users.get(userId)?.accountEnabled !== true) return false;
  const target = state.users.get(request.targetId);
  const skip = (id: string) => id === request.targetId || id === requestorId;
  const covers = (sets: typeof settings.primaryApprovers) => sets.some((set) => subjectSetIncludes(state, set, target, userId));
  const anyone = (sets: typeof settings.primaryApprovers) => sets.some((set) => subjectSetHasAnyone(state, set, target, skip));

  if (covers(settings.primaryApprovers)) return true;
  if (!anyone(settings.primaryApprovers) && covers(settings.fallbackPrimaryApprovers)) return true;
  if (!stageEscalated(settings, request.stages[stageIndex], now)) return false;
  if (covers(settings.escalationApprovers)) return true;
  return !anyone(settings.escalationApprovers) && covers(settings.fallbackEscalationApprovers);
}
