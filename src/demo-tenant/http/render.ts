import { evaluateFilter, type PathResolver } from "../odata/evaluate-filter.js";
import { parseExpand, type ExpandItem } from "../odata/parse-expand.js";
import { parseFilter, type FilterNode } from "../odata/parse-filter.js";
import { compareByOrder, parseOrderBy } from "../odata/parse-orderby.js";
import { parseSelect } from "../odata/parse-select.js";
import { ODataSyntaxError } from "../odata/odata-syntax-error.js";
import { GraphError } from "./graph-error.js";
import type { Projection } from "./projection.js";
import type { RouteContext, RouteResult } from "./route.js";

/** Graph's cap on `$top` for most directory and governance lists. */
const MAX_PAGE_SIZE = 999;

interface QueryShape {
  select?: string[];
  expand?: ExpandItem[];
}

function odata<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw GraphError.badRequest(error.message, "BadRequest");
    throw error;
  }
}

function readShape(query: URLSearchParams): QueryShape {
  const select = query.get("$select");
  const expand = query.get("$expand");
  return {
    select: select ? odata(() => parseSelect(select)) : undefined,
    expand: expand ? odata(() => parseExpand(expand)) : undefined,
  };
}

function unknownProperty(name: string, typeName: string): GraphError {
  return GraphError.badRequest(
    `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`,
  );
}

/** One record as Graph JSON, with `$select` and `$expand` applied (recursively for nested options). */
export function renderRecord<T>(record: T, projection: Projection<T>, ctx: RouteContext, shape: QueryShape): Record<string, unknown> {
  const graph = projection.toGraph(record, ctx);
  const out: Record<string, unknown> = shape.select ? {} : projection.defaultSelect ? pick(graph, projection.defaultSelect) : { ...graph };
  if (shape.select) {
    for (const name of shape.select) {
      if (name === "*") {
        Object.assign(out, graph);
        continue;
      }
      const key = Object.keys(graph).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key !== undefined) out[key] = graph[key];
      else if (!projection.navigations?.[name]) throw unknownProperty(name, projection.typeName);
    }
    if (graph["@odata.type"] !== undefined) out["@odata.type"] = graph["@odata.type"];
  }
  for (const item of shape.expand ?? []) {
    const nav = findNavigation(projection, item.path);
    if (!nav) throw unknownProperty(item.path, projection.typeName);
    const target = nav.fn(record, ctx);
    const nested: QueryShape = { select: item.select, expand: item.expand };
    if (Array.isArray(target.value)) {
      let rows = target.value as unknown[];
      if (item.filter) rows = filterRows(rows, target.projection, ctx, item.filter);
      if (item.top !== undefined) rows = rows.slice(0, item.top);
      out[nav.name] = rows.map((row) => renderRecord(row, target.projection, ctx, nested));
    } else {
      out[nav.name] = target.value == null ? null : renderRecord(target.value, target.projection, ctx, nested);
    }
  }
  return out;
}

function pick(graph: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (graph["@odata.type"] !== undefined) out["@odata.type"] = graph["@odata.type"];
  for (const key of keys) if (key in graph) out[key] = graph[key];
  return out;
}

type FoundNavigation = { name: string; fn: NonNullable<Projection<any>["navigations"]>[string] } | undefined;
/** Navigation lookups by projection and lower-cased name: `$filter` asks once per row, so a scan each time shows at 100,000 rows. */
const navigationLookups = new WeakMap<object, Map<string, FoundNavigation>>();

function findNavigation<T>(projection: Projection<T>, name: string): FoundNavigation {
  let known = navigationLookups.get(projection);
  if (!known) navigationLookups.set(projection, (known = new Map()));
  const key = name.toLowerCase();
  if (known.has(key)) return known.get(key);
  const entry = Object.entries(projection.navigations ?? {}).find(([k]) => k.toLowerCase() === key);
  const found: FoundNavigation = entry ? { name: entry[0], fn: entry[1] } : undefined;
  known.set(key, found);
  return found;
}

/**
 * Resolves `$filter` paths against records: a first segment naming a navigation property follows it,
 * anything else reads the record's Graph JSON (computed once per row and request).
 */
function resolverFor<T>(projection: Projection<T>, ctx: RouteContext, keepAll: boolean): PathResolver {
  // `$filter` visits rows one at a time, so it keeps only the current row's JSON: holding every row's
  // (100,000 at scale) until the response is built made the garbage collector promote and sweep them.
  // `$orderby` compares rows in any order and keeps them all.
  const cache = new Map<unknown, Record<string, unknown>>();
  let lastRow: unknown;
  let lastGraph: Record<string, unknown> | undefined;
  const graphOf = (row: T) => {
    if (!keepAll) {
      if (lastRow !== row || !lastGraph) [lastRow, lastGraph] = [row, projection.toGraph(row, ctx)];
      return lastGraph;
    }
    let g = cache.get(row);
    if (!g) cache.set(row, (g = projection.toGraph(row, ctx)));
    return g;
  };
  return (row, path) => {
    const [first, ...rest] = path;
    if (first === undefined) return row;
    const nav = findNavigation(projection, first);
    let value: unknown;
    if (nav) {
      const target = nav.fn(row as T, ctx);
      value = Array.isArray(target.value)
        ? (target.value as unknown[]).map((v) => target.projection.toGraph(v, ctx))
        : target.value == null
          ? null
          : target.projection.toGraph(target.value, ctx);
    } else {
      const graph = graphOf(row as T);
      const key = first in graph ? first : Object.keys(graph).find((k) => k.toLowerCase() === first.toLowerCase());
      value = key === undefined ? undefined : graph[key];
    }
    return plainWalk(value, rest);
  };
}

function plainWalk(row: unknown, path: readonly string[]): unknown {
  let value = row;
  for (const part of path) {
    if (value === null || value === undefined || typeof value !== "object") return undefined;
    const obj = value as Record<string, unknown>;
    // A type-cast segment (`scope/microsoft.graph.accessReviewQueryScope/query`) keeps an object of that type.
    const cast = part.includes(".") && !(part in obj);
    if (cast) value = String(obj["@odata.type"] ?? "").toLowerCase() === `#${part.toLowerCase()}` ? obj : undefined;
    else value = part in obj ? obj[part] : obj[Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase()) ?? ""];
  }
  return value;
}

/** Whether one record passes a `$filter`. */
function rowTester<T>(projection: Projection<T>, ctx: RouteContext, filter: FilterNode): (row: T) => boolean {
  const top = resolverFor(projection, ctx, false);
  // Lambda variables (`a:a/id`) resolve against elements that are already Graph JSON; only the row
  // being tested goes through the projection.
  let current: unknown;
  const resolve: PathResolver = (row, path) => (row === current ? top(row, path) : plainWalk(row, path));
  return (row) => {
    current = row;
    return evaluateFilter(filter, row, resolve);
  };
}

function filterRows<T>(rows: T[], projection: Projection<T>, ctx: RouteContext, filter: FilterNode): T[] {
  return rows.filter(rowTester(projection, ctx, filter));
}

export function respondWithEntity<T>(ctx: RouteContext, record: T | undefined, projection: Projection<T>, contextPath?: string): RouteResult {
  if (record === undefined) throw GraphError.notFound(`Resource not found for the segment '${lastSegment(ctx.path)}'.`);
  const body = renderRecord(record, projection, ctx, readShape(ctx.query));
  return { status: 200, body: { "@odata.context": contextUrl(ctx, contextPath ?? ctx.path, true), ...body } };
}

export interface CollectionOptions<T> {
  /** Applied before `$filter`, for filters the route evaluates natively or faster than the generic path. */
  prefilter?: (rows: T[]) => T[];
  /** Default order when no `$orderby` is given; Graph lists are stable between pages. */
  contextPath?: string;
}

/**
 * A Graph collection response: `$filter`, `$orderby`, `$count`, `$top`, `$select`, `$expand` and
 * server-driven paging through `$skiptoken` in `@odata.nextLink`.
 */
export function respondWithCollection<T>(ctx: RouteContext, rows: T[], projection: Projection<T>, options: CollectionOptions<T> = {}): RouteResult {
  const q = ctx.query;
  let selected = options.prefilter ? options.prefilter(rows) : rows;
  const filterText = q.get("$filter");
  const orderText = q.get("$orderby");
  const filter = filterText ? odata(() => parseFilter(filterText)) : null;
  if (filter && !orderText && q.get("$count") !== "true") return respondWithFilteredScan(ctx, selected, projection, filter, options);
  if (filter) selected = filterRows(selected, projection, ctx, filter);
  if (orderText) {
    const order = odata(() => parseOrderBy(orderText));
    const resolve = resolverFor(projection, ctx, true);
    selected = [...selected].sort(compareByOrder(order, resolve));
  }
  const pageSize = readPageSize(ctx);
  const offset = readSkipToken(q.get("$skiptoken"), "o");
  const page = selected.slice(offset, offset + pageSize);
  const shape = readShape(q);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, options.contextPath ?? ctx.path, false) };
  if (q.get("$count") === "true") body["@odata.count"] = selected.length;
  if (offset + pageSize < selected.length && pageSize > 0) {
    body["@odata.nextLink"] = nextLink(ctx, { o: offset + pageSize });
  }
  body.value = page.map((row) => renderRecord(row, projection, ctx, shape));
  return { status: 200, body };
}

/**
 * A `$filter`ed page without `$orderby` or `$count`: rows are tested only until the page is full (plus
 * a look-ahead for the next match), and the next link resumes the scan at that match. Walking every page
 * of a filtered list of 100,000 rows then costs one pass in all, not one pass per page.
 */
function respondWithFilteredScan<T>(ctx: RouteContext, rows: T[], projection: Projection<T>, filter: FilterNode, options: CollectionOptions<T>): RouteResult {
  const pageSize = readPageSize(ctx);
  const test = rowTester(projection, ctx, filter);
  const page: T[] = [];
  let i = readSkipToken(ctx.query.get("$skiptoken"), "c");
  for (; i < rows.length && page.length < pageSize; i++) if (test(rows[i]!)) page.push(rows[i]!);
  let next = -1;
  for (; pageSize > 0 && next < 0 && i < rows.length; i++) if (test(rows[i]!)) next = i;
  const shape = readShape(ctx.query);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, options.contextPath ?? ctx.path, false) };
  if (next >= 0) body["@odata.nextLink"] = nextLink(ctx, { c: next });
  body.value = page.map((row) => renderRecord(row, projection, ctx, shape));
  return { status: 200, body };
}

function readPageSize(ctx: RouteContext): number {
  const topText = ctx.query.get("$top");
  if (topText === null) return ctx.state.settings.pageSize;
  const top = Number(topText);
  if (!Number.isInteger(top) || top < 0) throw GraphError.badRequest(`Invalid value '${topText}' for $top query option found.`);
  return Math.min(top, MAX_PAGE_SIZE);
}

/** A skip token's position: `o`, an offset into the (sorted) result; `c`, where a filtered scan resumes. */
function readSkipToken(token: string | null, kind: "o" | "c"): number {
  if (token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
    const at = parsed[kind];
    if (typeof at === "number" && Number.isInteger(at) && at >= 0) return at;
  } catch {
    // fall through to the error Graph gives for a token it did not issue
  }
  throw GraphError.badRequest("The $skiptoken is invalid or has expired. Start again from the first page.", "Request_BadRequest");
}

function nextLink(ctx: RouteContext, position: { o: number } | { c: number }): string {
  const params = new URLSearchParams(ctx.query);
  params.set("$skiptoken", Buffer.from(JSON.stringify(position)).toString("base64url"));
  // OData system query options keep their `$` unescaped, as in Graph's own next links.
  const query = [...params].map(([k, v]) => `${encodeURIComponent(k).replace(/^%24/, "$")}=${encodeURIComponent(v)}`).join("&");
  return `${ctx.baseUrl}/${ctx.version}${ctx.path}?${query}`;
}

function contextUrl(ctx: RouteContext, path: string, entity: boolean): string {
  const trimmed = path.replace(/^\//, "").replace(/\/[^/]*\(.*\)$/, "");
  return `${ctx.baseUrl}/${ctx.version}/$metadata#${trimmed}${entity ? "/$entity" : ""}`;
}

function lastSegment(path: string): string {
  const parts = path.split("/").filter(Boolean);
  return parts[parts.length - 1] ?? path;
}
