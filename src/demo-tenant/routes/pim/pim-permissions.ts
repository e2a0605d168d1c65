import type { RoutePermissions } from "../../http/route.js";

/**
 * The permissions Graph documents for each PIM operation (least privileged first). Entra roles and
 * PIM for Groups have separate permission families; a token with only one family cannot read the other.
 */

const ROLE_READ = ["RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory"];

/** `roleDefinitions`: any directory role-management or directory read permission. */
export const ROLE_DEFINITIONS_READ: RoutePermissions = {
  app: [...ROLE_READ, "Directory.Read.All", "Directory.ReadWrite.All"],
  user: [...ROLE_READ, "Directory.Read.All", "Directory.ReadWrite.All"],
};

const ELIGIBILITY_READ = ["RoleEligibilitySchedule.Read.Directory", "RoleEligibilitySchedule.ReadWrite.Directory", ...ROLE_READ];
const ASSIGNMENT_READ = ["RoleAssignmentSchedule.Read.Directory", "RoleAssignmentSchedule.ReadWrite.Directory", ...ROLE_READ];
const ASSIGNMENT_WRITE = ["RoleAssignmentSchedule.ReadWrite.Directory", "RoleManagement.ReadWrite.Directory"];

export const ROLE_ELIGIBILITY_READ: RoutePermissions = { app: ELIGIBILITY_READ, user: ELIGIBILITY_READ };
/** `filterByCurrentUser` exists only for a signed-in user: Graph refuses application tokens. */
export const ROLE_ELIGIBILITY_READ_ME: RoutePermissions = { app: null, user: ELIGIBILITY_READ };
export const ROLE_ASSIGNMENT_READ: RoutePermissions = { app: ASSIGNMENT_READ, user: ASSIGNMENT_READ };
export const ROLE_ASSIGNMENT_READ_ME: RoutePermissions = { app: null, user: ASSIGNMENT_READ };
/** Creating or cancelling requests; which actions each kind of token may send is checked by the handler. */
export const ROLE_ASSIGNMENT_WRITE: RoutePermissions = { app: ASSIGNMENT_WRITE, user: ASSIGNMENT_WRITE };
/** Beta role approvals: approvers decide as themselves; Graph supports no application permission. */
export const ROLE_APPROVAL_READ: RoutePermissions = { app: null, user: ASSIGNMENT_READ };
export const ROLE_APPROVAL_WRITE: RoutePermissions = { app: null, user: ASSIGNMENT_WRITE };

/** Policy reads for directory roles; the group family is checked per scope by the handler. */
export const POLICY_READ_DIRECTORY = [
  "RoleManagementPolicy.Read.Directory",
  "RoleManagementPolicy.ReadWrite.Directory",
  ...ROLE_READ,
];
export const POLICY_READ_GROUP = ["RoleManagementPolicy.Read.AzureADGroup", "RoleManagementPolicy.ReadWrite.AzureADGroup"];
export const POLICY_READ: RoutePermissions = {
  app: [...POLICY_READ_DIRECTORY, ...POLICY_READ_GROUP],
  user: [...POLICY_READ_DIRECTORY, ...POLICY_READ_GROUP],
};

const GROUP_ELIGIBILITY = ["PrivilegedEligibilitySchedule.Read.AzureADGroup", "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", "PrivilegedAccess.Read.AzureADGroup"];
const GROUP_ASSIGNMENT = ["PrivilegedAssignmentSchedule.Read.AzureADGroup", "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "PrivilegedAccess.Read.AzureADGroup"];
const GROUP_ASSIGNMENT_WRITE = ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "PrivilegedAccess.ReadWrite.AzureADGroup"];

export const GROUP_ELIGIBILITY_READ: RoutePermissions = { app: GROUP_ELIGIBILITY, user: GROUP_ELIGIBILITY };
export const GROUP_ELIGIBILITY_READ_ME: RoutePermissions = { app: null, user: GROUP_ELIGIBILITY };
export const GROUP_ASSIGNMENT_READ: RoutePermissions = { app: GROUP_ASSIGNMENT, user: GROUP_ASSIGNMENT };
export const GROUP_ASSIGNMENT_READ_ME: RoutePermissions = { app: null, user: GROUP_ASSIGNMENT };
export const GROUP_ASSIGNMENT_WRITE_PERMS: RoutePermissions = { app: GROUP_ASSIGNMENT_WRITE, user: GROUP_ASSIGNMENT_WRITE };
export const GROUP_APPROVAL_READ: RoutePermissions = { app: null, user: GROUP_ASSIGNMENT };
export const GROUP_APPROVAL_WRITE: RoutePermissions = { app: null, user: GROUP_ASSIGNMENT_WRITE };

/** Built-in roles whose active holders may make admin assignments through a delegated token. */
export const PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814";
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
