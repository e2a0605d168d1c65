import type { ActiveAssignmentRecord, EligibilityRecord, PimRequestRecord, SubjectSet } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR } from "./pim-permissions.js";
import type { PimTarget } from "./pim-policy.js";

/** Lookups over the PIM tables shared by routes, the approval flow and the lifecycle. */

interface Targeted {
  roleDefinitionId: string | null;
  directoryScopeId: string | null;
  groupId: string | null;
  accessId: "member" | "owner" | null;
}

export function matchesTarget(record: Targeted, t: PimTarget): boolean {
  if (t.kind === "role") return record.roleDefinitionId === t.roleDefinitionId && (record.directoryScopeId ?? "/") === t.directoryScopeId;
  return record.groupId === t.groupId && record.accessId === t.accessId;
}

export function targetOf(record: Targeted & { kind?: "role" | "group" }): PimTarget {
  if (record.groupId) return { kind: "group", groupId: record.groupId, accessId: record.accessId ?? "member" };
  return { kind: "role", roleDefinitionId: record.roleDefinitionId ?? "", directoryScopeId: record.directoryScopeId ?? "/" };
}

/** When an eligibility starts and ends, in epoch ms (end is Infinity when it never expires). */
export function eligibilityWindow(e: EligibilityRecord): { startMs: number; endMs: number } {
  const startMs = e.scheduleInfo.startDateTime ? Date.parse(e.scheduleInfo.startDateTime) : Date.parse(e.createdDateTime);
  const exp = e.scheduleInfo.expiration;
  let endMs = Number.POSITIVE_INFINITY;
  if (exp?.type === "afterDateTime" && exp.endDateTime) endMs = Date.parse(exp.endDateTime);
  return { startMs, endMs };
}

export function eligibilityEndIso(e: EligibilityRecord): string | null {
  const { endMs } = eligibilityWindow(e);
  return Number.isFinite(endMs) ? new Date(endMs).toISOString() : null;
}

export function isEligibilityCurrent(e: EligibilityRecord, atMs: number): boolean {
  const { startMs, endMs } = eligibilityWindow(e);
  return startMs <= atMs && atMs < endMs;
}

/** The principal's eligibility for the target that is in force at `atMs`, if any. */
export function currentEligibility(state: TenantState, principalId: string, t: PimTarget, atMs: number): EligibilityRecord | undefined {
  return state.eligibilities.by("principalId", principalId).find((e) => matchesTarget(e, t) && isEligibilityCurrent(e, atMs));
}

/** Active (provisioned, not yet ended) assignments of the principal for the target. */
export function activeAssignmentsFor(state: TenantState, principalId: string, t: PimTarget): ActiveAssignmentRecord[] {
  return state.activeAssignments.by("principalId", principalId).filter((a) => matchesTarget(a, t) && a.status === "Provisioned");
}

/** Assignments that exist or are scheduled to start (a future-dated activation counts as existing). */
export function liveAssignmentsFor(state: TenantState, principalId: string, t: PimTarget): ActiveAssignmentRecord[] {
  return state.activeAssignments.by("principalId", principalId).filter((a) => matchesTarget(a, t));
}

export function pendingRequestFor(state: TenantState, principalId: string, t: PimTarget): PimRequestRecord | undefined {
  return state.pimRequests.by("principalId", principalId).find((r) => r.status === "PendingApproval" && matchesTarget(r, t));
}

/** True when the user holds Privileged Role Administrator or Global Administrator right now. */
export function isPrivilegedRoleAdmin(state: TenantState, userId: string): boolean {
  return state.activeAssignments
    .by("principalId", userId)
    .some((a) => a.status === "Provisioned" && (a.roleDefinitionId === PRIVILEGED_ROLE_ADMINISTRATOR || a.roleDefinitionId === GLOBAL_ADMINISTRATOR));
}

/**
 * The people who may approve, from the policy's primary approvers. The requester is never one of them.
 * With no approvers configured, Entra asks Privileged Role Administrators and Global Administrators.
 */
export function resolveApprovers(state: TenantState, subjects: readonly SubjectSet[], requesterId: string): string[] {
  const ids = new Set<string>();
  for (const subject of subjects) {
    if (subject["@odata.type"] === "#microsoft.graph.singleUser") ids.add(subject.userId);
    else if (subject["@odata.type"] === "#microsoft.graph.groupMembers") {
      for (const member of state.groups.get(subject.groupId)?.memberIds ?? []) ids.add(member);
    } else if (subject["@odata.type"] === "#microsoft.graph.requestorManager") {
      const manager = state.users.get(requesterId)?.managerId;
      if (manager) ids.add(manager);
    }
  }
  if (ids.size === 0) {
    for (const a of state.activeAssignments.values()) {
      if (a.status === "Provisioned" && (a.roleDefinitionId === PRIVILEGED_ROLE_ADMINISTRATOR || a.roleDefinitionId === GLOBAL_ADMINISTRATOR)) {
        ids.add(a.principalId);
      }
    }
  }
  ids.delete(requesterId);
  return [...ids].filter((id) => state.users.get(id)?.accountEnabled !== false);
}

/** 16 bytes of a GUID in the order .NET's Guid.ToByteArray writes them. */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) return Buffer.from(guid);
  const b = Buffer.from(hex, "hex");
  return Buffer.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)]);
}

/**
 * Id of a directory role schedule instance, shaped like Entra's (`lAPpYvVp...-1-e`): the role and
 * principal GUIDs in base64url, then a suffix telling eligibility (`-1-e`) from assignment (`-1`)
 * instances. Deterministic, so a GET by id finds the same instance a list returned.
 */
export function roleInstanceId(roleDefinitionId: string, principalId: string, kind: "eligibility" | "assignment"): string {
  const base = Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]).toString("base64url");
  return `${base}-1${kind === "eligibility" ? "-e" : ""}`;
}
