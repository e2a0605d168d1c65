import type { Route } from "../../http/route.js";
import type { TenantState } from "../../state/tenant-state.js";

/** Placeholder until the area lands. */
export function entitlementRoutes(): Route[] {
  return [];
}

export function registerEntitlementLifecycle(_state: TenantState): void {}
