import { valuesEqual, compareValues } from "./compare-values.js";
import type { ComparisonNode, FilterNode, FunctionNode, LambdaNode, PathNode } from "./filter-node.js";
import { endsWithIgnoreCase, equalsIgnoreCase, includesIgnoreCase, startsWithIgnoreCase } from "./ignore-case.js";

/**
 * Reads a property path from a row. Routes supply their own to expose
 * navigation properties or computed Graph JSON; it is also called with a
 * lambda element as `row` for paths that start with the lambda variable
 * (with the variable itself removed from `path`).
 */
export type PathResolver = (row: unknown, path: readonly string[]) => unknown;

/**
 * Elements of the enclosing lambdas indexed by LambdaNode.depth. Allocated
 * lazily by the outermost lambda so filters without lambdas allocate nothing.
 */
type Scope = unknown[] | undefined;

function ownProperty(obj: Record<string, unknown>, name: string): unknown {
  // hasOwn keeps inherited members such as `constructor` from resolving as properties.
  if (Object.hasOwn(obj, name)) return obj[name];
  for (const key in obj) {
    if (equalsIgnoreCase(key, name) && Object.hasOwn(obj, key)) return obj[key];
  }
  // A type-cast segment (microsoft.graph.user) keeps the object only if it has that type.
  if (name.includes(".")) {
    const type = obj["@odata.type"];
    if (typeof type === "string" && equalsIgnoreCase(type, `#${name}`)) return obj;
  }
  return undefined;
}

/**
 * Walks plain objects. Exact property names win; otherwise the first key that
 * matches ignoring case is used, since Graph property names in $filter are
 * case-insensitive. Arrays and primitives have no properties.
 */
export const resolvePlainPath: PathResolver = (row, path) => {
  let current = row;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = ownProperty(current as Record<string, unknown>, segment);
  }
  return current;
};

/**
 * Tests one row against a parsed $filter. Strings compare ignoring case for
 * eq/ne/in/startswith/endswith/contains and ordering; ISO date strings (and
 * Date objects) compare as instants; a missing property behaves as null; a
 * missing or non-array collection behaves as empty in lambdas and $count.
 */
export function evaluateFilter(node: FilterNode, row: unknown, resolve: PathResolver = resolvePlainPath): boolean {
  return test(node, row, resolve, undefined);
}

function test(node: FilterNode, row: unknown, resolve: PathResolver, scope: Scope): boolean {
  switch (node.kind) {
    case "and":
      for (const operand of node.operands) {
        if (!test(operand, row, resolve, scope)) return false;
      }
      return true;
    case "or":
      for (const operand of node.operands) {
        if (test(operand, row, resolve, scope)) return true;
      }
      return false;
    case "not":
      return !test(node.operand, row, resolve, scope);
    case "comparison":
      return compare(node, row, resolve, scope);
    case "in": {
      const value = evaluate(node.operand, row, resolve, scope);
      const time = literalTime(node.operand);
      for (const candidate of node.values) {
        if (valuesEqual(value, candidate.value, time, candidate.time ?? NaN)) return true;
      }
      return false;
    }
    case "lambda":
      return lambda(node, row, resolve, scope);
    default:
      return evaluate(node, row, resolve, scope) === true;
  }
}

/**
 * A literal's precomputed instant (NaN when it is not a date) so comparisons
 * never re-parse it; undefined for computed operands, whose values are
 * inspected per row.
 */
function literalTime(node: FilterNode): number | undefined {
  return node.kind === "literal" ? (node.time ?? NaN) : undefined;
}

function compare(node: ComparisonNode, row: unknown, resolve: PathResolver, scope: Scope): boolean {
  const a = evaluate(node.left, row, resolve, scope);
  const b = evaluate(node.right, row, resolve, scope);
  const aTime = literalTime(node.left);
  const bTime = literalTime(node.right);
  switch (node.operator) {
    case "eq":
      return valuesEqual(a, b, aTime, bTime);
    case "ne":
      return !valuesEqual(a, b, aTime, bTime);
    default: {
      // Ordering against null is never true, as in OData.
      if (a === null || a === undefined || b === null || b === undefined) return false;
      const c = compareValues(a, b, aTime, bTime);
      // NaN (incomparable kinds) fails every comparison below.
      switch (node.operator) {
        case "gt":
          return c > 0;
        case "ge":
          return c >= 0;
        case "lt":
          return c < 0;
        case "le":
          return c <= 0;
      }
    }
  }
}

function resolvePath(node: PathNode, row: unknown, resolve: PathResolver, scope: Scope): unknown {
  if (node.depth < 0) return resolve(row, node.path);
  const element = scope === undefined ? undefined : scope[node.depth];
  return node.path.length === 0 ? element : resolve(element, node.path);
}

function lambda(node: LambdaNode, row: unknown, resolve: PathResolver, scope: Scope): boolean {
  const collection = resolvePath(node.collection, row, resolve, scope);
  // A missing collection is treated as empty: any() is false, all() vacuously true.
  if (!Array.isArray(collection)) return node.operator === "all";
  const predicate = node.predicate;
  if (predicate === undefined) return collection.length > 0;
  const elements = scope ?? [];
  const slot = node.depth;
  if (node.operator === "any") {
    for (const element of collection) {
      elements[slot] = element;
      if (test(predicate, row, resolve, elements)) return true;
    }
    return false;
  }
  for (const element of collection) {
    elements[slot] = element;
    if (!test(predicate, row, resolve, elements)) return false;
  }
  return true;
}

function call(node: FunctionNode, row: unknown, resolve: PathResolver, scope: Scope): unknown {
  const first = node.args[0];
  const value = first === undefined ? undefined : evaluate(first, row, resolve, scope);
  if (node.name === "tolower") return typeof value === "string" ? value.toLowerCase() : null;
  if (node.name === "toupper") return typeof value === "string" ? value.toUpperCase() : null;
  const second = node.args[1];
  const part = second === undefined ? undefined : evaluate(second, row, resolve, scope);
  if (typeof value !== "string" || typeof part !== "string") return false;
  switch (node.name) {
    case "startswith":
      return startsWithIgnoreCase(value, part);
    case "endswith":
      return endsWithIgnoreCase(value, part);
    case "contains":
      return includesIgnoreCase(value, part);
  }
}

function evaluate(node: FilterNode, row: unknown, resolve: PathResolver, scope: Scope): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "path":
      return resolvePath(node, row, resolve, scope);
    case "function":
      return call(node, row, resolve, scope);
    case "count": {
      const collection = resolvePath(node.collection, row, resolve, scope);
      return Array.isArray(collection) ? collection.length : 0;
    }
    default:
      return test(node, row, resolve, scope);
  }
}
