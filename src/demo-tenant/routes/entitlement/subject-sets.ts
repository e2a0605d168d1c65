import type { SubjectSet, UserRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/**
 * The enabled users a subject set stands for, for one target user. `requestorManager` walks the target's
 * manager chain (`managerLevel` 1 = manager, 2 = the manager's manager); `internalSponsors` and
 * `targetUserSponsors` are the target's sponsors (the tenant has no connected organizations, whose
 * sponsors these sets otherwise name), so `externalSponsors` and `connectedOrganizationMembers` resolve
 * to nobody.
 */
export function resolveSubjectSet(state: TenantState, set: SubjectSet, target: UserRecord | undefined): string[] {
  switch (set["@odata.type"]) {
    case "#microsoft.graph.singleUser":
      return enabled(state, [set.userId]);
    case "#microsoft.graph.groupMembers":
      return enabled(state, state.groups.get(set.groupId)?.memberIds ?? []);
    case "#microsoft.graph.requestorManager": {
      const manager = managerAt(state, target, set.managerLevel);
      return manager ? enabled(state, [manager.id]) : [];
    }
    case "#microsoft.graph.internalSponsors":
    case "#microsoft.graph.targetUserSponsors":
      return enabled(state, target?.sponsorIds ?? []);
    case "#microsoft.graph.externalSponsors":
    case "#microsoft.graph.connectedOrganizationMembers":
      return [];
  }
}

/** The target's manager (`level` 1), the manager's manager (2), and so on up the chain. */
export function managerAt(state: TenantState, target: UserRecord | undefined, level: number): UserRecord | undefined {
  let current = target;
  for (let i = 0; i < Math.max(1, level) && current; i++) current = current.managerId ? state.users.get(current.managerId) : undefined;
  return current;
}

/**
 * Whether a subject set stands for `userId` (assumed enabled), for one target: the same answer as
 * `resolveSubjectSet(...).includes(userId)` without building the list.
 */
export function subjectSetIncludes(state: TenantState, set: SubjectSet, target: UserRecord | undefined, userId: string): boolean {
  switch (set["@odata.type"]) {
    case "#microsoft.graph.singleUser":
      return set.userId === userId;
    case "#microsoft.graph.groupMembers":
      return state.groups.get(set.groupId)?.memberIds.includes(userId) ?? false;
    case "#microsoft.graph.requestorManager":
      return managerAt(state, target, set.managerLevel)?.id === userId;
    case "#microsoft.graph.internalSponsors":
    case "#microsoft.graph.targetUserSponsors":
      return target?.sponsorIds.includes(userId) ?? false;
    default:
      return false;
  }
}

/** Whether a subject set resolves to at least one enabled user that `skip` does not rule out (stops at the first). */
export function subjectSetHasAnyone(state: TenantState, set: SubjectSet, target: UserRecord | undefined, skip: (id: string) => boolean): boolean {
  const ok = (id: string) => !skip(id) && state.users.get(id)?.accountEnabled === true;
  switch (set["@odata.type"]) {
    case "#microsoft.graph.singleUser":
      return ok(set.userId);
    case "#microsoft.graph.groupMembers":
      return state.groups.get(set.groupId)?.memberIds.some(ok) ?? false;
    case "#microsoft.graph.requestorManager": {
      const manager = managerAt(state, target, set.managerLevel);
      return manager !== undefined && ok(manager.id);
    }
    case "#microsoft.graph.internalSponsors":
    case "#microsoft.graph.targetUserSponsors":
      return target?.sponsorIds.some(ok) ?? false;
    default:
      return false;
  }
}

/** The union of several subject sets, in order, without duplicates. */
export function resolveSubjectSets(state: TenantState, sets: readonly SubjectSet[], target: UserRecord | undefined): string[] {
  const out = new Set<string>();
  for (const set of sets) for (const id of resolveSubjectSet(state, set, target)) out.add(id);
  return [...out];
}

/** True when the user is in one of the sets (group membership and single users; used for allowed targets). */
export function isInSubjectSets(state: TenantState, sets: readonly SubjectSet[], user: UserRecord): boolean {
  return sets.some((set) => resolveSubjectSet(state, set, user).includes(user.id));
}

function enabled(state: TenantState, ids: readonly string[]): string[] {
  return ids.filter((id) => state.users.get(id)?.accountEnabled === true);
}
