/**
 * AST produced by parseFilter. Every node can be evaluated to a value; nodes
 * in boolean positions (the root, and/or/not operands, lambda predicates) are
 * checked at parse time to be able to yield a boolean.
 */
export type FilterNode =
  | AndNode
  | OrNode
  | NotNode
  | ComparisonNode
  | InNode
  | FunctionNode
  | LambdaNode
  | CountNode
  | PathNode
  | LiteralNode;

export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

/** Functions whose result is a boolean and may stand alone as a predicate. */
export type PredicateFunctionName = "startswith" | "endswith" | "contains";
export type FunctionName = PredicateFunctionName | "tolower" | "toupper";

/** and/or are n-ary so long chains of `or` stay shallow when evaluated. */
export interface AndNode {
  readonly kind: "and";
  readonly operands: readonly FilterNode[];
}

export interface OrNode {
  readonly kind: "or";
  readonly operands: readonly FilterNode[];
}

export interface NotNode {
  readonly kind: "not";
  readonly operand: FilterNode;
}

export interface ComparisonNode {
  readonly kind: "comparison";
  readonly operator: ComparisonOperator;
  readonly left: FilterNode;
  readonly right: FilterNode;
}

export interface InNode {
  readonly kind: "in";
  readonly operand: FilterNode;
  readonly values: readonly LiteralNode[];
}

export interface FunctionNode {
  readonly kind: "function";
  readonly name: FunctionName;
  readonly args: readonly FilterNode[];
}

/**
 * `collection/any(v: predicate)` or `collection/all(v: predicate)`. `any()`
 * without a predicate has no variable and tests for a non-empty collection.
 * `depth` is the slot the current element occupies while the predicate runs;
 * paths inside the predicate that start with `variable` carry the same depth.
 */
export interface LambdaNode {
  readonly kind: "lambda";
  readonly operator: "any" | "all";
  readonly collection: PathNode;
  readonly variable?: string;
  readonly depth: number;
  readonly predicate?: FilterNode;
}

/** `collection/$count`: the number of elements, 0 when the collection is missing. */
export interface CountNode {
  readonly kind: "count";
  readonly collection: PathNode;
}

/**
 * A property path. `depth` is -1 for paths on the row itself; otherwise the
 * path starts at the element of the enclosing lambda with that depth, whose
 * variable name has been stripped from `path` (so `a/id` inside `any(a: ...)`
 * has path ["id"], and the bare variable `a` has path []).
 */
export interface PathNode {
  readonly kind: "path";
  readonly path: readonly string[];
  readonly depth: number;
  readonly variable?: string;
}

/**
 * `type` remembers how the literal was written; guid, datetime and enum values
 * are kept as their text. `time` is the epoch milliseconds of any literal
 * whose text is an ISO date or date-time, computed once here so comparisons
 * against 100k rows do not re-parse it.
 */
export interface LiteralNode {
  readonly kind: "literal";
  readonly type: "string" | "number" | "boolean" | "null" | "guid" | "datetime" | "enum";
  readonly value: string | number | boolean | null;
  readonly time?: number;
}
