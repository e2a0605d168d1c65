/**
 * Validates JSON bodies returned (or sent) on Microsoft Graph v1.0 endpoints against the official OpenAPI
 * descriptions in `shared/graph-openapi/`, strictly: undeclared properties, enum values outside the enum,
 * wrong JSON types, unknown or unrelated `@odata.type`s and undocumented paths are all mismatches.
 *
 *   validateGraphResponse("GET", "/v1.0/identityGovernance/entitlementManagement/assignmentRequests", 200, body)
 *   // -> [] when valid, else e.g.
 *   // ["/value/0/state: 'done' is not one of submitted, pendingApproval, ... (microsoft.graph.accessPackageAssignmentRequest.state: microsoft.graph.accessPackageRequestState)"]
 *
 * See README.md in this folder for the rules (annotations, derived types, nullability, graph-types fallback).
 */
import { GraphSchemaRegistry, ODATA_ANNOTATION } from "./graph-schema-registry.js";
import type { GraphMismatch, GraphSchemaRegistryOptions } from "./graph-schema-registry.js";
import { loadGraphOpenApiWithInfo } from "./load-graph-openapi.js";
import type { GraphOpenApi, OpenApiOperation, OpenApiRequestBody, OpenApiResponse, OpenApiSchema } from "./load-graph-openapi.js";
import { loadGraphTypesWithInfo } from "./load-graph-types.js";
import { GraphPathMatcher, operationFor, parseGraphPath } from "./match-graph-path.js";
import type { PathMatch } from "./match-graph-path.js";

export type { GraphMismatch } from "./graph-schema-registry.js";

/** Prefix of the single mismatch returned for `/beta/...` paths, which the v1.0 files cannot describe. */
export const BETA_PATH_MISMATCH = "beta endpoint";
/** Prefix of the mismatch returned when no v1.0 path template matches. */
export const UNDOCUMENTED_PATH_MISMATCH = "undocumented path";

export type GraphCheckOutcome =
  /** Path and method documented; `mismatches` lists body problems (empty = valid). */
  | "validated"
  /** `/beta/...`: not covered by the v1.0 descriptions; nothing validated. */
  | "beta"
  /** No path template matches. */
  | "undocumented-path"
  /** The template exists but not for this method. */
  | "undocumented-method";

export interface GraphCheckResult {
  outcome: GraphCheckOutcome;
  method: string;
  urlPath: string;
  /** The matched OpenAPI path template. */
  template?: string;
  operationId?: string;
  /** Which response entry was used: the status code, `2XX` or `default`. */
  responseKey?: string;
  /** The schema the body was checked against: a component name or `inline`/`none`. */
  schemaName?: string;
  mismatches: string[];
  /** The same mismatches, structured. */
  details: GraphMismatch[];
}

export class GraphResponseValidator {
  readonly registry: GraphSchemaRegistry;
  readonly matcher: GraphPathMatcher;

  constructor(
    readonly openapi: GraphOpenApi,
    registry: GraphSchemaRegistry,
  ) {
    this.registry = registry;
    this.matcher = new GraphPathMatcher(openapi);
  }

  matchPath(urlPath: string): PathMatch | undefined {
    return this.matcher.match(urlPath);
  }

  isDocumentedPath(method: string, urlPath: string): boolean {
    const m = this.matcher.match(urlPath);
    return m !== undefined && operationFor(m.pathItem, method) !== undefined;
  }

  checkResponse(method: string, urlPath: string, status: number, body: unknown): GraphCheckResult {
    const resolved = this.resolveOperation(method, urlPath);
    if ("result" in resolved) return resolved.result;
    const { op, match } = resolved;
    const label = `${method.toUpperCase()} ${match.template}`;
    const details: GraphMismatch[] = [...this.checkFunctionArgs(op, match, method)];

    const picked = pickResponse(op.responses, status);
    const base = { method, urlPath, template: match.template, ...(op.operationId ? { operationId: op.operationId } : {}) };
    if (!picked) {
      details.push({ pointer: "", kind: "path", message: `${label} declares no response for status ${status} (declared: ${Object.keys(op.responses).join(", ")})` });
      return finish({ ...base, outcome: "validated" }, details);
    }
    const response = this.resolveResponse(picked.response);
    const media = pickMedia(response?.content);
    const empty = body === undefined || body === null || body === "";
    if (!media?.schema) {
      if (!empty) {
        details.push({ pointer: "", message: `expected no response body (${label} declares no content for ${picked.key}), got ${describeBody(body)}` });
      }
      return finish({ ...base, outcome: "validated", responseKey: picked.key, schemaName: "none" }, details);
    }
    const schemaName = media.schema.$ref?.split("/").pop() ?? "inline";
    if (empty) {
      // 204/202 responses carry no body even where the description has one (PATCH, some actions).
      if (status !== 204 && status !== 202) {
        details.push({ pointer: "", message: `expected a ${schemaName} response body (${label}, ${picked.key}), got none` });
      }
      return finish({ ...base, outcome: "validated", responseKey: picked.key, schemaName }, details);
    }
    if (status === 204) {
      details.push({ pointer: "", message: `a 204 No Content response must not have a body (${label}), got ${describeBody(body)}` });
    }
    let value = body;
    if (media.type !== "application/json" && typeof body === "string" && /^-?\d+$/.test(body.trim())) {
      value = Number(body); // text/plain `$count`
    }
    const bodyMismatches = this.registry.validate(media.schema, value, media.schema.$ref ? schemaName : `response of ${label}`);
    // The descriptions type `GET .../$ref` as a string (or StringCollectionResponse); OData services answer with
    // entity references (`{"@odata.id": "..."}`, or `{"value": [{"@odata.id": "..."}]}`). Accept either.
    const isRefGet = method.toLowerCase() === "get" && match.template.endsWith("/$ref");
    if (!(isRefGet && bodyMismatches.length > 0 && isEntityReferenceBody(value, schemaName.includes("Collection")))) {
      details.push(...bodyMismatches);
    }
    return finish({ ...base, outcome: "validated", responseKey: picked.key, schemaName }, details);
  }

  /** Validates a request body against the operation's `requestBody` schema (same strictness). */
  checkRequestBody(method: string, urlPath: string, body: unknown): GraphCheckResult {
    const resolved = this.resolveOperation(method, urlPath);
    if ("result" in resolved) return resolved.result;
    const { op, match } = resolved;
    const label = `${method.toUpperCase()} ${match.template}`;
    const base = { method, urlPath, template: match.template, ...(op.operationId ? { operationId: op.operationId } : {}) };
    const details: GraphMismatch[] = [...this.checkFunctionArgs(op, match, method)];
    const requestBody = this.resolveRequestBody(op.requestBody);
    const media = pickMedia(requestBody?.content);
    const empty = body === undefined || body === null || body === "";
    if (!media?.schema) {
      if (!empty) details.push({ pointer: "", message: `${label} takes no request body, got ${describeBody(body)}` });
      return finish({ ...base, outcome: "validated", schemaName: "none" }, details);
    }
    const schemaName = media.schema.$ref?.split("/").pop() ?? "inline";
    if (empty) {
      details.push({ pointer: "", message: `${label} expects a ${schemaName} request body, got none` });
      return finish({ ...base, outcome: "validated", schemaName }, details);
    }
    details.push(...this.registry.validate(media.schema, body, media.schema.$ref ? schemaName : `request body of ${label}`));
    return finish({ ...base, outcome: "validated", schemaName }, details);
  }

  private resolveOperation(
    method: string,
    urlPath: string,
  ): { op: OpenApiOperation; match: PathMatch } | { result: GraphCheckResult } {
    const upper = method.toUpperCase();
    const parsed = parseGraphPath(urlPath);
    if (parsed.kind === "beta") {
      const message = `${BETA_PATH_MISMATCH}: ${upper} ${parsed.path} is a /beta endpoint, which the Graph v1.0 OpenAPI files do not describe; body not validated`;
      return { result: finish({ outcome: "beta", method, urlPath }, [{ pointer: "", kind: "path", message }]) };
    }
    const match = this.matcher.match(urlPath);
    if (!match) {
      const shown = parsed.path;
      const message = `${UNDOCUMENTED_PATH_MISMATCH}: no path template in the Graph v1.0 OpenAPI files (${this.openapi.files.join(", ")}) matches ${upper} ${shown}${parsed.kind === "invalid" ? ` (${parsed.reason})` : ""}`;
      return { result: finish({ outcome: "undocumented-path", method, urlPath }, [{ pointer: "", kind: "path", message }]) };
    }
    const op = operationFor(match.pathItem, method);
    if (!op) {
      const has = Object.keys(match.pathItem).map((m) => m.toUpperCase());
      const message = `${UNDOCUMENTED_PATH_MISMATCH}: ${match.template} has no ${upper} operation in the Graph v1.0 OpenAPI files (documented: ${has.join(", ") || "none"})`;
      return { result: finish({ outcome: "undocumented-method", method, urlPath, template: match.template }, [{ pointer: "", kind: "path", message }]) };
    }
    return { op, match };
  }

  /** Function arguments (`filterByCurrentUser(on='approver')`) must be valid values of their parameter's enum. */
  private checkFunctionArgs(op: OpenApiOperation, match: PathMatch, method: string): GraphMismatch[] {
    const out: GraphMismatch[] = [];
    for (const [name, value] of Object.entries(match.functionArgs)) {
      const param = op.parameters?.find((p) => p.name === name);
      const schema = param?.schema;
      if (!schema) continue;
      for (const m of this.registry.validate(schema, value, `path parameter ${name}`)) {
        out.push({ pointer: "", kind: "path", message: `${method.toUpperCase()} ${match.template}: ${name}=${m.message}` });
      }
    }
    return out;
  }

  private resolveResponse(r: OpenApiResponse | undefined): OpenApiResponse | undefined {
    for (let i = 0; r?.$ref && i < 10; i++) {
      const name = r.$ref.replace(/^#\/components\/responses\//, "");
      r = this.openapi.responses[name];
    }
    return r;
  }

  private resolveRequestBody(r: OpenApiRequestBody | undefined): OpenApiRequestBody | undefined {
    for (let i = 0; r?.$ref && i < 10; i++) {
      const name = r.$ref.replace(/^#\/components\/requestBodies\//, "");
      r = this.openapi.requestBodies[name];
    }
    return r;
  }
}

function isEntityReference(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o["@odata.id"] === "string" && Object.keys(o).every((k) => ODATA_ANNOTATION.test(k));
}

function isEntityReferenceBody(body: unknown, collection: boolean): boolean {
  if (!collection) return isEntityReference(body);
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const o = body as Record<string, unknown>;
  const value = o["value"];
  return (
    Array.isArray(value) &&
    value.every(isEntityReference) &&
    Object.keys(o).every((k) => k === "value" || ODATA_ANNOTATION.test(k))
  );
}

function pickResponse(
  responses: Record<string, OpenApiResponse>,
  status: number,
): { key: string; response: OpenApiResponse } | undefined {
  for (const key of [String(status), `${Math.floor(status / 100)}XX`, `${Math.floor(status / 100)}xx`, "default"]) {
    const response = responses[key];
    if (response) return { key, response };
  }
  return undefined;
}

function pickMedia(content: Record<string, { schema?: OpenApiSchema }> | undefined): { type: string; schema?: OpenApiSchema } | undefined {
  if (!content) return undefined;
  const type = content["application/json"] ? "application/json" : Object.keys(content)[0];
  if (type === undefined) return undefined;
  const media = content[type];
  return media?.schema ? { type, schema: media.schema } : { type };
}

function describeBody(body: unknown): string {
  if (typeof body === "string") return `a string of ${body.length} characters`;
  if (Array.isArray(body)) return "an array";
  return typeof body === "object" ? "an object" : `${typeof body} ${String(body)}`;
}

function formatMismatch(m: GraphMismatch): string {
  return `${m.pointer === "" ? "/" : m.pointer}: ${m.message}`;
}

function finish(partial: Omit<GraphCheckResult, "mismatches" | "details">, details: GraphMismatch[]): GraphCheckResult {
  return {
    ...partial,
    details,
    mismatches: details.map((m) => (m.kind === "path" ? m.message : formatMismatch(m))),
  };
}

// -------------------------------------------------------------------------------------------------------
// Default, lazily created validator (one per process / vitest worker).

let defaultValidator: GraphResponseValidator | undefined;
let defaultLoadMs: { openapi: number; graphTypes: number; openapiSource: string; graphTypesSource: string } | undefined;

/** Builds a validator with non-default options (e.g. `allowGraphTypesProperties: false`). */
export function createGraphResponseValidator(options: GraphSchemaRegistryOptions = {}): GraphResponseValidator {
  const openapi = loadGraphOpenApiWithInfo();
  const graphTypes = loadGraphTypesWithInfo();
  defaultLoadMs ??= {
    openapi: openapi.info.firstLoadMs,
    graphTypes: graphTypes.info.firstLoadMs,
    openapiSource: openapi.info.source,
    graphTypesSource: graphTypes.info.source,
  };
  return new GraphResponseValidator(openapi.model, new GraphSchemaRegistry(openapi.model, graphTypes.model, options));
}

export function getGraphResponseValidator(): GraphResponseValidator {
  defaultValidator ??= createGraphResponseValidator();
  return defaultValidator;
}

/** How long loading the descriptions took in this process, and from where (`yaml`, `disk-cache`, ...). */
export function graphSchemaLoadTimes(): typeof defaultLoadMs {
  return defaultLoadMs;
}

/**
 * Validates a Graph response body. Returns human-readable mismatches (`<JSON pointer>: <problem> (<Graph type>)`);
 * an empty list means the body matches. Undocumented paths/methods return one `undocumented path: ...` entry,
 * `/beta/...` paths one `beta endpoint: ...` entry (see {@link isDocumentedPath}). Query strings are ignored.
 */
export function validateGraphResponse(method: string, urlPath: string, status: number, body: unknown): string[] {
  return getGraphResponseValidator().checkResponse(method, urlPath, status, body).mismatches;
}

/** Like {@link validateGraphResponse}, with the matched template, schema and outcome. */
export function checkGraphResponse(method: string, urlPath: string, status: number, body: unknown): GraphCheckResult {
  return getGraphResponseValidator().checkResponse(method, urlPath, status, body);
}

/** Validates a request body the bot sends (same rules; `accessPackageAssignment` may carry its ids). */
export function validateGraphRequestBody(method: string, urlPath: string, body: unknown): string[] {
  return getGraphResponseValidator().checkRequestBody(method, urlPath, body).mismatches;
}

/** True when a v1.0 path template (with `/me` -> `/users/{id}` and unprefixed actions) has this method. `/beta/...` is never documented. */
export function isDocumentedPath(method: string, urlPath: string): boolean {
  return getGraphResponseValidator().isDocumentedPath(method, urlPath);
}

/** True for `/beta/...` (or `https://graph.microsoft.com/beta/...`) paths. */
export function isBetaPath(urlPath: string): boolean {
  return parseGraphPath(urlPath).kind === "beta";
}

/** Validates a value against a named Graph type, e.g. `microsoft.graph.approvalStage` (honours `@odata.type`). */
export function validateGraphType(typeName: string, value: unknown): string[] {
  const registry = getGraphResponseValidator().registry;
  if (registry.kindOf(typeName) !== "object") return [`/: unknown Graph type ${typeName}`];
  return registry.validateType(typeName, value).map(formatMismatch);
}
