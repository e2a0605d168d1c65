import { GraphError } from "../../http/graph-error.js";
import { plainProjection } from "../../http/projection.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { Route, RouteContext } from "../../http/route.js";
import type { RoleManagementPolicyRecord } from "../../state/model.js";
import { filterEqualities } from "./filter-equalities.js";
import { POLICY_READ, POLICY_READ_DIRECTORY, POLICY_READ_GROUP } from "./pim-permissions.js";
import { requireAnyPermission } from "./pim-route-helpers.js";
import { policyAssignmentProjection, policyById, policyIdShown, policyProjection } from "./policy-projections.js";

/** Directory-role policies need the Directory permission family; group policies the AzureADGroup one. */
function requireFamily(ctx: RouteContext, scopeType: string): void {
  const group = scopeType.toLowerCase() === "group";
  requireAnyPermission(ctx.caller, group ? POLICY_READ_GROUP : POLICY_READ_DIRECTORY, group ? "PIM for Groups policies" : "directory role policies");
}

/**
 * Both lists require `$filter` on `scopeId` and `scopeType` (`'/'` with `DirectoryRole` or `Directory`,
 * or a group id with `Group`), as Graph does. Returns the policies in that scope.
 */
function scopedPolicies(ctx: RouteContext): RoleManagementPolicyRecord[] {
  const eq = filterEqualities(ctx.query.get("$filter"));
  const scopeId = eq.get("scopeid");
  const scopeType = eq.get("scopetype");
  if (scopeId === undefined || scopeType === undefined) {
    throw GraphError.badRequest(
      "This list requires $filter on scopeId and scopeType: scopeId eq '/' and scopeType eq 'DirectoryRole' for Entra roles, or scopeId eq '<group id>' and scopeType eq 'Group' for PIM for Groups.",
    );
  }
  const type = scopeType.toLowerCase();
  if (!["directoryrole", "directory", "group"].includes(type)) {
    throw GraphError.badRequest(`scopeType must be 'DirectoryRole', 'Directory' or 'Group', not '${scopeType}'.`);
  }
  requireFamily(ctx, scopeType);
  // The route's $filter runs afterwards; this only narrows by scope (and maps `Directory` to our records).
  return ctx.state.roleManagementPolicies
    .all()
    .filter((p) => p.scopeId.toLowerCase() === scopeId.toLowerCase() && (type === "group" ? p.scopeType === "Group" : p.scopeType === "DirectoryRole"));
}

function policyOr404(ctx: RouteContext): RoleManagementPolicyRecord {
  const policy = policyById(ctx.state.roleManagementPolicies.values(), ctx.params.id ?? "");
  if (!policy) throw GraphError.notFound(`No role management policy with id '${ctx.params.id}'. List policies with $filter=scopeId eq '/' and scopeType eq 'DirectoryRole'.`);
  requireFamily(ctx, policy.scopeType);
  return policy;
}

/** `/policies/roleManagementPolicies` and `/policies/roleManagementPolicyAssignments` (v1.0). */
export function policyRoutes(): Route[] {
  const ruleProjection = plainProjection("unifiedRoleManagementPolicyRule");
  return [
    {
      method: "GET",
      pattern: "/policies/roleManagementPolicyAssignments",
      permissions: POLICY_READ,
      handler: (ctx) => respondWithCollection(ctx, scopedPolicies(ctx), policyAssignmentProjection),
    },
    {
      method: "GET",
      pattern: "/policies/roleManagementPolicyAssignments/{id}",
      permissions: POLICY_READ,
      handler: (ctx) => {
        const wanted = (ctx.params.id ?? "").toLowerCase().replace(/^directory_/, "directoryrole_");
        const policy = ctx.state.roleManagementPolicies.all().find((p) => `${p.id}_${p.roleDefinitionId}`.toLowerCase() === wanted);
        if (policy) requireFamily(ctx, policy.scopeType);
        return respondWithEntity(ctx, policy, policyAssignmentProjection);
      },
    },
    {
      method: "GET",
      pattern: "/policies/roleManagementPolicyAssignments/{id}/policy",
      permissions: POLICY_READ,
      handler: (ctx) => {
        const wanted = (ctx.params.id ?? "").toLowerCase().replace(/^directory_/, "directoryrole_");
        const policy = ctx.state.roleManagementPolicies.all().find((p) => `${p.id}_${p.roleDefinitionId}`.toLowerCase() === wanted);
        if (policy) requireFamily(ctx, policy.scopeType);
        return respondWithEntity(ctx, policy, policyProjection);
      },
    },
    {
      method: "GET",
      pattern: "/policies/roleManagementPolicies",
      permissions: POLICY_READ,
      handler: (ctx) => respondWithCollection(ctx, scopedPolicies(ctx), policyProjection),
    },
    {
      method: "GET",
      pattern: "/policies/roleManagementPolicies/{id}",
      permissions: POLICY_READ,
      handler: (ctx) => respondWithEntity(ctx, policyOr404(ctx), policyProjection),
    },
    ...(["rules", "effectiveRules"] as const).flatMap((list): Route[] => [
      {
        method: "GET",
        pattern: `/policies/roleManagementPolicies/{id}/${list}`,
        permissions: POLICY_READ,
        handler: (ctx) => respondWithCollection(ctx, policyOr404(ctx).rules, ruleProjection),
      },
      {
        method: "GET",
        pattern: `/policies/roleManagementPolicies/{id}/${list}/{ruleId}`,
        permissions: POLICY_READ,
        handler: (ctx) => {
          const policy = policyOr404(ctx);
          const rule = policy.rules.find((r) => String(r.id).toLowerCase() === (ctx.params.ruleId ?? "").toLowerCase());
          if (!rule) throw GraphError.notFound(`The policy '${policyIdShown(policy, ctx)}' has no rule '${ctx.params.ruleId}'.`);
          return respondWithEntity(ctx, rule, ruleProjection);
        },
      },
    ]),
  ];
}
