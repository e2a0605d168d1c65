import { GraphError } from "../../http/graph-error.js";
import type { AssignmentRequestRecord, RequestStageRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { advanceAfterApproval, finishRequest } from "./request-lifecycle.js";
import { resolveStageApprovers } from "./resolve-stage-approvers.js";

/** The approval behind an id (a request id); only requests that need approval have one. */
export function approvalOf(state: TenantState, id: string): AssignmentRequestRecord {
  const request = state.requests.get(id);
  if (!request || request.stages.length === 0) throw GraphError.notFound(`No access package assignment approval with id '${id}'.`);
  return request;
}

export function stageOf(request: AssignmentRequestRecord, stageId: string): RequestStageRecord {
  const stage = request.stages.find((s) => s.id.toLowerCase() === stageId.toLowerCase());
  if (!stage) throw GraphError.notFound(`Approval '${request.id}' has no stage with id '${stageId}'.`);
  return stage;
}

export interface StageDecision {
  reviewResult: unknown;
  justification: unknown;
}

/**
 * Records one approver's decision on a stage, with Entra's rules: only a current approver of that stage
 * (never the target or requestor), only while the stage is in progress (409 once someone decided, it
 * expired, or it has not started), justification when the policy requires it. Approve moves the request
 * to its next stage or to delivery; Deny denies it.
 */
export function decideStage(state: TenantState, requestId: string, stageId: string, approverId: string, decision: StageDecision, at: Date): void {
  const request = approvalOf(state, requestId);
  const stage = stageOf(request, stageId);
  const result = typeof decision.reviewResult === "string" ? decision.reviewResult.trim().toLowerCase() : "";
  const approve = result === "approve" || result === "approved";
  if (!approve && result !== "deny" && result !== "denied") {
    throw GraphError.badRequest(`reviewResult must be 'Approve' or 'Deny', not '${String(decision.reviewResult ?? "")}'.`);
  }
  if (decision.justification !== undefined && decision.justification !== null && typeof decision.justification !== "string") {
    throw GraphError.badRequest("justification must be a string.");
  }
  if (approverId === request.targetId || approverId === request.requestorId) {
    throw GraphError.forbidden("You cannot approve or deny your own request for access.");
  }
  const approvers = resolveStageApprovers(state, request, stage.index, at);
  if (!approvers.userIds.includes(approverId)) {
    throw GraphError.forbidden(`You are not an approver of stage ${stage.index + 1} of request '${request.id}'.`);
  }
  refuseUnlessInProgress(state, request, stage);
  const justification = typeof decision.justification === "string" ? decision.justification.trim() : "";
  const settings = state.policies.get(request.assignmentPolicyId)?.requestApprovalSettings.stages[stage.index];
  if (settings?.isApproverJustificationRequired && !justification) {
    throw GraphError.badRequest(`This policy requires approvers to give a justification: send 'justification' with your decision.`);
  }

  stage.status = "Completed";
  stage.reviewResult = approve ? "Approve" : "Deny";
  stage.reviewedById = approverId;
  stage.reviewedDateTime = at.toISOString();
  stage.justification = justification || null;
  if (approve) advanceAfterApproval(state, request, stage.index, at.getTime());
  else finishRequest(request, "denied", "Denied", at.getTime());
}

function refuseUnlessInProgress(state: TenantState, request: AssignmentRequestRecord, stage: RequestStageRecord): void {
  if (stage.status === "InProgress" && request.state === "pendingApproval") return;
  if (request.state === "canceled") throw GraphError.conflict(`Request '${request.id}' was canceled by its requestor; there is nothing left to decide.`);
  if (stage.status === "Completed" && stage.reviewResult !== "NotReviewed") {
    const who = stage.reviewedById ? state.users.get(stage.reviewedById)?.displayName ?? stage.reviewedById : "another approver";
    const what = stage.reviewResult === "Approve" ? "approved" : "denied";
    throw GraphError.conflict(`Stage ${stage.index + 1} was already ${what} by ${who} at ${stage.reviewedDateTime}.`);
  }
  if (stage.status === "Expired") throw GraphError.conflict(`Stage ${stage.index + 1} expired at ${stage.autoDenyDateTime}: nobody decided in time and the request was denied automatically.`);
  if (stage.status === "NotStarted") {
    const current = request.stages.find((s) => s.status === "InProgress");
    throw GraphError.conflict(
      current ? `Stage ${stage.index + 1} has not started: stage ${current.index + 1} is still waiting for a decision.` : `Stage ${stage.index + 1} never started; the request is ${request.state}.`,
    );
  }
  throw GraphError.conflict(`Request '${request.id}' is ${request.state}; stage ${stage.index + 1} can no longer be decided.`);
}

/**
 * Cancels a request still waiting (submitted, pending approval, or scheduled for a later start: Entra's
 * accepted, pendingApproval(Escalated) and pendingNotBefore); only the person who submitted it may.
 */
export function cancelRequest(state: TenantState, requestId: string, callerId: string, at: Date): void {
  const request = state.requests.get(requestId);
  if (!request) throw GraphError.notFound(`No access package assignment request with id '${requestId}'.`);
  if (request.requestorId !== callerId) throw GraphError.forbidden("Only the person who submitted a request can cancel it.");
  if (request.state !== "submitted" && request.state !== "pendingApproval" && request.state !== "scheduled") {
    throw GraphError.badRequest(`Request '${request.id}' is ${request.state}; only a request that is still waiting (for approval or for its start) can be canceled.`);
  }
  for (const stage of request.stages) if (stage.status === "InProgress") stage.status = "Completed";
  finishRequest(request, "canceled", "Canceled", at.getTime());
}

/** Directory roles that let a signed-in user submit admin request types. */
const ADMIN_ROLE_TEMPLATES = new Set([
  "62e90394-69f5-4237-9190-012177145e10", // Global Administrator
  "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e", // Identity Governance Administrator
]);

/** Whether a user holds (active, now) a directory role that administers entitlement management. */
export function isEntitlementAdmin(state: TenantState, userId: string, at: Date): boolean {
  return state.activeAssignments.by("principalId", userId).some((a) => {
    if (a.kind !== "role" || !a.roleDefinitionId) return false;
    if (a.endDateTime && Date.parse(a.endDateTime) <= at.getTime()) return false;
    const template = state.roleDefinitions.get(a.roleDefinitionId)?.templateId ?? a.roleDefinitionId;
    return ADMIN_ROLE_TEMPLATES.has(template.toLowerCase());
  });
}
