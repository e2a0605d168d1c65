import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { ok, type Route, type RouteContext } from "../../http/route.js";
import type { AccessPackageRecord, AssignmentPolicyRecord } from "../../state/model.js";
import { selfRequestablePolicies } from "./allowed-targets.js";
import { EM, READ_ANY, SIGNED_IN_READ } from "./entitlement-permissions.js";
import {
  accessPackageProjection,
  assignmentPolicyProjection,
  catalogProjection,
  questionProjection,
  resourceRoleScopeProjection,
} from "./package-projections.js";
import { byIndex, pinnedValue } from "./pinned-filter.js";

function packageOf(ctx: RouteContext): AccessPackageRecord {
  const pkg = ctx.state.accessPackages.get(ctx.params.id!);
  if (!pkg) throw GraphError.notFound(`No access package with id '${ctx.params.id}'.`);
  return pkg;
}

function signedInUser(ctx: RouteContext) {
  if (ctx.caller.kind !== "user") throw GraphError.forbidden("This function is about the signed-in user and needs a delegated token.");
  const user = ctx.state.users.get(ctx.caller.userId);
  if (!user) throw GraphError.forbidden("The signed-in user no longer exists in the directory.");
  return user;
}

/** What a requestor must supply under one policy (Graph's accessPackageAssignmentRequestRequirements). */
function requirementsOf(policy: AssignmentPolicyRecord, ctx: RouteContext): Record<string, unknown> {
  const approval = policy.requestApprovalSettings;
  return {
    policyId: policy.id,
    policyDisplayName: policy.displayName,
    policyDescription: policy.description,
    isApprovalRequiredForAdd: approval.isApprovalRequiredForAdd,
    isApprovalRequiredForUpdate: approval.isApprovalRequiredForUpdate,
    isRequestorJustificationRequired: approval.isRequestorJustificationRequired,
    allowCustomAssignmentSchedule: policy.requestorSettings.allowCustomAssignmentSchedule,
    schedule: { startDateTime: null, recurrence: null, expiration: { ...policy.expiration } },
    questions: [...policy.questions].sort((a, b) => a.sequence - b.sequence).map((q) => questionProjection.toGraph(q, ctx)),
  };
}

/** Access packages: list, get, the signed-in user's requestable ones, their policies, roles and requirements. */
export function accessPackageRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: `${EM}/accessPackages`,
      permissions: READ_ANY,
      handler: (ctx) => {
        const catalogId = pinnedValue(ctx.query.get("$filter"), "catalog/id");
        return respondWithCollection(ctx, catalogId ? byIndex(ctx.state.accessPackages, "catalogId", catalogId) : ctx.state.accessPackages.all(), accessPackageProjection);
      },
    },
    {
      method: "GET",
      pattern: `${EM}/accessPackages/filterByCurrentUser(on='{on}')`,
      permissions: SIGNED_IN_READ,
      handler: (ctx) => {
        if (ctx.fnArgs.on !== "allowedRequestor") {
          throw GraphError.badRequest(`'${ctx.fnArgs.on}' is not a valid value for 'on'; accessPackages/filterByCurrentUser supports on='allowedRequestor'.`);
        }
        const user = signedInUser(ctx);
        // Hidden packages are requestable by direct link only, so My Access (and this function) leaves them out.
        const rows = ctx.state.accessPackages.all().filter((p) => !p.isHidden && selfRequestablePolicies(ctx.state, p.id, user).length > 0);
        return respondWithCollection(ctx, rows, accessPackageProjection);
      },
    },
    { method: "GET", pattern: `${EM}/accessPackages/{id}`, permissions: READ_ANY, handler: (ctx) => respondWithEntity(ctx, packageOf(ctx), accessPackageProjection, `${EM}/accessPackages`) },
    {
      method: "GET",
      pattern: `${EM}/accessPackages/{id}/assignmentPolicies`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithCollection(ctx, ctx.state.policies.by("accessPackageId", packageOf(ctx).id), assignmentPolicyProjection),
    },
    {
      method: "GET",
      pattern: `${EM}/accessPackages/{id}/resourceRoleScopes`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithCollection(ctx, packageOf(ctx).resourceRoleScopes, resourceRoleScopeProjection),
    },
    {
      method: "GET",
      pattern: `${EM}/accessPackages/{id}/catalog`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithEntity(ctx, ctx.state.catalogs.get(packageOf(ctx).catalogId), catalogProjection, `${EM}/catalogs`),
    },
    {
      method: "POST",
      pattern: `${EM}/accessPackages/{id}/getApplicablePolicyRequirements`,
      permissions: SIGNED_IN_READ,
      handler: (ctx) => {
        const pkg = packageOf(ctx);
        const user = signedInUser(ctx);
        const value = selfRequestablePolicies(ctx.state, pkg.id, user).map((p) => requirementsOf(p, ctx));
        return ok({ "@odata.context": `${ctx.baseUrl}/${ctx.version}/$metadata#Collection(microsoft.graph.accessPackageAssignmentRequestRequirements)`, value });
      },
    },
  ];
}
