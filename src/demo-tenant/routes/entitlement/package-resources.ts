import type { AssignmentRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/** The groups an access package makes its assignees members of (its AadGroup resource roles). */
export function packageGroupIds(state: TenantState, accessPackageId: string): string[] {
  const pkg = state.accessPackages.get(accessPackageId);
  if (!pkg) return [];
  const ids: string[] = [];
  for (const scope of pkg.resourceRoleScopes) {
    const resource = state.resources.get(scope.resourceId);
    if (resource?.originSystem === "AadGroup" && scope.roleOriginId.startsWith("Member_")) ids.push(resource.originId);
  }
  return ids;
}

/** Delivery: the target joins the package's groups (app roles need no directory change in the demo). */
export function grantPackageResources(state: TenantState, assignment: AssignmentRecord): void {
  for (const groupId of packageGroupIds(state, assignment.accessPackageId)) {
    const group = state.groups.get(groupId);
    if (group && !group.memberIds.includes(assignment.targetId)) group.memberIds.push(assignment.targetId);
  }
}

/** Expiry or removal: the target leaves the package's groups, unless another delivered assignment still grants them. */
export function revokePackageResources(state: TenantState, assignment: AssignmentRecord): void {
  const stillGranted = new Set(
    state.assignments
      .by("targetId", assignment.targetId)
      .filter((a) => a.id !== assignment.id && a.state === "delivered")
      .flatMap((a) => packageGroupIds(state, a.accessPackageId)),
  );
  for (const groupId of packageGroupIds(state, assignment.accessPackageId)) {
    if (stillGranted.has(groupId)) continue;
    const group = state.groups.get(groupId);
    if (group) group.memberIds = group.memberIds.filter((id) => id !== assignment.targetId);
  }
}
