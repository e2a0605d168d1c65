import type { Route } from "../../http/route.js";
import { pimApprovalRoutes } from "./approval-routes.js";
import { groupRoutes } from "./group-routes.js";
import { policyRoutes } from "./policy-routes.js";
import { roleRoutes } from "./role-routes.js";

export { registerPimLifecycle } from "./pim-lifecycle.js";

/**
 * Privileged Identity Management: Entra role definitions, eligibilities, activations and requests
 * (v1.0), their approvals (beta), role management policies (v1.0) and PIM for Groups (v1.0).
 */
export function pimRoutes(): Route[] {
  return [...roleRoutes(), ...policyRoutes(), ...groupRoutes(), ...pimApprovalRoutes()];
}
