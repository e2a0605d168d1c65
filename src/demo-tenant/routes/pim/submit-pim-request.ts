import { GraphError } from "../../http/graph-error.js";
import type { RouteContext } from "../../http/route.js";
import type { PimApprovalStageRecord, PimRequestRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import type { PimRequestInput } from "./parse-pim-request.js";
import { effectiveRules, policyFor, type EffectiveRules, type PimTarget } from "./pim-policy.js";
import { endAssignment, grantAssignment, PIM_EVENTS } from "./pim-provision.js";
import {
  activeAssignmentsFor,
  currentEligibility,
  eligibilityWindow,
  isPrivilegedRoleAdmin,
  liveAssignmentsFor,
  pendingRequestFor,
  resolveApprovers,
} from "./pim-records.js";
import { policyValidationFailed, resolveScheduleWindow, type RuleFailure } from "./pim-schedule-window.js";

/** Entra gives PIM approvers a fixed 24 hours; then the request lapses. */
export const PIM_APPROVAL_WINDOW_MS = 24 * 3_600_000;
/** Entra refuses to deactivate an activation younger than five minutes. */
const MIN_ACTIVE_BEFORE_DEACTIVATION_MS = 5 * 60_000;

/**
 * Runs a PIM schedule request (Entra role or PIM for Groups) the way Entra does: who may send which
 * action, eligibility, existing and pending assignments, the policy's expiration, justification,
 * ticketing and approval rules. Returns the stored request (or, for `isValidationOnly`, the request that
 * would have been stored). Throws Graph's errors.
 */
export function submitPimRequest(ctx: RouteContext, kind: "role" | "group", input: PimRequestInput): PimRequestRecord {
  const { state } = ctx;
  checkTargetExists(state, input.target);
  if (!state.users.get(input.principalId) && !state.groups.get(input.principalId)) {
    throw GraphError.badRequest(`The principal '${input.principalId}' does not exist in this tenant; principalId must be a user's or group's object id.`);
  }
  const self = input.action.startsWith("self");
  if (self) {
    if (ctx.caller.kind !== "user") {
      throw GraphError.forbidden(`'${input.action}' is done by the principal themselves: call it with the user's delegated token, not the application's.`);
    }
    if (ctx.caller.userId !== input.principalId) {
      throw GraphError.forbidden(`'${input.action}' acts only for the signed-in user: principalId must be ${ctx.caller.userId}, not ${input.principalId}.`);
    }
  } else if (ctx.caller.kind === "user" && !isPrivilegedRoleAdmin(state, ctx.caller.userId) && !isGroupOwner(state, input.target, ctx.caller.userId)) {
    throw GraphError.forbidden(
      `'${input.action}' is an administrator action: the signed-in user needs an active Privileged Role Administrator or Global Administrator role${kind === "group" ? " (or ownership of the group)" : ""}.`,
    );
  }
  const nowMs = ctx.now.getTime();
  switch (input.action) {
    case "selfActivate":
      return activate(ctx, kind, input, nowMs);
    case "selfDeactivate":
      return deactivate(ctx, kind, input, nowMs, "selfDeactivate");
    case "adminAssign":
      return adminAssign(ctx, kind, input, nowMs);
    case "adminRemove":
      return deactivate(ctx, kind, input, nowMs, "adminRemove");
    default:
      throw GraphError.badRequest(`The demo tenant does not support the '${input.action}' action yet; it supports selfActivate, selfDeactivate, adminAssign and adminRemove.`);
  }
}

function checkTargetExists(state: TenantState, t: PimTarget): void {
  if (t.kind === "role" && !state.roleDefinitions.get(t.roleDefinitionId)) {
    throw GraphError.badRequest(`The role definition '${t.roleDefinitionId}' does not exist in this tenant. List /roleManagement/directory/roleDefinitions for valid ids.`);
  }
  if (t.kind === "group" && !state.groups.get(t.groupId)) {
    throw GraphError.badRequest(`The group '${t.groupId}' does not exist in this tenant or is not onboarded to PIM for Groups.`);
  }
}

function isGroupOwner(state: TenantState, t: PimTarget, userId: string): boolean {
  return t.kind === "group" && (state.groups.get(t.groupId)?.ownerIds.includes(userId) ?? false);
}

function describe(state: TenantState, t: PimTarget): string {
  if (t.kind === "role") return `the role '${state.roleDefinitions.get(t.roleDefinitionId)?.displayName ?? t.roleDefinitionId}'`;
  return `${t.accessId}ship of the group '${state.groups.get(t.groupId)?.displayName ?? t.groupId}'`;
}

function newRequest(ctx: RouteContext, kind: "role" | "group", input: PimRequestInput): PimRequestRecord {
  const t = input.target;
  return {
    id: ctx.state.newId(),
    kind,
    action: input.action,
    principalId: input.principalId,
    roleDefinitionId: t.kind === "role" ? t.roleDefinitionId : null,
    directoryScopeId: t.kind === "role" ? t.directoryScopeId : null,
    groupId: t.kind === "group" ? t.groupId : null,
    accessId: t.kind === "group" ? t.accessId : null,
    justification: input.justification,
    scheduleInfo: input.scheduleInfo,
    ticketInfo: input.ticketInfo,
    status: "Provisioned",
    createdDateTime: ctx.nowIso,
    completedDateTime: null,
    createdById: ctx.caller.kind === "user" ? ctx.caller.userId : ctx.caller.appId,
    approvalId: null,
    targetScheduleId: null,
    approvalDeadline: null,
    approvalStages: [],
  };
}

function enablementFailures(rules: EffectiveRules, input: PimRequestInput): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (rules.enabledRules.includes("Justification") && !input.justification?.trim()) {
    failures.push({ rule: "JustificationRule", detail: "This setting requires a justification: send a non-empty 'justification'." });
  }
  if (rules.enabledRules.includes("Ticketing") && (!input.ticketInfo.ticketNumber?.trim() || !input.ticketInfo.ticketSystem?.trim())) {
    failures.push({ rule: "TicketingRule", detail: "This setting requires ticket information: send ticketInfo with ticketNumber and ticketSystem." });
  }
  // MultiFactorAuthentication: the demo tenant treats every delegated session as MFA-satisfied.
  return failures;
}

function activate(ctx: RouteContext, kind: "role" | "group", input: PimRequestInput, nowMs: number): PimRequestRecord {
  const { state } = ctx;
  const eligibility = currentEligibility(state, input.principalId, input.target, nowMs);
  if (!eligibility) {
    throw policyValidationFailed([
      { rule: "EligibilityRule", detail: `The user has no eligible assignment for ${describe(state, input.target)} in force now, so there is nothing to activate.` },
    ]);
  }
  if (liveAssignmentsFor(state, input.principalId, input.target).length > 0) {
    throw new GraphError(400, "RoleAssignmentExists", `The Role assignment already exists. ${describe(state, input.target)} is already active for this user; deactivate it first or wait for it to end.`);
  }
  if (pendingRequestFor(state, input.principalId, input.target)) {
    throw new GraphError(400, "PendingRoleAssignmentRequest", `There is already an existing pending Role assignment request for ${describe(state, input.target)}; cancel it or wait for its approvers.`);
  }
  const rules = effectiveRules(policyFor(state, input.target), "EndUser");
  const window = resolveScheduleWindow(input.scheduleInfo, rules, nowMs);
  const failures = [...window.failures, ...enablementFailures(rules, input)];
  if (failures.length > 0) throw policyValidationFailed(failures);

  const request = newRequest(ctx, kind, input);
  request.scheduleInfo = window.scheduleInfo;
  // An activation never outlives the eligibility it uses.
  const eligibilityEnd = eligibilityWindow(eligibility).endMs;
  const endMs = window.endMs === null ? eligibilityEnd : Math.min(window.endMs, eligibilityEnd);
  if (rules.isApprovalRequired) {
    request.status = "PendingApproval";
    if (input.isValidationOnly) return request;
    openApproval(state, request, rules, nowMs);
    state.pimRequests.insert(request);
    return request;
  }
  if (input.isValidationOnly) return { ...request, status: "Granted" };
  state.pimRequests.insert(request);
  grantAssignment(state, request, window.startMs, Number.isFinite(endMs) ? endMs : null, nowMs, eligibility.id);
  return request;
}

/** A single-stage approval, as Entra PIM runs it, open for 24 hours. */
function openApproval(state: TenantState, request: PimRequestRecord, rules: EffectiveRules, nowMs: number): void {
  // Graph uses the request's id as its approval's id (documented for PIM for Groups).
  request.approvalId = request.id;
  request.approvalDeadline = new Date(nowMs + PIM_APPROVAL_WINDOW_MS).toISOString();
  const stage: PimApprovalStageRecord = {
    id: state.newId(),
    approverIds: resolveApprovers(state, rules.primaryApprovers, request.principalId),
    status: "InProgress",
    reviewResult: "NotReviewed",
    reviewedById: null,
    reviewedDateTime: null,
    justification: null,
  };
  request.approvalStages = [stage];
  state.schedule(request.approvalDeadline, PIM_EVENTS.approvalTimeout, request.id);
}

function deactivate(ctx: RouteContext, kind: "role" | "group", input: PimRequestInput, nowMs: number, action: "selfDeactivate" | "adminRemove"): PimRequestRecord {
  const { state } = ctx;
  const existing = (action === "selfDeactivate" ? activeAssignmentsFor : liveAssignmentsFor)(state, input.principalId, input.target).filter(
    (a) => action === "adminRemove" || a.assignmentType === "Activated",
  );
  if (existing.length === 0) {
    throw new GraphError(400, "RoleAssignmentDoesNotExist", `The Role assignment does not exist. ${describe(state, input.target)} has no ${action === "selfDeactivate" ? "active activation" : "active assignment"} for this principal.`);
  }
  if (action === "selfDeactivate" && existing.some((a) => nowMs - Date.parse(a.startDateTime) < MIN_ACTIVE_BEFORE_DEACTIVATION_MS)) {
    throw new GraphError(400, "ActiveDurationTooShort", "The activation started less than 5 minutes ago; Entra allows deactivating it only after 5 minutes.");
  }
  const request = newRequest(ctx, kind, input);
  request.status = "Revoked";
  request.completedDateTime = ctx.nowIso;
  request.targetScheduleId = existing[0]!.id;
  if (input.isValidationOnly) return request;
  state.pimRequests.insert(request);
  for (const assignment of existing) endAssignment(state, assignment);
  return request;
}

function adminAssign(ctx: RouteContext, kind: "role" | "group", input: PimRequestInput, nowMs: number): PimRequestRecord {
  const { state } = ctx;
  if (liveAssignmentsFor(state, input.principalId, input.target).length > 0) {
    throw new GraphError(400, "RoleAssignmentExists", `The Role assignment already exists: the principal already holds ${describe(state, input.target)}.`);
  }
  const rules = effectiveRules(policyFor(state, input.target), "Admin");
  const window = resolveScheduleWindow(input.scheduleInfo, rules, nowMs);
  const failures = [...window.failures, ...enablementFailures(rules, input)];
  if (failures.length > 0) throw policyValidationFailed(failures);
  const request = newRequest(ctx, kind, input);
  request.scheduleInfo = window.scheduleInfo;
  if (input.isValidationOnly) return { ...request, status: "Granted" };
  state.pimRequests.insert(request);
  grantAssignment(state, request, window.startMs, window.endMs, nowMs, null);
  return request;
}
