import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { Route } from "../../http/route.js";
import { EM, READ_ANY, SIGNED_IN_READ } from "./entitlement-permissions.js";
import { byIndex, pinnedValue } from "./pinned-filter.js";
import { assignmentProjection } from "./request-projections.js";

const COLLECTION = `${EM}/assignments`;

/** Assignments: list (indexed by target and package), get, and the signed-in user's. */
export function assignmentRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: COLLECTION,
      permissions: READ_ANY,
      handler: (ctx) => {
        const filter = ctx.query.get("$filter");
        const targetId = pinnedValue(filter, "target/objectId");
        const packageId = pinnedValue(filter, "accessPackage/id");
        const rows = targetId
          ? byIndex(ctx.state.assignments, "targetId", targetId)
          : packageId
            ? byIndex(ctx.state.assignments, "accessPackageId", packageId)
            : ctx.state.assignments.all();
        return respondWithCollection(ctx, rows, assignmentProjection);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/filterByCurrentUser(on='{on}')`,
      permissions: SIGNED_IN_READ,
      handler: (ctx) => {
        if (ctx.caller.kind !== "user") throw GraphError.forbidden("filterByCurrentUser needs a delegated token.");
        const me = ctx.caller.userId;
        const on = ctx.fnArgs.on;
        if (on === "target") return respondWithCollection(ctx, ctx.state.assignments.by("targetId", me), assignmentProjection);
        if (on === "createdBy") {
          // The assignments that came from requests the user submitted.
          const ids = new Set(ctx.state.requests.all().filter((r) => r.requestorId === me && r.assignmentId).map((r) => r.assignmentId!));
          return respondWithCollection(ctx, ctx.state.assignments.all().filter((a) => ids.has(a.id)), assignmentProjection);
        }
        throw GraphError.badRequest(`'${on}' is not a valid value for 'on'; use 'target' or 'createdBy'.`);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}`,
      permissions: READ_ANY,
      handler: (ctx) => {
        const assignment = ctx.state.assignments.get(ctx.params.id!);
        if (!assignment) throw GraphError.notFound(`No access package assignment with id '${ctx.params.id}'.`);
        return respondWithEntity(ctx, assignment, assignmentProjection, COLLECTION);
      },
    },
  ];
}
