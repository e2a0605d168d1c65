import { GraphError } from "../../http/graph-error.js";
import type { Projection } from "../../http/projection.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { created, noContent, type Route, type RouteContext, type RoutePermissions } from "../../http/route.js";
import type { Table } from "../../state/table.js";
import { cancelPimRequest } from "./decide-pim-approval.js";
import {
  groupAssignmentInstanceProjection,
  groupAssignmentRequestProjection,
  groupAssignmentScheduleProjection,
  groupEligibilityInstanceProjection,
  groupEligibilityScheduleProjection,
} from "./group-projections.js";
import { parsePimRequest } from "./parse-pim-request.js";
import {
  GROUP_ASSIGNMENT_READ,
  GROUP_ASSIGNMENT_READ_ME,
  GROUP_ASSIGNMENT_WRITE_PERMS,
  GROUP_ELIGIBILITY_READ,
  GROUP_ELIGIBILITY_READ_ME,
} from "./pim-permissions.js";
import { callerUserId, requireGroupScopeFilter, requireOn } from "./pim-route-helpers.js";
import { assignmentFilter, eligibilityFilter, requestFilter, requestsForCurrentUser, rowsFor } from "./pim-rows.js";
import { submitPimRequest } from "./submit-pim-request.js";

const BASE = "/identityGovernance/privilegedAccess/group";

/**
 * A PIM for Groups schedule collection: the list (which Graph refuses without a `groupId` or
 * `principalId` filter), get by id, and the caller's own rows through `filterByCurrentUser`.
 */
function scheduleCollection<T extends { id: string; principalId: string }>(
  list: string,
  read: RoutePermissions,
  readMe: RoutePermissions,
  table: (ctx: RouteContext) => Table<T>,
  keep: (ctx: RouteContext) => (row: T) => boolean,
  projection: Projection<T>,
  onValues: readonly string[] = ["principal"],
): Route[] {
  return [
    {
      method: "GET",
      pattern: `${BASE}/${list}`,
      permissions: read,
      handler: (ctx) => {
        requireGroupScopeFilter(ctx);
        return respondWithCollection(ctx, rowsFor(ctx, table(ctx), keep(ctx)), projection);
      },
    },
    {
      method: "GET",
      pattern: `${BASE}/${list}/{id}`,
      permissions: read,
      handler: (ctx) => {
        const row = table(ctx).get(ctx.params.id ?? "");
        return respondWithEntity(ctx, row && keep(ctx)(row) ? row : undefined, projection);
      },
    },
    {
      method: "GET",
      pattern: `${BASE}/${list}/filterByCurrentUser(on='{on}')`,
      permissions: readMe,
      handler: (ctx) => {
        requireOn(ctx, onValues);
        return respondWithCollection(ctx, rowsFor(ctx, table(ctx), keep(ctx), callerUserId(ctx)), projection);
      },
    },
  ];
}

/** v1.0 `/identityGovernance/privilegedAccess/group/...`: eligibilities, activations and their requests. */
export function groupRoutes(): Route[] {
  const eligibilities = (ctx: RouteContext) => ctx.state.eligibilities;
  const assignments = (ctx: RouteContext) => ctx.state.activeAssignments;
  return [
    ...scheduleCollection("eligibilitySchedules", GROUP_ELIGIBILITY_READ, GROUP_ELIGIBILITY_READ_ME, eligibilities, (ctx) => eligibilityFilter(ctx, "group", false), groupEligibilityScheduleProjection),
    ...scheduleCollection("eligibilityScheduleInstances", GROUP_ELIGIBILITY_READ, GROUP_ELIGIBILITY_READ_ME, eligibilities, (ctx) => eligibilityFilter(ctx, "group", true), groupEligibilityInstanceProjection),
    ...scheduleCollection("assignmentSchedules", GROUP_ASSIGNMENT_READ, GROUP_ASSIGNMENT_READ_ME, assignments, () => assignmentFilter("group", false), groupAssignmentScheduleProjection),
    ...scheduleCollection("assignmentScheduleInstances", GROUP_ASSIGNMENT_READ, GROUP_ASSIGNMENT_READ_ME, assignments, () => assignmentFilter("group", true), groupAssignmentInstanceProjection),
    {
      method: "GET",
      pattern: `${BASE}/assignmentScheduleRequests`,
      permissions: GROUP_ASSIGNMENT_READ,
      handler: (ctx) => {
        requireGroupScopeFilter(ctx);
        return respondWithCollection(ctx, rowsFor(ctx, ctx.state.pimRequests, requestFilter("group")), groupAssignmentRequestProjection);
      },
    },
    {
      method: "POST",
      pattern: `${BASE}/assignmentScheduleRequests`,
      permissions: GROUP_ASSIGNMENT_WRITE_PERMS,
      handler: (ctx) => {
        const input = parsePimRequest("group", ctx.body);
        const request = submitPimRequest(ctx, "group", input);
        const result = respondWithEntity(ctx, request, groupAssignmentRequestProjection);
        if (input.isValidationOnly) (result.body as Record<string, unknown>).isValidationOnly = true;
        return created(result.body);
      },
    },
    {
      method: "GET",
      pattern: `${BASE}/assignmentScheduleRequests/{id}`,
      permissions: GROUP_ASSIGNMENT_READ,
      handler: (ctx) => respondWithEntity(ctx, groupRequestOr404(ctx), groupAssignmentRequestProjection),
    },
    {
      method: "POST",
      pattern: `${BASE}/assignmentScheduleRequests/{id}/cancel`,
      permissions: GROUP_ASSIGNMENT_WRITE_PERMS,
      handler: (ctx) => {
        cancelPimRequest(ctx, groupRequestOr404(ctx));
        return noContent();
      },
    },
    {
      method: "GET",
      pattern: `${BASE}/assignmentScheduleRequests/filterByCurrentUser(on='{on}')`,
      permissions: GROUP_ASSIGNMENT_READ_ME,
      handler: (ctx) => {
        const on = requireOn(ctx, ["principal", "createdBy", "approver"]);
        return respondWithCollection(ctx, requestsForCurrentUser(ctx, "group", on, callerUserId(ctx)), groupAssignmentRequestProjection);
      },
    },
  ];
}

function groupRequestOr404(ctx: RouteContext) {
  const request = ctx.state.pimRequests.get(ctx.params.id ?? "");
  if (!request || request.kind !== "group") {
    throw GraphError.notFound(`No privilegedAccessGroupAssignmentScheduleRequest with id '${ctx.params.id}'. List ${BASE}/assignmentScheduleRequests?$filter=principalId eq '<id>' to find it.`);
  }
  return request;
}
