import type { DemoTenant } from "../demo-tenant.js";
import { dispatchGraphRequest, type GraphCall } from "./dispatch-graph-request.js";
import { GraphError } from "./graph-error.js";
import type { HttpMethod, RouteResult } from "./route.js";

const MAX_BATCH = 20;
const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);

interface BatchItem {
  id: string;
  method: HttpMethod;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

/**
 * JSON `$batch`: up to 20 requests, each answered on its own (its own status, its own 429), run in
 * order; an item whose `dependsOn` failed gets 424 without running.
 */
export async function runBatch(tenant: DemoTenant, outer: Omit<GraphCall, "method" | "path" | "query" | "body">, body: unknown): Promise<RouteResult> {
  const items = validateBatch(body);
  const results = new Map<string, number>();
  const responses: unknown[] = [];
  for (const item of items) {
    const failedDependency = (item.dependsOn ?? []).find((dep) => (results.get(dep) ?? 424) >= 400);
    if (failedDependency !== undefined) {
      results.set(item.id, 424);
      responses.push({
        id: item.id,
        status: 424,
        headers: { "Content-Type": "application/json" },
        body: { error: { code: "FailedDependency", message: `Request ${item.id} depends on request ${failedDependency}, which failed.` } },
      });
      continue;
    }
    const url = new URL(item.url.replace(/^\/?/, "/"), "http://batch.local");
    const result = await dispatchGraphRequest(tenant, {
      ...outer,
      method: item.method,
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      body: item.body,
      headers: { ...outer.headers, ...lowerKeys(item.headers ?? {}) },
    });
    results.set(item.id, result.status);
    responses.push({ id: item.id, status: result.status, headers: result.headers ?? {}, ...(result.body === undefined ? {} : { body: result.body }) });
  }
  return { status: 200, body: { responses } };
}

function validateBatch(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw GraphError.badRequest("Invalid batch payload format: a 'requests' array is required.", "BadRequest");
  if (requests.length === 0) throw GraphError.badRequest("Invalid batch payload format: 'requests' is empty.", "BadRequest");
  if (requests.length > MAX_BATCH) throw GraphError.badRequest(`Limit of ${MAX_BATCH} requests per batch was exceeded (got ${requests.length}).`, "BadRequest");
  const ids = new Set<string>();
  return requests.map((raw, i) => {
    const item = raw as Partial<BatchItem>;
    const id = item.id === undefined ? undefined : String(item.id);
    if (!id) throw GraphError.badRequest(`Batch request ${i + 1} has no 'id'.`);
    if (ids.has(id)) throw GraphError.badRequest(`Batch request id '${id}' is used twice.`);
    ids.add(id);
    const method = String(item.method ?? "").toUpperCase();
    if (!METHODS.has(method)) throw GraphError.badRequest(`Batch request '${id}' has an unsupported method '${item.method}'.`);
    if (typeof item.url !== "string" || item.url.length === 0 || /^https?:/i.test(item.url)) {
      throw GraphError.badRequest(`Batch request '${id}' needs a relative 'url' such as '/users/{id}'.`);
    }
    for (const dep of item.dependsOn ?? []) {
      if (!ids.has(String(dep))) throw GraphError.badRequest(`Batch request '${id}' depends on '${dep}', which does not come before it.`);
    }
    return { id, method: method as HttpMethod, url: item.url, body: item.body, headers: item.headers, dependsOn: item.dependsOn?.map(String) };
  });
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
