import type { Route } from "../http/route.js";
import type { TenantState } from "../state/tenant-state.js";
import { directoryRoutes } from "./directory/directory-routes.js";
import { teamsRoutes } from "./teams/teams-routes.js";
import { entitlementRoutes, registerEntitlementLifecycle } from "./entitlement/entitlement-routes.js";
import { accessReviewRoutes, registerAccessReviewLifecycle } from "./access-reviews/access-review-routes.js";
import { pimRoutes, registerPimLifecycle } from "./pim/pim-routes.js";

/** Every Graph route the demo tenant serves. */
export function allGraphRoutes(): Route[] {
  return [...directoryRoutes(), ...teamsRoutes(), ...entitlementRoutes(), ...accessReviewRoutes(), ...pimRoutes()];
}

/** Every lifecycle handler (automatic denial, escalation, delivery, expiry, review ends, PIM timeouts). */
export function registerLifecycles(state: TenantState): void {
  registerEntitlementLifecycle(state);
  registerAccessReviewLifecycle(state);
  registerPimLifecycle(state);
}
