import type { RoutePermissions } from "../../http/route.js";

/** The path every entitlement management route lives under. */
export const EM = "/identityGovernance/entitlementManagement";

const READ = ["EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All"] as const;
const READ_WRITE = ["EntitlementManagement.ReadWrite.All"] as const;
const SUBJECT = "EntitlementMgmt-SubjectAccess.ReadWrite";

/** Lists and reads of catalogs, packages, policies, requests and assignments (app or delegated). */
export const READ_ANY: RoutePermissions = { app: READ, user: [...READ, SUBJECT] };

/** Creating requests: the app (admin request types only) or a signed-in user. */
export const SUBMIT_REQUEST: RoutePermissions = { app: READ_WRITE, user: [...READ_WRITE, SUBJECT] };

/** Functions about the signed-in user (`filterByCurrentUser`, `getApplicablePolicyRequirements`): delegated only. */
export const SIGNED_IN_READ: RoutePermissions = { app: null, user: [...READ, SUBJECT] };

/** Cancel: delegated only (Graph documents no application permission for it). */
export const SIGNED_IN_WRITE: RoutePermissions = { app: null, user: [...READ_WRITE, SUBJECT] };

/** Approvals: read by approvers, delegated only. */
export const APPROVER_READ: RoutePermissions = { app: null, user: READ };

/** Recording an approval decision: delegated EntitlementManagement.ReadWrite.All only. */
export const APPROVER_WRITE: RoutePermissions = { app: null, user: READ_WRITE };
