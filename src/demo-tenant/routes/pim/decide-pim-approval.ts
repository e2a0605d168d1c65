import { z } from "zod";
import { GraphError } from "../../http/graph-error.js";
import type { RouteContext } from "../../http/route.js";
import type { PimApprovalStageRecord, PimRequestRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { effectiveRules, policyFor } from "./pim-policy.js";
import { grantAssignment } from "./pim-provision.js";
import { currentEligibility, eligibilityWindow, targetOf } from "./pim-records.js";
import { requestedSpanMs } from "./pim-schedule-window.js";

/** The approval behind `approvalId` (a request's id) of the given kind, or Graph's 404. */
export function findApproval(state: TenantState, kind: "role" | "group", approvalId: string): PimRequestRecord {
  const request = state.pimRequests.get(approvalId);
  if (!request || request.kind !== kind || request.approvalId === null) {
    throw GraphError.notFound(`No approval with id '${approvalId}' exists. Use the approvalId of a request that is PendingApproval.`);
  }
  return request;
}

/** Approvers and the requester may read an approval; anybody else gets Graph's 403. */
export function assertMayReadApproval(ctx: RouteContext, request: PimRequestRecord): void {
  if (ctx.caller.kind !== "user") throw GraphError.forbidden("Approvals are read by their approvers with a delegated token.");
  const userId = ctx.caller.userId;
  const involved = userId === request.principalId || request.approvalStages.some((s) => s.approverIds.includes(userId));
  if (!involved) throw GraphError.forbidden("The signed-in user is not an approver of this request.");
}

export function findStage(request: PimRequestRecord, stageId: string): PimApprovalStageRecord {
  const stage = request.approvalStages.find((s) => s.id === stageId);
  if (!stage) throw GraphError.notFound(`The approval '${request.approvalId}' has no stage (step) with id '${stageId}'.`);
  return stage;
}

const decisionBody = z.object({
  reviewResult: z.string(),
  justification: z.string().nullable().optional(),
});

/**
 * Records an approver's decision on a stage (v1.0 `stages` for groups, beta `steps` for roles): only
 * listed approvers, never the requester, and only while the stage is undecided (else 409, as when
 * another approver got there first). Approve activates for the requested span from now; Deny ends it.
 */
export function decideApprovalStage(ctx: RouteContext, request: PimRequestRecord, stageId: string, body: unknown): void {
  const stage = findStage(request, stageId);
  if (ctx.caller.kind !== "user") throw GraphError.forbidden("Approvers decide with their own delegated token; application tokens cannot approve.");
  const userId = ctx.caller.userId;
  if (userId === request.principalId) {
    throw GraphError.forbidden("Requesters cannot approve or deny their own request; one of the listed approvers must decide.");
  }
  if (!stage.approverIds.includes(userId)) {
    throw GraphError.forbidden("The signed-in user is not an approver of this request, so they cannot decide it.");
  }
  if (stage.status !== "InProgress" || request.status !== "PendingApproval") {
    const already = stage.reviewResult === "NotReviewed" ? `the request is ${request.status}` : `${stage.reviewResult === "Approve" ? "approved" : "denied"} already`;
    throw GraphError.conflict(`This approval is no longer pending (${already}); no further decision can be recorded.`);
  }
  const parsed = decisionBody.safeParse(body ?? {});
  if (!parsed.success) throw GraphError.badRequest("Send {reviewResult: 'Approve' | 'Deny', justification: '...'}.");
  const result = ["Approve", "Deny"].find((r) => r.toLowerCase() === parsed.data.reviewResult.toLowerCase()) as "Approve" | "Deny" | undefined;
  if (!result) throw GraphError.badRequest(`reviewResult must be 'Approve' or 'Deny', not '${parsed.data.reviewResult}'.`);
  const justification = parsed.data.justification?.trim() ?? "";
  if (!justification) {
    // Entra's PIM approval stages require the approver's justification.
    throw GraphError.badRequest("This approval requires a justification from the approver: send a non-empty 'justification'.");
  }
  stage.status = "Completed";
  stage.reviewResult = result;
  stage.reviewedById = userId;
  stage.reviewedDateTime = ctx.nowIso;
  stage.justification = justification;
  const nowMs = ctx.now.getTime();
  if (result === "Deny") {
    request.status = "Denied";
    request.completedDateTime = ctx.nowIso;
    return;
  }
  approve(ctx.state, request, nowMs);
}

function approve(state: TenantState, request: PimRequestRecord, nowMs: number): void {
  const target = targetOf(request);
  const eligibility = currentEligibility(state, request.principalId, target, nowMs);
  if (!eligibility) {
    // The eligibility lapsed while the request waited: Entra cannot provision it.
    request.status = "Failed";
    request.completedDateTime = new Date(nowMs).toISOString();
    return;
  }
  const rules = effectiveRules(policyFor(state, target), "EndUser");
  const span = requestedSpanMs(request.scheduleInfo, Date.parse(request.createdDateTime)) ?? rules.maximumDurationMs;
  const requestedStart = request.scheduleInfo.startDateTime ? Date.parse(request.scheduleInfo.startDateTime) : nowMs;
  const startMs = Math.max(nowMs, requestedStart);
  const endMs = Math.min(startMs + span, eligibilityWindow(eligibility).endMs);
  grantAssignment(state, request, startMs, endMs, nowMs, eligibility.id);
}

/** Cancels a request that still waits (for approvers, or for its start); only its principal may, or an app. */
export function cancelPimRequest(ctx: RouteContext, request: PimRequestRecord): void {
  if (ctx.caller.kind === "user" && ctx.caller.userId !== request.principalId) {
    throw GraphError.forbidden("Only the principal who made the request can cancel it.");
  }
  if (request.status === "Granted" && request.targetScheduleId) {
    const scheduled = ctx.state.activeAssignments.get(request.targetScheduleId);
    if (scheduled && scheduled.status === "Granted") ctx.state.activeAssignments.delete(scheduled.id);
  } else if (request.status !== "PendingApproval") {
    throw GraphError.badRequest(`Only a request that is PendingApproval (or granted for a later start) can be canceled; this one is ${request.status}.`);
  }
  request.status = "Canceled";
  request.completedDateTime = ctx.nowIso;
  for (const stage of request.approvalStages) if (stage.status === "InProgress") stage.status = "Completed";
}

/**
 * Lapses an approval nobody decided within 24 hours. Entra's own ARM API calls this `TimedOut`, but
 * Graph v1.0 documents no such request status; `Canceled` is the documented status for a request that
 * ended without a decision and without access (`Denied` would claim an approver said no). The stage
 * shows `Expired`, the status approval stages use for lapsed decisions.
 */
export function expireApproval(request: PimRequestRecord, at: Date): void {
  request.status = "Canceled";
  request.completedDateTime = at.toISOString();
  for (const stage of request.approvalStages) if (stage.status === "InProgress") stage.status = "Expired";
}
