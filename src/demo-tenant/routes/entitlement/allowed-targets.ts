import type { AssignmentPolicyRecord, UserRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { isInSubjectSets } from "./subject-sets.js";

/**
 * Whether a policy's `allowedTargetScope` (and `specificAllowedTargets`) covers a user: `allMemberUsers`
 * excludes guests, `allExternalUsers` is guests only, `specificDirectoryUsers` means the users and group
 * members listed, and `notSpecified` (administrator direct assignment only) covers nobody.
 */
export function isAllowedTarget(state: TenantState, policy: AssignmentPolicyRecord, user: UserRecord): boolean {
  if (!user.accountEnabled) return false;
  switch (policy.allowedTargetScope) {
    case "allDirectoryUsers":
      return true;
    case "allMemberUsers":
      return user.userType === "Member";
    case "allExternalUsers":
    case "allConfiguredConnectedOrganizationUsers":
      return user.userType === "Guest";
    case "specificDirectoryUsers":
      return isInSubjectSets(state, policy.specificAllowedTargets, user);
    default:
      return false;
  }
}

export type SelfRequestKind = "add" | "update" | "remove";

/** Whether the policy lets its targets file this kind of request for themselves. */
export function allowsSelf(policy: AssignmentPolicyRecord, kind: SelfRequestKind): boolean {
  const s = policy.requestorSettings;
  return kind === "add" ? s.enableTargetsToSelfAddAccess : kind === "update" ? s.enableTargetsToSelfUpdateAccess : s.enableTargetsToSelfRemoveAccess;
}

/** The policies of a package through which the user may request it for themselves (`allowedRequestor`). */
export function selfRequestablePolicies(state: TenantState, accessPackageId: string, user: UserRecord, kind: SelfRequestKind = "add"): AssignmentPolicyRecord[] {
  return state.policies.by("accessPackageId", accessPackageId).filter((p) => allowsSelf(p, kind) && isAllowedTarget(state, p, user));
}

/** A readable account of who a policy admits, for error messages. */
export function describeAllowedTargets(state: TenantState, policy: AssignmentPolicyRecord): string {
  switch (policy.allowedTargetScope) {
    case "allDirectoryUsers":
      return "all users in the directory";
    case "allMemberUsers":
      return "all member users (not guests)";
    case "allExternalUsers":
    case "allConfiguredConnectedOrganizationUsers":
      return "external users";
    case "specificDirectoryUsers":
      return policy.specificAllowedTargets
        .map((s) => {
          if (s["@odata.type"] === "#microsoft.graph.groupMembers") return `members of '${state.groups.get(s.groupId)?.displayName ?? s.groupId}'`;
          if (s["@odata.type"] === "#microsoft.graph.singleUser") return state.users.get(s.userId)?.displayName ?? s.userId;
          return s["@odata.type"].replace("#microsoft.graph.", "");
        })
        .join(", ");
    default:
      return "nobody (administrator direct assignments only)";
  }
}
