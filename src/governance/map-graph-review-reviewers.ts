import type { AccessReviewReviewerScope } from "@microsoft/microsoft-graph-types";

/**
 * Who one reviewer scope of a review definition names (Graph's `accessReviewReviewerScope`):
 * - `/users/{id}`: that person;
 * - `/groups/{id}/owners`: the group's owners;
 * - `/groups/{id}/members` or `/transitiveMembers`: the group's members;
 * - `./manager` with `queryRoot: decisions`: each reviewed principal's manager.
 * Other queries (resource owners, multi-stage roots) are not resolved app-only: they name nobody here.
 */
export type ReviewerRule =
  | { kind: "user"; userId: string }
  | { kind: "groupOwners"; groupId: string }
  | { kind: "groupMembers"; groupId: string }
  | { kind: "manager" }
  | { kind: "unsupported"; query: string };

const SINGLE_USER = /^(?:\/v1\.0|\/beta)?\/users\/([^/?]+)\/?$/i;
const GROUP_OWNERS = /^(?:\/v1\.0|\/beta)?\/groups\/([^/?]+)\/owners\/?(?:\?.*)?$/i;
const GROUP_MEMBERS = /^(?:\/v1\.0|\/beta)?\/groups\/([^/?]+)\/(?:transitiveMembers|members)(?:\/microsoft\.graph\.user)?\/?(?:\?.*)?$/i;
const MANAGER = /^\.\/manager\/?$/i;

/** Reads one reviewer scope. */
export function mapReviewerScope(scope: AccessReviewReviewerScope): ReviewerRule {
  const query = (scope.query ?? "").trim();
  const user = SINGLE_USER.exec(query);
  if (user) return { kind: "user", userId: decodeURIComponent(user[1]!) };
  const owners = GROUP_OWNERS.exec(query);
  if (owners) return { kind: "groupOwners", groupId: decodeURIComponent(owners[1]!) };
  const members = GROUP_MEMBERS.exec(query);
  if (members) return { kind: "groupMembers", groupId: decodeURIComponent(members[1]!) };
  // `./manager` only means "the item's principal's manager" when rooted at the decisions.
  if (MANAGER.test(query) && (scope.queryRoot ?? "decisions").toLowerCase() === "decisions") return { kind: "manager" };
  return { kind: "unsupported", query };
}

/** The directory facts the rules of a review need, read once for all its items. */
export interface ReviewerFacts {
  /** Group id to owner or member user ids, for the groups the rules name. */
  readonly groupOwners: ReadonlyMap<string, readonly string[]>;
  readonly groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Principal id to manager id (absent: no manager). */
  readonly managers: ReadonlyMap<string, string>;
}

/**
 * Who reviews one principal, as Entra assigns it: everyone the primary rules name except the principal
 * themself; when that is nobody (no manager, the only owner is the principal), the fallback rules.
 */
export function reviewersOf(principalId: string, primary: readonly ReviewerRule[], fallback: readonly ReviewerRule[], facts: ReviewerFacts): string[] {
  const named = (rules: readonly ReviewerRule[]) => {
    const ids = new Set(staticReviewers(rules, facts));
    const manager = facts.managers.get(principalId);
    if (manager && rules.some((r) => r.kind === "manager")) ids.add(manager);
    ids.delete(principalId);
    return [...ids];
  };
  const first = named(primary);
  return first.length > 0 ? first : named(fallback);
}

/** Everyone the rules name whatever the principal (users, group owners and members; managers vary by item). */
export function staticReviewers(rules: readonly ReviewerRule[], facts: ReviewerFacts): string[] {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.kind === "user") ids.add(rule.userId);
    if (rule.kind === "groupOwners") for (const id of facts.groupOwners.get(rule.groupId) ?? []) ids.add(id);
    if (rule.kind === "groupMembers") for (const id of facts.groupMembers.get(rule.groupId) ?? []) ids.add(id);
  }
  return [...ids];
}
