import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { Route, RouteContext } from "../../http/route.js";
import { EM, READ_ANY } from "./entitlement-permissions.js";
import { accessPackageProjection, catalogProjection, resourceProjection } from "./package-projections.js";

function catalogOf(ctx: RouteContext) {
  const catalog = ctx.state.catalogs.get(ctx.params.id!);
  if (!catalog) throw GraphError.notFound(`No access package catalog with id '${ctx.params.id}'.`);
  return catalog;
}

/** Catalogs: list and get, with their access packages and resources. */
export function catalogRoutes(): Route[] {
  return [
    { method: "GET", pattern: `${EM}/catalogs`, permissions: READ_ANY, handler: (ctx) => respondWithCollection(ctx, ctx.state.catalogs.all(), catalogProjection) },
    {
      method: "GET",
      pattern: `${EM}/catalogs/{id}`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithEntity(ctx, catalogOf(ctx), catalogProjection, `${EM}/catalogs`),
    },
    {
      method: "GET",
      pattern: `${EM}/catalogs/{id}/accessPackages`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithCollection(ctx, ctx.state.accessPackages.by("catalogId", catalogOf(ctx).id), accessPackageProjection),
    },
    {
      method: "GET",
      pattern: `${EM}/catalogs/{id}/resources`,
      permissions: READ_ANY,
      handler: (ctx) => respondWithCollection(ctx, ctx.state.resources.by("catalogId", catalogOf(ctx).id), resourceProjection),
    },
  ];
}
