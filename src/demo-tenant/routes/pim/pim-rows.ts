import type { RouteContext } from "../../http/route.js";
import type { ActiveAssignmentRecord, EligibilityRecord, PimRequestRecord } from "../../state/model.js";
import type { Table } from "../../state/table.js";
import { filterEqualities } from "./filter-equalities.js";
import { isEligibilityCurrent } from "./pim-records.js";

/**
 * The rows a PIM list starts from, narrowed through the `principalId` index when the `$filter` (or
 * `filterByCurrentUser`) pins a principal, so lists stay fast on a large tenant. The generic `$filter`
 * still runs afterwards on what is returned.
 */
export function rowsFor<T extends { id: string; principalId: string }>(
  ctx: RouteContext,
  table: Table<T>,
  keep: (row: T) => boolean,
  principalId?: string,
): T[] {
  const pinned = principalId ?? filterEqualities(ctx.query.get("$filter")).get("principalid");
  const rows = pinned === undefined ? table.all() : table.by("principalId", pinned).concat(pinned === pinned.toLowerCase() ? [] : table.by("principalId", pinned.toLowerCase()));
  return rows.filter(keep);
}

const nowMs = (ctx: RouteContext) => ctx.now.getTime();

export const isRoleEligibility = (e: EligibilityRecord) => e.roleDefinitionId !== null;
export const isGroupEligibility = (e: EligibilityRecord) => e.groupId !== null;

/** Schedules: every eligibility not yet expired (future ones included). Instances: only those in force. */
export function eligibilityFilter(ctx: RouteContext, kind: "role" | "group", instances: boolean): (e: EligibilityRecord) => boolean {
  const ofKind = kind === "role" ? isRoleEligibility : isGroupEligibility;
  return (e) => ofKind(e) && (!instances || isEligibilityCurrent(e, nowMs(ctx)));
}

/** Schedules include granted future starts; instances only assignments in force now. */
export function assignmentFilter(kind: "role" | "group", instances: boolean): (a: ActiveAssignmentRecord) => boolean {
  return (a) => a.kind === kind && (!instances || a.status === "Provisioned");
}

export const requestFilter = (kind: "role" | "group") => (r: PimRequestRecord) => r.kind === kind;

/** Requests a user is involved in, for `filterByCurrentUser(on='principal' | 'createdBy' | 'approver')`. */
export function requestsForCurrentUser(ctx: RouteContext, kind: "role" | "group", on: string, userId: string): PimRequestRecord[] {
  if (on === "principal") return rowsFor(ctx, ctx.state.pimRequests, requestFilter(kind), userId);
  const all = ctx.state.pimRequests.all().filter(requestFilter(kind));
  if (on === "createdBy") return all.filter((r) => r.createdById === userId);
  return all.filter((r) => r.approvalStages.some((s) => s.approverIds.includes(userId)));
}
