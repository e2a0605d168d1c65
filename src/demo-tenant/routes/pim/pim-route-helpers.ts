import type { Caller } from "../../auth/demo-token-signer.js";
import { GraphError } from "../../http/graph-error.js";
import type { RouteContext } from "../../http/route.js";
import { filterEqualities } from "./filter-equalities.js";

/** Throws Graph's 403 unless the token carries one of `permissions` (for checks that depend on the query). */
export function requireAnyPermission(caller: Caller, permissions: readonly string[], what: string): void {
  const held = caller.kind === "app" ? caller.roles : caller.scopes;
  if (permissions.some((p) => held.has(p))) return;
  const kind = caller.kind === "app" ? "role" : "scope";
  throw GraphError.forbidden(
    `Missing ${kind} permissions on the request for ${what}. API requires one of '${permissions.join(", ")}'. ${kind === "role" ? "Roles" : "Scopes"} on the request '${[...held].join(", ")}'.`,
  );
}

/** The signed-in user's id; the routes using it are delegated-only, so an app never gets here. */
export function callerUserId(ctx: RouteContext): string {
  if (ctx.caller.kind !== "user") throw GraphError.forbidden("This operation needs a signed-in user's delegated token.");
  return ctx.caller.userId;
}

/** `filterByCurrentUser(on='…')` accepts only the values Graph's enum has for that collection. */
export function requireOn(ctx: RouteContext, allowed: readonly string[]): string {
  const on = ctx.fnArgs.on ?? "";
  if (!allowed.includes(on)) {
    throw GraphError.badRequest(`The parameter 'on' of filterByCurrentUser must be ${allowed.map((a) => `'${a}'`).join(" or ")} here, not '${on}'.`);
  }
  return on;
}

/**
 * PIM for Groups lists must be scoped the way Graph insists: `$filter` with `groupId eq` or
 * `principalId eq`. Returns the equalities found, for index lookups.
 */
export function requireGroupScopeFilter(ctx: RouteContext): Map<string, string> {
  const eq = filterEqualities(ctx.query.get("$filter"));
  if (!eq.has("groupid") && !eq.has("principalid")) {
    throw GraphError.badRequest(
      "This list requires a $filter on groupId or principalId, e.g. $filter=groupId eq '<group id>' or $filter=principalId eq '<user id>'.",
    );
  }
  return eq;
}
