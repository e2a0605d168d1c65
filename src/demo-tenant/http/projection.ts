import type { RouteContext } from "./route.js";

/** What a navigation property leads to: records of another projection, one or many. */
export interface NavigationTarget {
  projection: Projection<any>;
  value: unknown;
}

/**
 * How records of one kind appear in Graph: their JSON for a given caller, and the navigation properties
 * `$expand` (and `$filter` paths such as `accessPackage/id`) can reach.
 */
export interface Projection<T> {
  /** Graph's type name without namespace, e.g. `accessPackageAssignmentRequest` (used in errors). */
  typeName: string;
  toGraph(record: T, ctx: RouteContext): Record<string, unknown>;
  /**
   * Properties returned when the request has no `$select` (Graph's default set, e.g. a user's eleven);
   * all of `toGraph` when absent. `$filter` and `$select` still reach every property.
   */
  defaultSelect?: readonly string[];
  navigations?: Record<string, (record: T, ctx: RouteContext) => NavigationTarget>;
}

/** A projection for values that are already Graph JSON (nested results of navigations). */
export function plainProjection(typeName: string): Projection<Record<string, unknown>> {
  return { typeName, toGraph: (record) => record };
}
