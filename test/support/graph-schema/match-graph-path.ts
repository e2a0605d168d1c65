/**
 * Matches request URL paths against the Graph OpenAPI path templates.
 *
 * Templates look like `/identityGovernance/entitlementManagement/assignmentRequests/{accessPackageAssignmentRequest-id}/microsoft.graph.cancel`
 * or `.../accessPackageAssignmentApprovals/microsoft.graph.filterByCurrentUser(on='{on}')`. A request may:
 *  - start with `/v1.0` or be a full `https://graph.microsoft.com/v1.0/...` URL, and carry a query string;
 *  - call bound actions/functions with or without the `microsoft.graph.` prefix (`/cancel`, `/filterByCurrentUser(on='approver')`);
 *  - use `/me/...`, which maps to `/users/{user-id}/...` when the files have no `/me` templates (they have none).
 * Segments match case-insensitively (Graph does). Literal segments win over functions, which win over `{id}` parameters.
 */
import type { GraphOpenApi, HttpMethod, OpenApiOperation, OpenApiPathItem } from "./load-graph-openapi.js";

const NAMESPACE_PREFIX = "microsoft.graph.";

interface FunctionEdge {
  /** Lower-cased name without the `microsoft.graph.` prefix, e.g. `filterbycurrentuser`. */
  name: string;
  /** Parameter names in template order, e.g. `["on"]`. */
  params: string[];
  /** Template placeholder (`{on}` -> `on`) per parameter, when the template value is `'{x}'` or `{x}`. */
  placeholders: Record<string, string>;
  node: TrieNode;
}

interface TrieNode {
  literals: Map<string, TrieNode>;
  /** Bound actions and parameterless names reachable without the namespace prefix (`cancel`). */
  unprefixed: Map<string, TrieNode>;
  functions: FunctionEdge[];
  param: { name: string; node: TrieNode } | undefined;
  template: string | undefined;
}

function newNode(): TrieNode {
  return { literals: new Map(), unprefixed: new Map(), functions: [], param: undefined, template: undefined };
}

export interface PathMatch {
  template: string;
  pathItem: OpenApiPathItem;
  /** Values of `{x}` path segments, by parameter name. */
  params: Record<string, string>;
  /** Function arguments by template placeholder, e.g. `{ on: "approver" }` (quotes removed). */
  functionArgs: Record<string, string>;
  /** The normalised request path that was matched (after `/v1.0` and `/me` handling). */
  normalizedPath: string;
}

export type ParsedGraphPath =
  | { kind: "v1"; path: string; segments: string[] }
  | { kind: "beta"; path: string }
  | { kind: "invalid"; path: string; reason: string };

/** Splits off origin, query string and version; decodes segments; keeps `/` inside `(...)` and quotes. */
export function parseGraphPath(urlPath: string): ParsedGraphPath {
  let p = urlPath.trim();
  const origin = /^https?:\/\/[^/]+/i.exec(p);
  if (origin) p = p.slice(origin[0].length);
  p = splitOffQuery(p);
  if (!p.startsWith("/")) p = `/${p}`;
  if (/^\/beta(\/|$)/i.test(p)) return { kind: "beta", path: p };
  p = p.replace(/^\/v1\.0(?=\/|$)/i, "");
  if (p.length > 1) p = p.replace(/\/+$/, "");
  if (p === "" || p === "/") return { kind: "invalid", path: p || "/", reason: "empty path" };
  const raw = splitSegments(p.slice(1));
  const segments: string[] = [];
  for (const s of raw) {
    if (s === "") return { kind: "invalid", path: p, reason: "empty path segment ('//')" };
    try {
      segments.push(decodeURIComponent(s));
    } catch {
      segments.push(s);
    }
  }
  return { kind: "v1", path: p, segments };
}

function splitOffQuery(p: string): string {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "'") quote = !quote;
    else if (!quote && c === "(") depth++;
    else if (!quote && c === ")") depth = Math.max(0, depth - 1);
    else if (!quote && depth === 0 && (c === "?" || c === "#")) return p.slice(0, i);
  }
  return p;
}

function splitSegments(p: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "'") quote = !quote;
    else if (!quote && c === "(") depth++;
    else if (!quote && c === ")") depth = Math.max(0, depth - 1);
    else if (!quote && depth === 0 && c === "/") {
      out.push(p.slice(start, i));
      start = i + 1;
    }
  }
  out.push(p.slice(start));
  return out;
}

function stripNamespace(name: string): string {
  return name.toLowerCase().startsWith(NAMESPACE_PREFIX) ? name.slice(NAMESPACE_PREFIX.length) : name;
}

/** `microsoft.graph.f(a='{a}',b={b})` -> { name: 'f', args: [['a', "'{a}'"], ['b', '{b}']] } */
function parseCall(segment: string): { name: string; args: Array<[string, string]> } | undefined {
  const m = /^([^()]+)\((.*)\)$/s.exec(segment);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const args: Array<[string, string]> = [];
  const body = m[2].trim();
  if (body !== "") {
    let quote = false;
    let start = 0;
    const parts: string[] = [];
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c === "'") quote = !quote;
      else if (!quote && c === ",") {
        parts.push(body.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(body.slice(start));
    for (const part of parts) {
      const eq = part.indexOf("=");
      if (eq < 0) return undefined;
      args.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
    }
  }
  return { name: m[1].trim(), args };
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
}

export class GraphPathMatcher {
  private readonly root = newNode();
  readonly hasMeTemplates: boolean;

  constructor(private readonly openapi: GraphOpenApi) {
    let hasMe = false;
    for (const template of Object.keys(openapi.paths)) {
      if (/^\/me(\/|$)/.test(template)) hasMe = true;
      this.add(template);
    }
    this.hasMeTemplates = hasMe;
  }

  private add(template: string): void {
    let node = this.root;
    for (const segment of splitSegments(template.slice(1))) {
      const param = /^\{([^{}]+)\}$/.exec(segment);
      if (param?.[1] !== undefined) {
        node.param ??= { name: param[1], node: newNode() };
        node = node.param.node;
        continue;
      }
      const call = parseCall(segment);
      if (call) {
        const name = stripNamespace(call.name).toLowerCase();
        const params = call.args.map(([k]) => k);
        let edge = node.functions.find(
          (f) => f.name === name && f.params.length === params.length && f.params.every((p, i) => p === params[i]),
        );
        if (!edge) {
          const placeholders: Record<string, string> = {};
          for (const [k, v] of call.args) {
            const ph = /^'?\{([^{}]+)\}'?$/.exec(v);
            if (ph?.[1] !== undefined) placeholders[k] = ph[1];
          }
          edge = { name, params, placeholders, node: newNode() };
          node.functions.push(edge);
        }
        node = edge.node;
        continue;
      }
      const key = segment.toLowerCase();
      let next = node.literals.get(key);
      if (!next) {
        next = newNode();
        node.literals.set(key, next);
      }
      if (key.startsWith(NAMESPACE_PREFIX) && !node.unprefixed.has(key.slice(NAMESPACE_PREFIX.length))) {
        node.unprefixed.set(key.slice(NAMESPACE_PREFIX.length), next);
      }
      node = next;
    }
    node.template = template;
  }

  /** Finds the template for a request path (any method). */
  match(urlPath: string): PathMatch | undefined {
    const parsed = parseGraphPath(urlPath);
    if (parsed.kind !== "v1") return undefined;
    let segments = parsed.segments;
    if (!this.hasMeTemplates && segments[0]?.toLowerCase() === "me") segments = ["users", "me", ...segments.slice(1)];
    const params: Record<string, string> = {};
    const functionArgs: Record<string, string> = {};
    const found = this.walk(this.root, segments, 0, params, functionArgs);
    if (found === undefined) return undefined;
    const pathItem = this.openapi.paths[found];
    if (!pathItem) return undefined;
    return { template: found, pathItem, params, functionArgs, normalizedPath: `/${segments.join("/")}` };
  }

  private walk(
    node: TrieNode,
    segments: readonly string[],
    i: number,
    params: Record<string, string>,
    functionArgs: Record<string, string>,
  ): string | undefined {
    if (i === segments.length) return node.template;
    const segment = segments[i] ?? "";
    const key = segment.toLowerCase();
    const tryNext = (next: TrieNode | undefined): string | undefined =>
      next ? this.walk(next, segments, i + 1, params, functionArgs) : undefined;

    let found = tryNext(node.literals.get(key));
    if (found) return found;
    if (!key.startsWith(NAMESPACE_PREFIX)) {
      found = tryNext(node.unprefixed.get(key));
      if (found) return found;
    }
    const call = parseCall(segment);
    if (call) {
      const name = stripNamespace(call.name).toLowerCase();
      const argNames = call.args.map(([k]) => k.toLowerCase()).sort();
      for (const edge of node.functions) {
        if (edge.name !== name) continue;
        const expected = edge.params.map((p) => p.toLowerCase()).sort();
        if (expected.length !== argNames.length || expected.some((p, j) => p !== argNames[j])) continue;
        const added: string[] = [];
        for (const [k, v] of call.args) {
          const templateName = edge.params.find((p) => p.toLowerCase() === k.toLowerCase()) ?? k;
          const ph = edge.placeholders[templateName] ?? templateName;
          functionArgs[ph] = unquote(v);
          added.push(ph);
        }
        found = tryNext(edge.node);
        if (found) return found;
        for (const k of added) delete functionArgs[k];
      }
    }
    // A function call or a namespaced name is never an `{id}`: an undocumented function must not match a key.
    if (node.param && segment !== "" && !call && !key.startsWith(NAMESPACE_PREFIX)) {
      params[node.param.name] = segment;
      found = tryNext(node.param.node);
      if (found) return found;
      delete params[node.param.name];
    }
    return undefined;
  }
}

/** Picks the operation for a method on a matched path item. */
export function operationFor(pathItem: OpenApiPathItem, method: string): OpenApiOperation | undefined {
  return pathItem[method.toLowerCase() as HttpMethod];
}
