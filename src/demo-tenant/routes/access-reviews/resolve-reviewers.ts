import type { AccessReviewReviewerScope } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

const SINGLE_USER = /^(?:\/v1\.0|\/beta)?\/users\/([^/?]+)\/?$/i;
const GROUP_OWNERS = /^(?:\/v1\.0|\/beta)?\/groups\/([^/?]+)\/owners\/?(?:\?.*)?$/i;
const GROUP_MEMBERS = /^(?:\/v1\.0|\/beta)?\/groups\/([^/?]+)\/(?:transitiveMembers|members)(?:\/microsoft\.graph\.user)?\/?(?:\?.*)?$/i;
const MANAGER = /^\.\/manager\/?$/i;

/**
 * The people one reviewer scope names for one principal under review: a single user (`/users/{id}`),
 * a group's owners or members, or the principal's manager (`./manager` with `queryRoot: decisions`).
 * Unknown queries name nobody, so the fallback reviewers take over, as Entra does when a scope is empty.
 */
function resolveScope(state: TenantState, scope: AccessReviewReviewerScope, principalId: string): string[] {
  const query = scope.query.trim();
  const single = SINGLE_USER.exec(query);
  if (single) return state.users.has(single[1]!) ? [state.users.get(single[1]!)!.id] : [];
  const owners = GROUP_OWNERS.exec(query);
  if (owners) return state.groups.get(owners[1]!)?.ownerIds ?? [];
  const members = GROUP_MEMBERS.exec(query);
  if (members) return state.groups.get(members[1]!)?.memberIds ?? [];
  if (MANAGER.test(query)) {
    const managerId = state.users.get(principalId)?.managerId;
    return managerId ? [managerId] : [];
  }
  return [];
}

/**
 * Who reviews one principal: everyone the reviewer scopes name, except the principal themself; when
 * that leaves nobody (no manager, no other owner), the fallback reviewers. An empty result means nobody
 * can decide the item before the review ends.
 */
export function reviewersFor(
  state: TenantState,
  reviewers: readonly AccessReviewReviewerScope[],
  fallbackReviewers: readonly AccessReviewReviewerScope[],
  principalId: string,
): string[] {
  const pick = (scopes: readonly AccessReviewReviewerScope[]) =>
    [...new Set(scopes.flatMap((s) => resolveScope(state, s, principalId)))].filter((id) => id !== principalId && state.users.has(id));
  const primary = pick(reviewers);
  return primary.length > 0 ? primary : pick(fallbackReviewers);
}
