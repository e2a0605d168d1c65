import type { ActiveAssignmentRecord, PimRequestRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { activeAssignmentsFor, targetOf } from "./pim-records.js";

/** Lifecycle event kinds of PIM; handlers re-check records, so stale events are harmless. */
export const PIM_EVENTS = {
  assignmentStart: "pim.assignmentStart",
  assignmentEnd: "pim.assignmentEnd",
  approvalTimeout: "pim.approvalTimeout",
  eligibilityEnd: "pim.eligibilityEnd",
} as const;

/** The id Graph gives the schedule a request creates: the request id for roles, `group_access_request` for groups. */
export function scheduleIdFor(request: PimRequestRecord): string {
  return request.kind === "group" ? `${request.groupId}_${request.accessId}_${request.id}` : request.id;
}

/**
 * Creates the active assignment a granted request stands for, from `startMs` for `durationMs` (null:
 * permanent). It starts at once when `startMs` has come, otherwise it waits as `Granted` for its start
 * event. Returns the assignment.
 */
export function grantAssignment(
  state: TenantState,
  request: PimRequestRecord,
  startMs: number,
  endMs: number | null,
  atMs: number,
  eligibilityId: string | null,
): ActiveAssignmentRecord {
  const id = scheduleIdFor(request);
  const startIso = new Date(startMs).toISOString();
  const endIso = endMs === null ? null : new Date(endMs).toISOString();
  const assignment: ActiveAssignmentRecord = {
    id,
    kind: request.kind,
    principalId: request.principalId,
    roleDefinitionId: request.roleDefinitionId,
    directoryScopeId: request.kind === "role" ? (request.directoryScopeId ?? "/") : null,
    groupId: request.groupId,
    accessId: request.accessId,
    assignmentType: request.action === "selfActivate" ? "Activated" : "Assigned",
    memberType: "Direct",
    status: "Granted",
    scheduleInfo: {
      startDateTime: startIso,
      expiration:
        endIso === null
          ? { type: "noExpiration", duration: null, endDateTime: null }
          : { type: "afterDateTime", duration: null, endDateTime: endIso },
      recurrence: null,
    },
    startDateTime: startIso,
    endDateTime: endIso,
    requestId: request.id,
    // Seeded assignments that began in the past were created when they began.
    createdDateTime: new Date(Math.min(atMs, startMs)).toISOString(),
    eligibilityId,
    addedGroupMembership: false,
  };
  state.activeAssignments.insert(assignment);
  request.targetScheduleId = id;
  if (startMs <= atMs) startAssignment(state, assignment, atMs);
  else {
    request.status = "Granted";
    request.completedDateTime = startIso;
    state.schedule(new Date(startMs), PIM_EVENTS.assignmentStart, id);
  }
  return assignment;
}

/** Makes a granted assignment effective: `Provisioned`, group membership added, its end scheduled. */
export function startAssignment(state: TenantState, assignment: ActiveAssignmentRecord, atMs: number): void {
  assignment.status = "Provisioned";
  const request = assignment.requestId ? state.pimRequests.get(assignment.requestId) : undefined;
  if (request && (request.status === "Granted" || request.status === "PendingApproval" || request.status === "PendingProvisioning")) {
    request.status = "Provisioned";
    request.completedDateTime = new Date(atMs).toISOString();
  }
  if (assignment.kind === "group" && assignment.groupId) {
    // PIM for Groups works by adding the principal to the group for the activation's duration.
    const group = state.groups.get(assignment.groupId);
    const list = assignment.accessId === "owner" ? group?.ownerIds : group?.memberIds;
    if (list && !list.includes(assignment.principalId)) {
      list.push(assignment.principalId);
      assignment.addedGroupMembership = true;
    }
  }
  if (assignment.endDateTime) state.schedule(assignment.endDateTime, PIM_EVENTS.assignmentEnd, assignment.id);
}

/**
 * Ends an assignment (expiry, deactivation, removal): it leaves the schedule and instance lists, and a
 * group membership PIM added is taken away unless another active assignment still grants it.
 */
export function endAssignment(state: TenantState, assignment: ActiveAssignmentRecord): void {
  state.activeAssignments.delete(assignment.id);
  if (assignment.kind !== "group" || !assignment.addedGroupMembership || !assignment.groupId) return;
  const stillGranted = activeAssignmentsFor(state, assignment.principalId, targetOf(assignment)).length > 0;
  if (stillGranted) {
    const heir = activeAssignmentsFor(state, assignment.principalId, targetOf(assignment))[0]!;
    heir.addedGroupMembership = true;
    return;
  }
  const group = state.groups.get(assignment.groupId);
  const list = assignment.accessId === "owner" ? group?.ownerIds : group?.memberIds;
  if (!list) return;
  const index = list.indexOf(assignment.principalId);
  if (index >= 0) list.splice(index, 1);
}
