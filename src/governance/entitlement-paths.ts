/** Where entitlement management lives in Graph. */
export const EM = "/identityGovernance/entitlementManagement";

/**
 * What every request read expands: the package (its name), the requestor (who asked) and the assignment
 * with its target and policy (who gets the access, through which policy, for which window). Graph v1.0
 * has no `target` on a request, so the target comes from the assignment, or is the requestor.
 */
export const REQUEST_EXPAND = "$expand=accessPackage($select=id,displayName),requestor,assignment($expand=target,assignmentPolicy($select=id))";
