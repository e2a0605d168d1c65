import { randomUUID } from "node:crypto";
import type { Caller } from "../auth/demo-token-signer.js";
import type { DemoTenant } from "../demo-tenant.js";
import { GraphError, toGraphErrorBody } from "./graph-error.js";
import type { GraphVersion, HttpMethod, RouteContext, RouteResult } from "./route.js";

export interface GraphCall {
  method: HttpMethod;
  version: GraphVersion;
  /** The path after the version, without the query string. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  caller: Caller;
  baseUrl: string;
  headers: Record<string, string | undefined>;
}

const JSON_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/**
 * Runs one Graph call through faults, permissions and its route, and always answers: a route's result,
 * or Graph's error body. Shared by plain requests and each item of a `$batch`.
 */
export async function dispatchGraphRequest(tenant: DemoTenant, call: GraphCall): Promise<RouteResult> {
  const requestId = randomUUID();
  const clientRequestId = call.headers["client-request-id"] ?? requestId;
  const ids = { "request-id": requestId, "client-request-id": clientRequestId };
  const now = tenant.catchUp();
  try {
    const line = `${call.method} /${call.version}${call.path}${call.query.size ? `?${call.query}` : ""}`;
    const fault = tenant.faults.decide(line, call.caller.appId, Date.now());
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.status) throw faultError(fault.status, fault.retryAfterSeconds);

    const path = rewriteMe(call.path, call.caller);
    const { match, methods } = tenant.routes.match(call.method, call.version, path);
    if (!match) {
      if (methods.length > 0) {
        throw new GraphError(405, "Request_BadRequest", `The HTTP method '${call.method}' is not allowed on this resource; it supports ${methods.join(", ")}.`);
      }
      const unknown = path.split("/").filter(Boolean).pop() ?? path;
      throw GraphError.badRequest(`Resource not found for the segment '${unknown}'.`);
    }
    authorize(call.caller, match.route.permissions);
    const ctx: RouteContext = {
      tenant,
      state: tenant.state,
      now,
      nowIso: now.toISOString(),
      caller: call.caller,
      method: call.method,
      version: call.version,
      path,
      params: match.params,
      fnArgs: match.fnArgs,
      query: call.query,
      body: call.body,
      baseUrl: call.baseUrl,
      headers: call.headers,
    };
    const result = await match.route.handler(ctx);
    if (call.method !== "GET") tenant.changed();
    return {
      status: result.status,
      body: result.body,
      headers: { ...(result.body === undefined ? {} : { "Content-Type": JSON_TYPE }), ...ids, ...result.headers },
    };
  } catch (error) {
    const graphError =
      error instanceof GraphError
        ? error
        : new GraphError(500, "generalException", `The demo tenant failed unexpectedly: ${(error as Error).message}`);
    if (!(error instanceof GraphError)) tenant.log(`demo tenant: ${call.method} ${call.path} failed: ${(error as Error).stack ?? error}`);
    return {
      status: graphError.status,
      body: toGraphErrorBody(graphError, requestId, clientRequestId, now),
      headers: { "Content-Type": JSON_TYPE, ...ids, ...graphError.headers },
    };
  }
}

function faultError(status: number, retryAfterSeconds: number | undefined): GraphError {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) };
  if (status === 429) {
    return new GraphError(429, "TooManyRequests", "Too many requests. Retry after the number of seconds in the Retry-After header.", headers);
  }
  if (status === 403) return new GraphError(403, "Forbidden", "The operation is not allowed for this object (an injected fault).", headers);
  if (status === 404) return new GraphError(404, "NotFound", "The requested object was not found (an injected fault).", headers);
  if (status === 503) return new GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Retry later.", headers);
  if (status === 504) return new GraphError(504, "gatewayTimeout", "The gateway timed out waiting for the service.", headers);
  if (status === 502) return new GraphError(502, "badGateway", "The gateway received an invalid response.", headers);
  return new GraphError(status, "generalException", "An internal server error occurred.", headers);
}

function rewriteMe(path: string, caller: Caller): string {
  if (!/^\/me(\/|$)/i.test(path)) return path;
  if (caller.kind !== "user") {
    throw GraphError.badRequest("/me request is only valid with delegated authentication flow.");
  }
  return `/users/${caller.userId}${path.slice(3)}`;
}

/** Graph's own answers for a token of the wrong kind or without the needed permission. */
function authorize(caller: Caller, permissions: { app: readonly string[] | null; user: readonly string[] | null }): void {
  if (caller.kind === "app") {
    if (permissions.app === null) {
      throw GraphError.forbidden(
        "This operation is not supported with application permissions. It acts for a signed-in user: call it with that user's delegated token.",
      );
    }
    if (!permissions.app.some((p) => caller.roles.has(p))) {
      throw GraphError.forbidden(
        `Missing role permissions on the request. API requires one of '${permissions.app.join(", ")}'. Roles on the request '${[...caller.roles].join(", ")}'.`,
      );
    }
    return;
  }
  if (permissions.user === null) {
    throw GraphError.forbidden("This operation is supported with application permissions only; call it with the app's own token.");
  }
  if (!permissions.user.some((p) => caller.scopes.has(p))) {
    throw GraphError.forbidden(
      `Missing scope permissions on the request. API requires one of '${permissions.user.join(", ")}'. Scopes on the request '${[...caller.scopes].join(", ")}'.`,
    );
  }
}
