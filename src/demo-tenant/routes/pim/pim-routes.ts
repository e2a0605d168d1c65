import type { Route } from "../../http/route.js";
import type { TenantState } from "../../state/tenant-state.js";

/** Placeholder until the area lands. */
export function pimRoutes(): Route[] {
  return [];
}

export function registerPimLifecycle(_state: TenantState): void {}
