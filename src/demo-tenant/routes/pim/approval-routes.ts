import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { noContent, type GraphVersion, type Route, type RoutePermissions } from "../../http/route.js";
import { approvalProjection, stageProjection } from "./approval-projections.js";
import { assertMayReadApproval, decideApprovalStage, findApproval, findStage } from "./decide-pim-approval.js";
import { GROUP_APPROVAL_READ, GROUP_APPROVAL_WRITE, ROLE_APPROVAL_READ, ROLE_APPROVAL_WRITE } from "./pim-permissions.js";
import { callerUserId, requireOn } from "./pim-route-helpers.js";

interface ApprovalApi {
  base: string;
  kind: "role" | "group";
  /** `stages` (v1.0 approvalStage) or `steps` (beta approvalStep). */
  listName: "stages" | "steps";
  versions: readonly GraphVersion[];
  read: RoutePermissions;
  write: RoutePermissions;
}

/**
 * An approvals collection: get one approval (with its stages inline, as Graph returns it), list, get and
 * decide its stages, and `filterByCurrentUser(on='approver')` for the approvals waiting on the caller.
 */
function approvalRoutes(api: ApprovalApi): Route[] {
  const projection = approvalProjection(api.listName);
  const { base, kind, listName, versions } = api;
  return [
    {
      method: "GET",
      pattern: `${base}/filterByCurrentUser(on='{on}')`,
      versions,
      permissions: api.read,
      handler: (ctx) => {
        requireOn(ctx, ["approver"]);
        const me = callerUserId(ctx);
        const waiting = ctx.state.pimRequests
          .all()
          .filter((r) => r.kind === kind && r.status === "PendingApproval" && r.approvalStages.some((s) => s.status === "InProgress" && s.approverIds.includes(me)));
        return respondWithCollection(ctx, waiting, projection);
      },
    },
    {
      method: "GET",
      pattern: `${base}/{id}`,
      versions,
      permissions: api.read,
      handler: (ctx) => {
        const request = findApproval(ctx.state, kind, ctx.params.id ?? "");
        assertMayReadApproval(ctx, request);
        return respondWithEntity(ctx, request, projection);
      },
    },
    {
      method: "GET",
      pattern: `${base}/{id}/${listName}`,
      versions,
      permissions: api.read,
      handler: (ctx) => {
        const request = findApproval(ctx.state, kind, ctx.params.id ?? "");
        assertMayReadApproval(ctx, request);
        return respondWithCollection(ctx, request.approvalStages, stageProjection);
      },
    },
    {
      method: "GET",
      pattern: `${base}/{id}/${listName}/{stageId}`,
      versions,
      permissions: api.read,
      handler: (ctx) => {
        const request = findApproval(ctx.state, kind, ctx.params.id ?? "");
        assertMayReadApproval(ctx, request);
        return respondWithEntity(ctx, findStage(request, ctx.params.stageId ?? ""), stageProjection);
      },
    },
    {
      method: "PATCH",
      pattern: `${base}/{id}/${listName}/{stageId}`,
      versions,
      permissions: api.write,
      handler: (ctx) => {
        decideApprovalStage(ctx, findApproval(ctx.state, kind, ctx.params.id ?? ""), ctx.params.stageId ?? "", ctx.body);
        return noContent();
      },
    },
  ];
}

/**
 * PIM approvals. Entra role approvals exist only in beta (`roleAssignmentApprovals/{id}/steps`); its
 * `filterByCurrentUser` is in the beta metadata though the docs describe it only for other approvals.
 * PIM for Groups approvals are v1.0 (`stages`), and beta keeps its older `steps` name as well.
 */
export function pimApprovalRoutes(): Route[] {
  const groupBase = "/identityGovernance/privilegedAccess/group/assignmentApprovals";
  return [
    ...approvalRoutes({
      base: "/roleManagement/directory/roleAssignmentApprovals",
      kind: "role",
      listName: "steps",
      versions: ["beta"],
      read: ROLE_APPROVAL_READ,
      write: ROLE_APPROVAL_WRITE,
    }),
    ...approvalRoutes({ base: groupBase, kind: "group", listName: "stages", versions: ["v1.0", "beta"], read: GROUP_APPROVAL_READ, write: GROUP_APPROVAL_WRITE }),
    ...approvalRoutes({ base: groupBase, kind: "group", listName: "steps", versions: ["beta"], read: GROUP_APPROVAL_READ, write: GROUP_APPROVAL_WRITE }).filter(
      (r) => r.pattern.includes("/steps"),
    ),
  ];
}
