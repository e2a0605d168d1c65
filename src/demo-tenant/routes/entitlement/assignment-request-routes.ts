import { GraphError } from "../../http/graph-error.js";
import { renderRecord, respondWithCollection, respondWithEntity } from "../../http/render.js";
import { created, ok, type Route, type RouteContext } from "../../http/route.js";
import { parseExpand } from "../../odata/parse-expand.js";
import type { AssignmentRequestRecord } from "../../state/model.js";
import { EM, READ_ANY, SIGNED_IN_READ, SIGNED_IN_WRITE, SUBMIT_REQUEST } from "./entitlement-permissions.js";
import { accessPackageProjection } from "./package-projections.js";
import { byIndex, pinnedValue } from "./pinned-filter.js";
import { planRequest, type RequestActor } from "./plan-request.js";
import { cancelRequest, isEntitlementAdmin } from "./request-actions.js";
import { parseRequestBody } from "./request-input.js";
import { submitRequest } from "./request-lifecycle.js";
import { assignmentProjection, assignmentRequestProjection, subjectProjection } from "./request-projections.js";
import { pendingFor } from "./pending-approvals.js";

const COLLECTION = `${EM}/assignmentRequests`;

function requestOf(ctx: RouteContext): AssignmentRequestRecord {
  const request = ctx.state.requests.get(ctx.params.id!);
  if (!request) throw GraphError.notFound(`No access package assignment request with id '${ctx.params.id}'.`);
  return request;
}

/** `target` is only a `$filter` path on requests; Graph's request type has no such navigation to expand. */
function refuseTargetExpand(ctx: RouteContext): void {
  const expand = ctx.query.get("$expand");
  if (!expand) return;
  let items: { path: string }[];
  try {
    items = parseExpand(expand);
  } catch {
    return; // the renderer reports the syntax error
  }
  if (items.some((i) => i.path.toLowerCase() === "target")) {
    throw GraphError.badRequest(
      "Parsing OData Select and Expand failed: Could not find a property named 'target' on type 'microsoft.graph.accessPackageAssignmentRequest'. Expand 'requestor', or 'assignment($expand=target)'.",
    );
  }
}

function actorOf(ctx: RouteContext): RequestActor {
  if (ctx.caller.kind === "app") return { kind: "app" };
  return { kind: "user", userId: ctx.caller.userId, isAdmin: isEntitlementAdmin(ctx.state, ctx.caller.userId, ctx.now) };
}

function signedInId(ctx: RouteContext): string {
  if (ctx.caller.kind !== "user") throw GraphError.forbidden("This operation acts for the signed-in user and needs a delegated token.");
  return ctx.caller.userId;
}

/** Assignment requests: submit, list, get, the signed-in user's, cancel. */
export function assignmentRequestRoutes(): Route[] {
  return [
    {
      method: "POST",
      pattern: COLLECTION,
      permissions: SUBMIT_REQUEST,
      handler: (ctx) => {
        const input = parseRequestBody(ctx.body);
        const actor = actorOf(ctx);
        if (ctx.caller.kind === "user" && input.requestType.startsWith("admin") && !ctx.caller.scopes.has("EntitlementManagement.ReadWrite.All")) {
          throw GraphError.forbidden("Administrator requests need the EntitlementManagement.ReadWrite.All permission.");
        }
        const plan = planRequest(ctx.state, input, actor, ctx.now);
        const request = submitRequest(ctx.state, plan, actor, ctx.now);
        return created({
          "@odata.context": `${ctx.baseUrl}/${ctx.version}/$metadata#${COLLECTION.slice(1)}/$entity`,
          ...renderRecord(request, assignmentRequestProjection, ctx, {}),
        });
      },
    },
    {
      method: "GET",
      pattern: COLLECTION,
      permissions: READ_ANY,
      handler: (ctx) => {
        refuseTargetExpand(ctx);
        const filter = ctx.query.get("$filter");
        const targetId = pinnedValue(filter, "target/objectId");
        const packageId = pinnedValue(filter, "accessPackage/id");
        const rows = targetId
          ? byIndex(ctx.state.requests, "targetId", targetId)
          : packageId
            ? byIndex(ctx.state.requests, "accessPackageId", packageId)
            : ctx.state.requests.all();
        return respondWithCollection(ctx, rows, assignmentRequestProjection);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/filterByCurrentUser(on='{on}')`,
      permissions: SIGNED_IN_READ,
      handler: (ctx) => {
        refuseTargetExpand(ctx);
        const me = signedInId(ctx);
        const on = ctx.fnArgs.on;
        const rows =
          on === "target"
            ? ctx.state.requests.by("targetId", me)
            : on === "createdBy"
              ? ctx.state.requests.all().filter((r) => r.requestorId === me)
              : on === "approver"
                ? pendingFor(ctx.state, me, ctx.now)
                : null;
        if (!rows) throw GraphError.badRequest(`'${on}' is not a valid value for 'on'; use 'target', 'createdBy' or 'approver'.`);
        return respondWithCollection(ctx, rows, assignmentRequestProjection);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}`,
      permissions: READ_ANY,
      handler: (ctx) => {
        refuseTargetExpand(ctx);
        return respondWithEntity(ctx, requestOf(ctx), assignmentRequestProjection, COLLECTION);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}/accessPackage`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithEntity(ctx, ctx.state.accessPackages.get(requestOf(ctx).accessPackageId), accessPackageProjection, `${EM}/accessPackages`),
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}/assignment`,
      permissions: READ_ANY,
      handler: (ctx) => {
        const id = requestOf(ctx).assignmentId;
        if (!id) throw GraphError.notFound(`Request '${ctx.params.id}' has no assignment yet: it is created when delivery starts.`);
        return respondWithEntity(ctx, ctx.state.assignments.get(id), assignmentProjection, `${EM}/assignments`);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}/requestor`,
      permissions: READ_ANY,
      handler: (ctx) => {
        const r = requestOf(ctx);
        return respondWithEntity(ctx, ctx.state.users.get(r.requestorId ?? r.targetId), subjectProjection, `${COLLECTION}/requestor`);
      },
    },
    {
      method: "POST",
      pattern: `${COLLECTION}/{id}/cancel`,
      permissions: SIGNED_IN_WRITE,
      handler: (ctx) => {
        cancelRequest(ctx.state, ctx.params.id!, signedInId(ctx), ctx.now);
        // Graph answers a successful cancel with 200 OK and no body.
        return ok(undefined);
      },
    },
  ];
}
