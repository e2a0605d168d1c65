import type {
  ApprovalStage,
  Group,
  PrivilegedAccessGroupAssignmentScheduleInstance,
  PrivilegedAccessGroupAssignmentScheduleRequest,
  RequestSchedule,
  TicketInfo,
  UnifiedRoleAssignmentScheduleInstance,
  UnifiedRoleAssignmentScheduleRequest,
  UnifiedRoleDefinition,
  User,
} from "@microsoft/microsoft-graph-types";
import {
  pimDeadline,
  type PimActivation,
  type PimApproval,
  type PimApprovalStage,
  type PimGroupAccess,
  type PimRequest,
  type PimTarget,
  type PimTicket,
} from "../domain/model/pim-request.js";
import { parseIsoDuration } from "../domain/time/iso-duration.js";
import { readGraphDate } from "./read-graph-date.js";

/** A role request with `$expand=principal,roleDefinition`. */
export type GraphRoleRequest = UnifiedRoleAssignmentScheduleRequest & { principal?: User | null; roleDefinition?: UnifiedRoleDefinition | null };
/** A PIM for Groups request with `$expand=principal,group`. */
export type GraphGroupRequest = PrivilegedAccessGroupAssignmentScheduleRequest & { principal?: User | null; group?: Group | null };
/** A role instance with `$expand=roleDefinition`. */
export type GraphRoleInstance = UnifiedRoleAssignmentScheduleInstance & { roleDefinition?: UnifiedRoleDefinition | null };
/** A PIM for Groups instance with `$expand=group`. */
export type GraphGroupInstance = PrivilegedAccessGroupAssignmentScheduleInstance & { group?: Group | null };
/** An approval with its stages (v1.0, PIM for Groups) or steps (beta, Entra roles): the same JSON either way. */
export interface GraphPimApproval {
  id?: string | null;
  stages?: ApprovalStage[] | null;
  steps?: ApprovalStage[] | null;
}

const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

export function mapRoleRequest(r: GraphRoleRequest): PimRequest {
  const target: PimTarget = {
    kind: "role",
    roleDefinitionId: r.roleDefinitionId ?? "",
    roleName: r.roleDefinition?.displayName ?? "",
    directoryScopeId: r.directoryScopeId ?? "/",
  };
  return mapRequest(r, "role", target);
}

export function mapGroupRequest(r: GraphGroupRequest): PimRequest {
  const target: PimTarget = { kind: "group", groupId: r.groupId ?? "", groupName: r.group?.displayName ?? "", accessId: readAccess(r.accessId) };
  return mapRequest(r, "group", target);
}

function mapRequest(r: GraphRoleRequest | GraphGroupRequest, kind: PimRequest["kind"], target: PimTarget): PimRequest {
  const createdAt = readGraphDate(r.createdDateTime) ?? new Date(0);
  const window = readSchedule(r.scheduleInfo);
  return {
    id: r.id ?? "",
    kind,
    action: r.action ?? "",
    principalId: r.principalId ?? "",
    principalName: r.principal?.displayName ?? createdByName(r, r.principalId) ?? "",
    target,
    justification: r.justification?.trim() || null,
    ticket: readTicket(r.ticketInfo),
    createdAt,
    deadline: pimDeadline(createdAt),
    status: r.status ?? "",
    completedAt: readGraphDate(r.completedDateTime),
    approvalId: r.approvalId || null,
    start: window.start,
    end: window.end,
    durationMs: window.durationMs,
    targetScheduleId: r.targetScheduleId || null,
  };
}

export function mapRoleInstance(i: GraphRoleInstance): PimActivation {
  return {
    id: i.id ?? "",
    kind: "role",
    scheduleId: i.roleAssignmentScheduleId ?? i.id ?? "",
    principalId: i.principalId ?? "",
    target: { kind: "role", roleDefinitionId: i.roleDefinitionId ?? "", roleName: i.roleDefinition?.displayName ?? "", directoryScopeId: i.directoryScopeId ?? "/" },
    start: readGraphDate(i.startDateTime) ?? new Date(0),
    end: readGraphDate(i.endDateTime),
  };
}

export function mapGroupInstance(i: GraphGroupInstance): PimActivation {
  return {
    id: i.id ?? "",
    kind: "group",
    scheduleId: i.assignmentScheduleId ?? i.id ?? "",
    principalId: i.principalId ?? "",
    target: { kind: "group", groupId: i.groupId ?? "", groupName: i.group?.displayName ?? "", accessId: readAccess(i.accessId) },
    start: readGraphDate(i.startDateTime) ?? new Date(0),
    end: readGraphDate(i.endDateTime),
  };
}

export function mapApproval(a: GraphPimApproval): PimApproval {
  return { id: a.id ?? "", stages: (a.stages ?? a.steps ?? []).map(mapStage) };
}

function mapStage(s: ApprovalStage): PimApprovalStage {
  const reviewer = s.reviewedBy?.id && s.reviewedBy.id !== EMPTY_GUID ? { id: s.reviewedBy.id, displayName: s.reviewedBy.displayName ?? "" } : null;
  return {
    id: s.id ?? "",
    status: s.status ?? "",
    reviewResult: readReviewResult(s.reviewResult),
    reviewedBy: reviewer,
    reviewedAt: readGraphDate(s.reviewedDateTime),
    justification: s.justification?.trim() || null,
    assignedToMe: s.assignedToMe === true,
  };
}

/** Graph writes `Approve`/`Deny` when deciding and has documented `Approved`/`Denied` for reading: both count. */
function readReviewResult(value: string | null | undefined): PimApprovalStage["reviewResult"] {
  if (value && /^approve/i.test(value)) return "Approve";
  if (value && /^den/i.test(value)) return "Deny";
  return "NotReviewed";
}

function readAccess(value: string | null | undefined): PimGroupAccess {
  return value?.toLowerCase() === "owner" ? "owner" : "member";
}

function readTicket(t: TicketInfo | null | undefined): PimTicket | null {
  const number = t?.ticketNumber?.trim();
  return number ? { number, system: t?.ticketSystem?.trim() || null } : null;
}

/** The requested window: `afterDuration` gives a length, `afterDateTime` an end. */
function readSchedule(s: RequestSchedule | null | undefined): { start: Date | null; end: Date | null; durationMs: number | null } {
  const start = readGraphDate(s?.startDateTime);
  const expiration = s?.expiration;
  let durationMs: number | null = null;
  if (expiration?.duration) {
    try {
      durationMs = parseIsoDuration(expiration.duration);
    } catch {
      durationMs = null;
    }
  }
  let end = readGraphDate(expiration?.endDateTime);
  if (!end && start && durationMs !== null) end = new Date(start.getTime() + durationMs);
  if (durationMs === null && start && end) durationMs = end.getTime() - start.getTime();
  return { start, end, durationMs };
}

/** `createdBy.user.displayName` when the principal made the request themselves (Graph always expands it). */
function createdByName(r: { createdBy?: { user?: { id?: string | null; displayName?: string | null } | null } | null }, principalId: string | null | undefined): string | null {
  const user = r.createdBy?.user;
  return user?.id && user.id === principalId ? (user.displayName ?? null) : null;
}
