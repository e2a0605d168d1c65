import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { Route, RouteContext } from "../../http/route.js";
import { EM, READ_ANY } from "./entitlement-permissions.js";
import { assignmentPolicyProjection, questionProjection } from "./package-projections.js";
import { byIndex, pinnedValue } from "./pinned-filter.js";

function policyOf(ctx: RouteContext) {
  const policy = ctx.state.policies.get(ctx.params.id!);
  if (!policy) throw GraphError.notFound(`No access package assignment policy with id '${ctx.params.id}'.`);
  return policy;
}

/** Assignment policies: list (`$filter=accessPackage/id eq`), get, and their questions. */
export function assignmentPolicyRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: `${EM}/assignmentPolicies`,
      permissions: READ_ANY,
      handler: (ctx) => {
        const packageId = pinnedValue(ctx.query.get("$filter"), "accessPackage/id");
        return respondWithCollection(ctx, packageId ? byIndex(ctx.state.policies, "accessPackageId", packageId) : ctx.state.policies.all(), assignmentPolicyProjection);
      },
    },
    {
      method: "GET",
      pattern: `${EM}/assignmentPolicies/{id}`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithEntity(ctx, policyOf(ctx), assignmentPolicyProjection, `${EM}/assignmentPolicies`),
    },
    {
      method: "GET",
      pattern: `${EM}/assignmentPolicies/{id}/questions`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithCollection(ctx, [...policyOf(ctx).questions].sort((a, b) => a.sequence - b.sequence), questionProjection),
    },
  ];
}
