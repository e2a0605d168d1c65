import type { Route } from "../../http/route.js";
import type { TenantState } from "../../state/tenant-state.js";
import { decisionRoutes } from "./decision-routes.js";
import { definitionRoutes } from "./definition-routes.js";
import { instanceRoutes } from "./instance-routes.js";
import { registerReviewLifecycle } from "./review-lifecycle.js";

/**
 * Graph v1.0 access reviews (`/identityGovernance/accessReviews/definitions/...`): definitions,
 * instances, decision items, the reviewer's actions and the admin's.
 */
export function accessReviewRoutes(): Route[] {
  return [...definitionRoutes(), ...instanceRoutes(), ...decisionRoutes()];
}

/** Instances start at their startDateTime and complete (default decisions, auto-apply) at their endDateTime. */
export function registerAccessReviewLifecycle(state: TenantState): void {
  registerReviewLifecycle(state);
}
