import type { Caller } from "../auth/demo-token-signer.js";
import type { DemoTenant } from "../demo-tenant.js";
import type { TenantState } from "../state/tenant-state.js";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type GraphVersion = "v1.0" | "beta";

/** What a Graph route handler sees of one request. */
export interface RouteContext {
  tenant: DemoTenant;
  state: TenantState;
  /** The demo clock's time when the request arrived, after due lifecycle events ran. */
  now: Date;
  nowIso: string;
  caller: Caller;
  method: HttpMethod;
  version: GraphVersion;
  /** The resource path after the version, `/me` already rewritten to `/users/{id}`. */
  path: string;
  /** Path parameters by the names in the route pattern. */
  params: Record<string, string>;
  /** Arguments of a function segment such as `filterByCurrentUser(on='approver')`. */
  fnArgs: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The public base URL of the emulator, for `@odata.nextLink` and `@odata.context`. */
  baseUrl: string;
  headers: Record<string, string | undefined>;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Which tokens may call a route: the app permissions (`roles`) and delegated scopes (`scp`) any one of
 * which suffices, or null where Graph does not support that kind of token at all.
 */
export interface RoutePermissions {
  app: readonly string[] | null;
  user: readonly string[] | null;
}

export interface Route {
  method: HttpMethod;
  /**
   * Graph path template after the version: `{name}` matches one segment; a function segment is written
   * `filterByCurrentUser(on='{on}')`; literal segments match with or without `microsoft.graph.`.
   */
  pattern: string;
  versions?: readonly GraphVersion[];
  permissions: RoutePermissions;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });
