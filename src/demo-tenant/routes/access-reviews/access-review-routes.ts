import type { Route } from "../../http/route.js";
import type { TenantState } from "../../state/tenant-state.js";

/** Placeholder until the area lands. */
export function accessReviewRoutes(): Route[] {
  return [];
}

export function registerAccessReviewLifecycle(_state: TenantState): void {}
