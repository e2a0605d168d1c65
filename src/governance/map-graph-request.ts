import type {
  AccessPackageAnswerString,
  AccessPackageAssignment,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentRequest,
  EntitlementManagementSchedule,
} from "@microsoft/microsoft-graph-types";
import type { AccessAssignment, AccessAssignmentState } from "../domain/model/access-assignment.js";
import type { AccessRequest, AccessRequestState, AccessRequestType, RequestAnswer } from "../domain/model/access-request.js";
import { mapExpiration } from "./map-graph-policy.js";
import { readGraphDate } from "./read-graph-date.js";

const REQUEST_STATES: readonly AccessRequestState[] = [
  "submitted", "pendingApproval", "delivering", "delivered", "deliveryFailed", "denied", "scheduled", "canceled", "partiallyDelivered",
];
const REQUEST_TYPES: readonly AccessRequestType[] = [
  "userAdd", "userUpdate", "userRemove", "adminAdd", "adminUpdate", "adminRemove", "systemAdd", "systemUpdate", "systemRemove", "onBehalfAdd",
];
const ASSIGNMENT_STATES: readonly AccessAssignmentState[] = ["delivering", "partiallyDelivered", "delivered", "expired", "deliveryFailed"];

/**
 * A request read with {@link REQUEST_EXPAND} in the domain's terms. `policyId` is the policy when the
 * caller knows it (it inferred it, or submitted the request); the assignment's policy wins when present.
 */
export function mapAccessRequest(json: AccessPackageAssignmentRequest, policyId: string | null = null): AccessRequest {
  const requestType = oneOf(json.requestType, REQUEST_TYPES);
  const assignment = json.assignment ?? null;
  const requestor = json.requestor ?? null;
  const target = assignment?.target ?? null;
  const targetUserId = target?.objectId ?? requestor?.objectId ?? "";
  const requested = requestedSchedule(json.schedule);
  const window = assignment ? assignmentWindow(assignment) : null;
  return {
    id: json.id ?? "",
    packageId: json.accessPackage?.id ?? "",
    packageDisplayName: json.accessPackage?.displayName ?? "",
    policyId: assignment?.assignmentPolicy?.id ?? policyId,
    requestType,
    state: oneOf(json.state, REQUEST_STATES),
    status: json.status ?? "",
    createdAt: readGraphDate(json.createdDateTime) ?? new Date(0),
    completedAt: readGraphDate(json.completedDateTime),
    targetUserId,
    targetDisplayName: target?.displayName ?? requestor?.displayName ?? "",
    requestorUserId: requestorOf(requestType, requestor?.objectId ?? null, targetUserId),
    justification: json.justification?.trim() || null,
    answers: (json.answers ?? []).map((a) => mapAnswer(a as AccessPackageAnswerString)),
    schedule: window && (window.start || window.end) ? window : requested.window,
    requestedExpiration: requested.expiration,
    assignmentId: assignment?.id ?? null,
  };
}

/**
 * Graph names as `requestor` "the subject who requested or, if a direct assignment, was assigned". A
 * person asked when the request is theirs (`user*`, `onBehalfAdd`); an administrator's request names
 * someone other than the target only when a person sent it; Entra's own requests have no requestor.
 */
function requestorOf(type: AccessRequestType, requestorId: string | null, targetId: string): string | null {
  if (type.startsWith("system") || type === "unknownFutureValue") return null;
  if (type.startsWith("admin")) return requestorId !== null && requestorId !== targetId ? requestorId : null;
  return requestorId;
}

function mapAnswer(answer: AccessPackageAnswerString): RequestAnswer {
  const value = answer.value ?? "";
  return { questionId: answer.answeredQuestion?.id ?? "", value, displayValue: answer.displayValue || value };
}

function requestedSchedule(schedule: EntitlementManagementSchedule | null | undefined) {
  const start = readGraphDate(schedule?.startDateTime);
  const expiration = mapExpiration(schedule?.expiration);
  const end = expiration?.kind === "afterDateTime" ? expiration.end : null;
  return { window: { start, end }, expiration };
}

/** An assignment's window: its start, and its end (the end date, or the start plus its duration). */
function assignmentWindow(assignment: AccessPackageAssignment): { start: Date | null; end: Date | null } {
  const start = readGraphDate(assignment.schedule?.startDateTime);
  const expiration = mapExpiration(assignment.schedule?.expiration);
  let end: Date | null = null;
  if (expiration?.kind === "afterDateTime") end = expiration.end;
  else if (expiration?.kind === "afterDuration" && start) end = new Date(start.getTime() + expiration.durationMs);
  if (assignment.state === "expired") end = readGraphDate(assignment.expiredDateTime) ?? end;
  return { start, end };
}

/** An assignment read with `$expand=accessPackage,assignmentPolicy,target` in the domain's terms. */
export function mapAccessAssignment(json: AccessPackageAssignment): AccessAssignment {
  const { start, end } = assignmentWindow(json);
  return {
    id: json.id ?? "",
    packageId: json.accessPackage?.id ?? "",
    packageDisplayName: json.accessPackage?.displayName ?? "",
    policyId: json.assignmentPolicy?.id ?? null,
    state: oneOf(json.state, ASSIGNMENT_STATES),
    start,
    end,
    targetUserId: json.target?.objectId ?? "",
  };
}

/**
 * The policy a request most likely went through, when Graph does not name it (no assignment yet): the
 * only one of the package's policies that lets people file this kind of request for themselves (for
 * administrators' requests, the only policy without self-service; for Entra's own, the package's only
 * policy). Null when that is not exactly one policy.
 */
export function inferPolicyId(requestType: AccessRequestType, policies: readonly AccessPackageAssignmentPolicy[]): string | null {
  const settings = (p: AccessPackageAssignmentPolicy) => p.requestorSettings;
  const candidates = policies.filter((p) => {
    switch (requestType) {
      case "userAdd":
        return settings(p)?.enableTargetsToSelfAddAccess === true;
      case "userUpdate":
        return settings(p)?.enableTargetsToSelfUpdateAccess === true;
      case "userRemove":
        return settings(p)?.enableTargetsToSelfRemoveAccess === true;
      case "onBehalfAdd":
        return settings(p)?.enableOnBehalfRequestorsToAddAccess === true;
      case "adminAdd":
      case "adminUpdate":
      case "adminRemove":
        return settings(p)?.enableTargetsToSelfAddAccess !== true;
      default:
        return false;
    }
  });
  const only = candidates.length === 1 ? candidates[0] : policies.length === 1 ? policies[0] : undefined;
  return only?.id ?? null;
}

function oneOf<T extends string>(value: string | null | undefined, known: readonly T[]): T | "unknownFutureValue" {
  return value && (known as readonly string[]).includes(value) ? (value as T) : "unknownFutureValue";
}
