import type { Route } from "../../http/route.js";

/** Placeholder until the area lands. */
export function directoryRoutes(): Route[] {
  return [];
}
