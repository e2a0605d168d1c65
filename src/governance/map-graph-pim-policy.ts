import type { SubjectSet, UnifiedApprovalStage, UnifiedRoleManagementPolicy, UnifiedRoleManagementPolicyAssignment, UnifiedRoleManagementPolicyRule } from "@microsoft/microsoft-graph-types";

/** Who a PIM setting names as approvers of activations. */
export type PimApproverRef = { readonly kind: "user"; readonly userId: string } | { readonly kind: "group"; readonly groupId: string };

/** What a role's (or a group's member/owner) PIM setting says about approving activations. */
export interface PimApprovalRule {
  readonly isApprovalRequired: boolean;
  readonly approvers: readonly PimApproverRef[];
}

/** A policy assignment read with `$expand=policy($expand=rules)`. */
export type GraphPolicyAssignment = UnifiedRoleManagementPolicyAssignment & { policy?: (UnifiedRoleManagementPolicy & { rules?: UnifiedRoleManagementPolicyRule[] | null }) | null };

type ApprovalRuleJson = UnifiedRoleManagementPolicyRule & {
  "@odata.type"?: string;
  setting?: { isApprovalRequired?: boolean | null; approvalStages?: UnifiedApprovalStage[] | null } | null;
  target?: { caller?: string | null; level?: string | null } | null;
};

type SubjectSetJson = SubjectSet & { "@odata.type"?: string; userId?: string | null; groupId?: string | null; id?: string | null };

const NO_APPROVAL: PimApprovalRule = { isApprovalRequired: false, approvers: [] };

/**
 * The activation approval rule of a policy: the rule Entra calls `Approval_EndUser_Assignment` (found by
 * its type and end-user target when the id differs). PIM approvals have one stage; its primary approvers
 * are single users or group members. v1.0 writes a user's id as `userId`, beta as `id`: both are read.
 */
export function readPimApprovalRule(assignments: readonly GraphPolicyAssignment[]): PimApprovalRule {
  const rules = assignments.flatMap((a) => a.policy?.rules ?? []) as ApprovalRuleJson[];
  const rule =
    rules.find((r) => r.id?.toLowerCase() === "approval_enduser_assignment") ??
    rules.find((r) => /approvalrule$/i.test(r["@odata.type"] ?? "") && r.target?.caller === "EndUser" && r.target?.level === "Assignment");
  const setting = rule?.setting;
  if (!setting?.isApprovalRequired) return NO_APPROVAL;
  const approvers: PimApproverRef[] = [];
  for (const subject of (setting.approvalStages ?? []).flatMap((s) => s.primaryApprovers ?? []) as SubjectSetJson[]) {
    const type = (subject["@odata.type"] ?? "").toLowerCase();
    if (type.endsWith("singleuser")) {
      const userId = subject.userId ?? subject.id;
      if (userId) approvers.push({ kind: "user", userId });
    } else if (type.endsWith("groupmembers")) {
      const groupId = subject.groupId ?? subject.id;
      if (groupId) approvers.push({ kind: "group", groupId });
    }
  }
  return { isApprovalRequired: true, approvers };
}
