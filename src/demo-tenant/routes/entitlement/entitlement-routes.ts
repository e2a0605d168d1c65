import type { Route } from "../../http/route.js";
import { accessPackageRoutes } from "./access-package-routes.js";
import { approvalRoutes } from "./approval-routes.js";
import { assignmentPolicyRoutes } from "./assignment-policy-routes.js";
import { assignmentRequestRoutes } from "./assignment-request-routes.js";
import { assignmentRoutes } from "./assignment-routes.js";
import { catalogRoutes } from "./catalog-routes.js";
import { roleAssignmentRoutes } from "./role-assignment-routes.js";

export { registerEntitlementLifecycle } from "./request-lifecycle.js";
export { isStageApprover, resolveStageApprovers, type StageApprovers } from "./resolve-stage-approvers.js";

/**
 * Every entitlement management route (`/identityGovernance/entitlementManagement/...`), and its RBAC
 * provider's role assignments (`/roleManagement/entitlementManagement/roleAssignments`: catalog roles).
 */
export function entitlementRoutes(): Route[] {
  return [
    ...catalogRoutes(),
    ...accessPackageRoutes(),
    ...assignmentPolicyRoutes(),
    ...assignmentRequestRoutes(),
    ...approvalRoutes(),
    ...assignmentRoutes(),
    ...roleAssignmentRoutes(),
  ];
}
