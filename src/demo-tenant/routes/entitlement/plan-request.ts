import { GraphError } from "../../http/graph-error.js";
import type { AccessPackageRecord, AnswerRecord, AssignmentPolicyRecord, AssignmentRecord, EntitlementSchedule, UserRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { allowsSelf, describeAllowedTargets, isAllowedTarget, selfRequestablePolicies, type SelfRequestKind } from "./allowed-targets.js";
import { planSchedule } from "./plan-schedule.js";
import type { RequestInput, SubmittableType } from "./request-input.js";
import { validateAnswers } from "./validate-answers.js";

/** Who submits a request: the app itself, or a signed-in user (who may hold an administrator role). */
export type RequestActor = { kind: "app" } | { kind: "user"; userId: string; isAdmin: boolean };

/** A request that passed every rule, ready to be recorded. */
export interface RequestPlan {
  requestType: SubmittableType;
  kind: SelfRequestKind;
  accessPackage: AccessPackageRecord;
  policy: AssignmentPolicyRecord;
  target: UserRecord;
  /** The assignment an update or removal is about. */
  assignment: AssignmentRecord | null;
  schedule: EntitlementSchedule;
  answers: AnswerRecord[];
  justification: string | null;
}

/** Request states in which a request still counts as open (a second one for the same access is refused). */
export const OPEN_STATES = new Set(["submitted", "pendingApproval", "delivering", "scheduled"]);

const kindOf = (t: SubmittableType): SelfRequestKind => (t.endsWith("Add") ? "add" : t.endsWith("Update") ? "update" : "remove");

/**
 * Applies Entra's rules to a request before it is accepted: who may send which request type, which
 * policy applies and whether it admits the target, justification, answers, schedule, and no second
 * open request or active assignment for the same access. Throws Graph's error for the first rule broken.
 */
export function planRequest(state: TenantState, input: RequestInput, actor: RequestActor, now: Date): RequestPlan {
  const type = input.requestType;
  const self = type.startsWith("user");
  const kind = kindOf(type);
  if (self && actor.kind === "app") {
    throw GraphError.forbidden(
      `A '${type}' request is made by the signed-in user for themselves and needs a delegated token; with an application token submit adminAdd, adminUpdate or adminRemove.`,
    );
  }
  if (!self && actor.kind === "user" && !actor.isAdmin) {
    throw GraphError.forbidden(`Only an administrator (or the app) can submit '${type}'. To request access for yourself use '${type.replace("admin", "user")}'.`);
  }

  const targetId = self && actor.kind === "user" ? input.targetId ?? actor.userId : input.targetId;
  if (self && actor.kind === "user" && targetId?.toLowerCase() !== actor.userId.toLowerCase()) {
    throw GraphError.forbidden("Users can request access only for themselves: omit assignment.targetId or set it to the signed-in user's id.");
  }

  let assignment: AssignmentRecord | null = null;
  let accessPackage: AccessPackageRecord | undefined;
  if (kind === "add") {
    if (!input.accessPackageId) throw GraphError.badRequest("assignment.accessPackageId is required to request an access package.");
    accessPackage = state.accessPackages.get(input.accessPackageId);
    if (!accessPackage) throw GraphError.notFound(`No access package with id '${input.accessPackageId}'.`);
  } else {
    assignment = findExisting(state, input, targetId);
    accessPackage = state.accessPackages.get(assignment.accessPackageId);
    if (!accessPackage) throw GraphError.notFound(`The access package of assignment '${assignment.id}' no longer exists.`);
    if (self && actor.kind === "user" && assignment.targetId !== actor.userId) {
      throw GraphError.forbidden(`Assignment '${assignment.id}' belongs to someone else; users can update or remove only their own assignments.`);
    }
  }

  const resolvedTargetId = assignment?.targetId ?? targetId;
  if (!resolvedTargetId) throw GraphError.badRequest(`assignment.targetId (the object id of the user to assign) is required for '${type}'.`);
  const target = state.users.get(resolvedTargetId);
  if (!target) throw GraphError.notFound(`No user with id '${resolvedTargetId}' in the directory.`);
  if (!target.accountEnabled) throw GraphError.badRequest(`${target.displayName}'s account is disabled; a disabled user cannot be assigned access.`);

  const policy = pickPolicy(state, input, accessPackage, assignment, target, self, kind);
  if (self) {
    if (!isAllowedTarget(state, policy, target)) {
      throw GraphError.forbidden(`${target.displayName} cannot request '${accessPackage.displayName}' through policy '${policy.displayName}', which admits ${describeAllowedTargets(state, policy)}.`);
    }
    if (!allowsSelf(policy, kind)) {
      throw GraphError.forbidden(`Policy '${policy.displayName}' does not let users ${kind === "add" ? "request" : kind === "update" ? "extend or update" : "remove"} this access themselves.`);
    }
  }

  const justification = input.justification?.trim() || null;
  if (self && kind !== "remove" && policy.requestApprovalSettings.isRequestorJustificationRequired && !justification) {
    throw GraphError.badRequest(`Policy '${policy.displayName}' requires a justification: say in 'justification' why you need '${accessPackage.displayName}'.`);
  }
  const answers = kind === "remove" ? [] : validateAnswers(policy, input.answers, self && kind === "add");
  const schedule = kind === "remove" ? planSchedule(policy, null, now, self) : planSchedule(policy, input.schedule, now, self);

  if (kind === "add") refuseDuplicates(state, accessPackage, target);
  else refuseOpenChange(state, assignment!);
  return { requestType: type, kind, accessPackage, policy, target, assignment, schedule, answers, justification };
}

function findExisting(state: TenantState, input: RequestInput, targetId: string | null): AssignmentRecord {
  if (input.assignmentId) {
    const a = state.assignments.get(input.assignmentId);
    if (!a) throw GraphError.notFound(`No access package assignment with id '${input.assignmentId}'.`);
    if (a.state !== "delivered") throw GraphError.badRequest(`Assignment '${a.id}' is ${a.state}; only a delivered assignment can be updated or removed.`);
    return a;
  }
  if (input.accessPackageId && targetId) {
    const a = state.assignments.by("targetId", targetId).find((x) => x.accessPackageId === input.accessPackageId && x.state === "delivered");
    if (!a) throw GraphError.badRequest(`The user has no delivered assignment of access package '${input.accessPackageId}' to update or remove.`);
    return a;
  }
  throw GraphError.badRequest("To update or remove access, give the assignment's id in assignment.id (or assignment.accessPackageId for your own).");
}

function pickPolicy(
  state: TenantState,
  input: RequestInput,
  pkg: AccessPackageRecord,
  assignment: AssignmentRecord | null,
  target: UserRecord,
  self: boolean,
  kind: SelfRequestKind,
): AssignmentPolicyRecord {
  if (input.assignmentPolicyId) {
    const policy = state.policies.get(input.assignmentPolicyId);
    if (!policy) throw GraphError.notFound(`No assignment policy with id '${input.assignmentPolicyId}'.`);
    if (policy.accessPackageId !== pkg.id) {
      throw GraphError.badRequest(`Policy '${policy.displayName}' belongs to another access package, not '${pkg.displayName}'.`);
    }
    return policy;
  }
  if (assignment) return state.policies.get(assignment.assignmentPolicyId) ?? missingPolicy(pkg);
  if (!self) throw GraphError.badRequest("assignment.assignmentPolicyId is required for an administrator's direct assignment.");
  const candidates = selfRequestablePolicies(state, pkg.id, target, kind);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    throw GraphError.forbidden(`${target.displayName} is not allowed to request '${pkg.displayName}': no policy of the package admits them.`);
  }
  throw GraphError.badRequest(`Several policies of '${pkg.displayName}' admit ${target.displayName}; choose one in assignment.assignmentPolicyId (${candidates.map((p) => p.id).join(", ")}).`);
}

function missingPolicy(pkg: AccessPackageRecord): never {
  throw GraphError.badRequest(`The assignment's policy no longer exists in '${pkg.displayName}'; give assignment.assignmentPolicyId.`);
}

function refuseDuplicates(state: TenantState, pkg: AccessPackageRecord, target: UserRecord): void {
  const open = state.requests
    .by("targetId", target.id)
    .find((r) => r.accessPackageId === pkg.id && OPEN_STATES.has(r.state) && r.requestType.endsWith("Add"));
  if (open) {
    throw GraphError.badRequest(`${target.displayName} already has an open request (${open.id}, ${open.state}) for '${pkg.displayName}'. Wait for it or cancel it first.`, "ExistingOpenRequest");
  }
  const active = state.assignments.by("targetId", target.id).find((a) => a.accessPackageId === pkg.id && (a.state === "delivered" || a.state === "delivering"));
  if (active) {
    throw GraphError.badRequest(`${target.displayName} already has an active assignment (${active.id}) of '${pkg.displayName}'. To extend it, submit a userUpdate request.`, "ActiveAssignmentExists");
  }
}

function refuseOpenChange(state: TenantState, assignment: AssignmentRecord): void {
  const open = state.requests.by("targetId", assignment.targetId).find((r) => r.assignmentId === assignment.id && OPEN_STATES.has(r.state) && !r.requestType.endsWith("Add"));
  if (open) throw GraphError.badRequest(`Assignment '${assignment.id}' already has an open ${open.requestType} request (${open.id}).`, "ExistingOpenRequest");
}
