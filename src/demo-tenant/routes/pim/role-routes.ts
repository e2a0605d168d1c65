import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { created, noContent, type Route, type RouteContext } from "../../http/route.js";
import { cancelPimRequest } from "./decide-pim-approval.js";
import { parsePimRequest } from "./parse-pim-request.js";
import {
  ROLE_ASSIGNMENT_READ,
  ROLE_ASSIGNMENT_READ_ME,
  ROLE_ASSIGNMENT_WRITE,
  ROLE_DEFINITIONS_READ,
  ROLE_ELIGIBILITY_READ,
  ROLE_ELIGIBILITY_READ_ME,
} from "./pim-permissions.js";
import { roleInstanceId } from "./pim-records.js";
import { callerUserId, requireOn } from "./pim-route-helpers.js";
import { assignmentFilter, eligibilityFilter, requestFilter, requestsForCurrentUser, rowsFor } from "./pim-rows.js";
import {
  roleAssignmentInstanceProjection,
  roleAssignmentRequestProjection,
  roleAssignmentScheduleProjection,
  roleDefinitionProjection,
  roleEligibilityInstanceProjection,
  roleEligibilityScheduleProjection,
} from "./role-projections.js";
import { submitPimRequest } from "./submit-pim-request.js";

const BASE = "/roleManagement/directory";

/** A request by id, or Graph's 404 naming what to list instead. */
function roleRequestOr404(ctx: RouteContext) {
  const request = ctx.state.pimRequests.get(ctx.params.id ?? "");
  if (!request || request.kind !== "role") {
    throw GraphError.notFound(`No roleAssignmentScheduleRequest with id '${ctx.params.id}'. List ${BASE}/roleAssignmentScheduleRequests to find it.`);
  }
  return request;
}

/** `filterByCurrentUser(on='principal')` of a schedule or instance list: the caller's own rows. */
function mine<T extends { id: string; principalId: string }>(
  list: string,
  permissions: Route["permissions"],
  rows: (ctx: RouteContext, userId: string) => T[],
  projection: Parameters<typeof respondWithCollection<T>>[2],
): Route {
  return {
    method: "GET",
    pattern: `${BASE}/${list}/filterByCurrentUser(on='{on}')`,
    permissions,
    handler: (ctx) => {
      requireOn(ctx, ["principal"]);
      return respondWithCollection(ctx, rows(ctx, callerUserId(ctx)), projection);
    },
  };
}

/** v1.0 `/roleManagement/directory/...`: role definitions and PIM for Entra roles. */
export function roleRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: `${BASE}/roleDefinitions`,
      permissions: ROLE_DEFINITIONS_READ,
      handler: (ctx) => respondWithCollection(ctx, ctx.state.roleDefinitions.all(), roleDefinitionProjection),
    },
    {
      method: "GET",
      pattern: `${BASE}/roleDefinitions/{id}`,
      permissions: ROLE_DEFINITIONS_READ,
      handler: (ctx) => respondWithEntity(ctx, ctx.state.roleDefinitions.get(ctx.params.id ?? ""), roleDefinitionProjection),
    },

    // Eligibilities.
    {
      method: "GET",
      pattern: `${BASE}/roleEligibilitySchedules`,
      permissions: ROLE_ELIGIBILITY_READ,
      handler: (ctx) => respondWithCollection(ctx, rowsFor(ctx, ctx.state.eligibilities, eligibilityFilter(ctx, "role", false)), roleEligibilityScheduleProjection),
    },
    {
      method: "GET",
      pattern: `${BASE}/roleEligibilitySchedules/{id}`,
      permissions: ROLE_ELIGIBILITY_READ,
      handler: (ctx) => {
        const e = ctx.state.eligibilities.get(ctx.params.id ?? "");
        return respondWithEntity(ctx, e && eligibilityFilter(ctx, "role", false)(e) ? e : undefined, roleEligibilityScheduleProjection);
      },
    },
    mine(
      "roleEligibilitySchedules",
      ROLE_ELIGIBILITY_READ_ME,
      (ctx, me) => rowsFor(ctx, ctx.state.eligibilities, eligibilityFilter(ctx, "role", false), me),
      roleEligibilityScheduleProjection,
    ),
    {
      method: "GET",
      pattern: `${BASE}/roleEligibilityScheduleInstances`,
      permissions: ROLE_ELIGIBILITY_READ,
      handler: (ctx) => respondWithCollection(ctx, rowsFor(ctx, ctx.state.eligibilities, eligibilityFilter(ctx, "role", true)), roleEligibilityInstanceProjection),
    },
    {
      method: "GET",
      pattern: `${BASE}/roleEligibilityScheduleInstances/{id}`,
      permissions: ROLE_ELIGIBILITY_READ,
      handler: (ctx) => {
        const keep = eligibilityFilter(ctx, "role", true);
        const found = ctx.state.eligibilities.all().find((e) => keep(e) && roleInstanceId(e.roleDefinitionId ?? "", e.principalId, "eligibility") === ctx.params.id);
        return respondWithEntity(ctx, found, roleEligibilityInstanceProjection);
      },
    },
    mine(
      "roleEligibilityScheduleInstances",
      ROLE_ELIGIBILITY_READ_ME,
      (ctx, me) => rowsFor(ctx, ctx.state.eligibilities, eligibilityFilter(ctx, "role", true), me),
      roleEligibilityInstanceProjection,
    ),

    // Active assignments (activations and direct assignments).
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentSchedules`,
      permissions: ROLE_ASSIGNMENT_READ,
      handler: (ctx) => respondWithCollection(ctx, rowsFor(ctx, ctx.state.activeAssignments, assignmentFilter("role", false)), roleAssignmentScheduleProjection),
    },
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentSchedules/{id}`,
      permissions: ROLE_ASSIGNMENT_READ,
      handler: (ctx) => {
        const a = ctx.state.activeAssignments.get(ctx.params.id ?? "");
        return respondWithEntity(ctx, a && assignmentFilter("role", false)(a) ? a : undefined, roleAssignmentScheduleProjection);
      },
    },
    mine(
      "roleAssignmentSchedules",
      ROLE_ASSIGNMENT_READ_ME,
      (ctx, me) => rowsFor(ctx, ctx.state.activeAssignments, assignmentFilter("role", false), me),
      roleAssignmentScheduleProjection,
    ),
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentScheduleInstances`,
      permissions: ROLE_ASSIGNMENT_READ,
      handler: (ctx) => respondWithCollection(ctx, rowsFor(ctx, ctx.state.activeAssignments, assignmentFilter("role", true)), roleAssignmentInstanceProjection),
    },
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentScheduleInstances/{id}`,
      permissions: ROLE_ASSIGNMENT_READ,
      handler: (ctx) => {
        const keep = assignmentFilter("role", true);
        const found = ctx.state.activeAssignments.all().find((a) => keep(a) && roleInstanceId(a.roleDefinitionId ?? "", a.principalId, "assignment") === ctx.params.id);
        return respondWithEntity(ctx, found, roleAssignmentInstanceProjection);
      },
    },
    mine(
      "roleAssignmentScheduleInstances",
      ROLE_ASSIGNMENT_READ_ME,
      (ctx, me) => rowsFor(ctx, ctx.state.activeAssignments, assignmentFilter("role", true), me),
      roleAssignmentInstanceProjection,
    ),

    // Requests: activation, deactivation, admin assignment and removal.
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentScheduleRequests`,
      permissions: ROLE_ASSIGNMENT_READ,
      handler: (ctx) => respondWithCollection(ctx, rowsFor(ctx, ctx.state.pimRequests, requestFilter("role")), roleAssignmentRequestProjection),
    },
    {
      method: "POST",
      pattern: `${BASE}/roleAssignmentScheduleRequests`,
      permissions: ROLE_ASSIGNMENT_WRITE,
      handler: (ctx) => {
        const input = parsePimRequest("role", ctx.body);
        const request = submitPimRequest(ctx, "role", input);
        const result = respondWithEntity(ctx, request, roleAssignmentRequestProjection, `${BASE}/roleAssignmentScheduleRequests`);
        if (input.isValidationOnly) (result.body as Record<string, unknown>).isValidationOnly = true;
        return created(result.body);
      },
    },
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentScheduleRequests/{id}`,
      permissions: ROLE_ASSIGNMENT_READ,
      handler: (ctx) => respondWithEntity(ctx, roleRequestOr404(ctx), roleAssignmentRequestProjection),
    },
    {
      method: "POST",
      pattern: `${BASE}/roleAssignmentScheduleRequests/{id}/cancel`,
      permissions: ROLE_ASSIGNMENT_WRITE,
      handler: (ctx) => {
        cancelPimRequest(ctx, roleRequestOr404(ctx));
        return noContent();
      },
    },
    {
      method: "GET",
      pattern: `${BASE}/roleAssignmentScheduleRequests/filterByCurrentUser(on='{on}')`,
      permissions: ROLE_ASSIGNMENT_READ_ME,
      handler: (ctx) => {
        const on = requireOn(ctx, ["principal", "createdBy", "approver"]);
        return respondWithCollection(ctx, requestsForCurrentUser(ctx, "role", on, callerUserId(ctx)), roleAssignmentRequestProjection);
      },
    },
  ];
}
