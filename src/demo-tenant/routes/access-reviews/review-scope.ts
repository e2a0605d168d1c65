import type { AccessReviewDecisionRecord, AccessReviewInstanceRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/**
 * What an instance reviews, read from its Graph scope query. Entra accepts many query shapes; the demo
 * tenant understands the ones its scenario and the bot use, and reviews nobody for any other.
 */
export type ReviewTarget =
  /** `/groups/{id}/members` or `/groups/{id}/transitiveMembers[/microsoft.graph.user]`: group membership. */
  | { kind: "groupMembership"; groupId: string; guestsOnly: boolean }
  /** `/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=(groupId eq '{id}' ...)`: PIM for Groups eligibility. */
  | { kind: "pimGroupEligibility"; groupId: string; accessId: "member" | "owner" }
  /** `/identityGovernance/entitlementManagement/accessPackageAssignments[?$filter=(accessPackageId eq '{id}' ...)]`. */
  | { kind: "accessPackageAssignments"; accessPackageId: string | null; assignmentPolicyId: string | null }
  | { kind: "unsupported"; query: string };

const GROUP_MEMBERS = /^(?:\/v1\.0|\/beta)?\/groups\/([^/?]+)\/(?:transitiveMembers|members)(?:\/microsoft\.graph\.user)?\/?(?:\?(.*))?$/i;
const PIM_GROUP = /^(?:\/v1\.0|\/beta)?\/identityGovernance\/privilegedAccess\/group\/eligibilitySchedules\?(.*)$/i;
const PACKAGE_ASSIGNMENTS = /^(?:\/v1\.0|\/beta)?\/identityGovernance\/entitlementManagement\/(?:accessPackageAssignments|assignments)\/?(?:\?(.*))?$/i;

function quoted(text: string, name: string): string | null {
  const m = new RegExp(`${name}\\s+eq\\s+'([^']+)'`, "i").exec(decodeURIComponent(text));
  return m ? m[1]! : null;
}

/** The review target of a scope object (`accessReviewQueryScope` or kin). */
export function reviewTargetOf(scope: Record<string, unknown>): ReviewTarget {
  const query = typeof scope.query === "string" ? scope.query : "";
  const group = GROUP_MEMBERS.exec(query);
  if (group) return { kind: "groupMembership", groupId: group[1]!, guestsOnly: /userType\s+eq\s+'Guest'/i.test(decodeURIComponent(group[2] ?? "")) };
  const pim = PIM_GROUP.exec(query);
  const pimGroupId = pim ? quoted(pim[1]!, "groupId") : null;
  if (pim && pimGroupId) return { kind: "pimGroupEligibility", groupId: pimGroupId, accessId: quoted(pim[1]!, "accessId") === "owner" ? "owner" : "member" };
  const pkg = PACKAGE_ASSIGNMENTS.exec(query);
  if (pkg) {
    const filter = pkg[1] ?? "";
    return { kind: "accessPackageAssignments", accessPackageId: quoted(filter, "accessPackageId"), assignmentPolicyId: quoted(filter, "assignmentPolicyId") };
  }
  return { kind: "unsupported", query };
}

/** The user ids a target covers right now, in the order the directory lists them. */
export function principalsInScope(state: TenantState, target: ReviewTarget): string[] {
  switch (target.kind) {
    case "groupMembership": {
      const group = state.groups.get(target.groupId);
      if (!group) return [];
      return group.memberIds.filter((id) => {
        const user = state.users.get(id);
        return user !== undefined && (!target.guestsOnly || user.userType === "Guest");
      });
    }
    case "pimGroupEligibility":
      return unique(
        state.eligibilities
          .all()
          .filter((e) => e.groupId === target.groupId && e.accessId === target.accessId)
          .map((e) => e.principalId),
      );
    case "accessPackageAssignments":
      return unique(
        (target.accessPackageId ? state.assignments.by("accessPackageId", target.accessPackageId) : state.assignments.all())
          .filter((a) => (a.state === "delivered" || a.state === "partiallyDelivered") && (!target.assignmentPolicyId || a.assignmentPolicyId === target.assignmentPolicyId))
          .map((a) => a.targetId),
      );
    case "unsupported":
      return [];
  }
}

/** The `resource` and `resourceLink` Graph shows on each decision of a target. */
export function decisionResourceOf(
  state: TenantState,
  target: ReviewTarget,
): Pick<AccessReviewDecisionRecord, "resource" | "resourceLink"> {
  switch (target.kind) {
    case "groupMembership":
    case "pimGroupEligibility": {
      const group = state.groups.get(target.groupId);
      return {
        resource: { "@odata.type": "#microsoft.graph.accessReviewInstanceDecisionItemResource", id: target.groupId, displayName: group?.displayName ?? "", type: "group" },
        resourceLink: `/groups/${target.groupId}`,
      };
    }
    case "accessPackageAssignments": {
      // One resource per review only when the scope names a package; a tenant-wide scope's items differ.
      const pkg = target.accessPackageId ? state.accessPackages.get(target.accessPackageId) : undefined;
      const policy = target.assignmentPolicyId ? state.policies.get(target.assignmentPolicyId) : undefined;
      const resource = {
        "@odata.type": "#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource",
        id: policy?.id ?? pkg?.id ?? "",
        displayName: policy?.displayName ?? pkg?.displayName ?? "",
        type: "AccessPackageAssignmentPolicy",
        accessPackageId: pkg?.id ?? null,
        accessPackageDisplayName: pkg?.displayName ?? null,
      };
      return { resource: resource as AccessReviewDecisionRecord["resource"], resourceLink: null };
    }
    case "unsupported":
      return { resource: { "@odata.type": "#microsoft.graph.accessReviewInstanceDecisionItemResource", id: "", displayName: "", type: null }, resourceLink: null };
  }
}

/** The applyResult values a decision can end with once Entra acts on it. */
export type ApplyResult = AccessReviewDecisionRecord["applyResult"];

/**
 * Carries out a Deny on the reviewed access: removes the group membership, or ends the PIM eligibility
 * or the access package assignment. Approve and DontKnow leave access as it is.
 */
export function removeReviewedAccess(state: TenantState, instance: AccessReviewInstanceRecord, item: AccessReviewDecisionRecord, at: string): ApplyResult {
  const target = reviewTargetOf(instance.scope);
  const principalId = item.principalId;
  switch (target.kind) {
    case "groupMembership": {
      const group = state.groups.get(target.groupId);
      if (!group || !group.memberIds.includes(principalId)) return "AppliedSuccessfullyButObjectNotFound";
      group.memberIds = group.memberIds.filter((id) => id !== principalId);
      return "AppliedSuccessfully";
    }
    case "pimGroupEligibility": {
      const ended = state.eligibilities
        .by("principalId", principalId)
        .filter((e) => e.groupId === target.groupId && e.accessId === target.accessId);
      for (const e of ended) state.eligibilities.delete(e.id);
      return ended.length > 0 ? "AppliedSuccessfully" : "AppliedSuccessfullyButObjectNotFound";
    }
    case "accessPackageAssignments": {
      // The item's resource names its package when the scope does not (tenant-wide package reviews).
      const resource = item.resource as { accessPackageId?: unknown };
      const packageId = target.accessPackageId ?? (typeof resource.accessPackageId === "string" ? resource.accessPackageId : null);
      const live = state.assignments
        .by("targetId", principalId)
        .filter((a) => a.accessPackageId === packageId && a.state !== "expired");
      for (const a of live) {
        a.state = "expired";
        a.status = "Expired";
        a.expiredDateTime = at;
      }
      return live.length > 0 ? "AppliedSuccessfully" : "AppliedSuccessfullyButObjectNotFound";
    }
    case "unsupported":
      return "ApplyNotSupported";
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
