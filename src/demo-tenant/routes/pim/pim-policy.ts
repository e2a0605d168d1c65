import { parseIsoDuration } from "../../clock/iso-duration.js";
import type { RoleManagementPolicyRecord, SubjectSet } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/** What a PIM role or group setting says about activation, in the terms the Entra admin centre uses. */
export interface PimPolicySettings {
  /** Longest activation an end user may request (Entra allows 30 minutes to 24 hours; 8 hours is the default). */
  maxActivation: string;
  requireJustification: boolean;
  requireMfa: boolean;
  requireTicket: boolean;
  requireApproval: boolean;
  /** Who approves activations when approval is required (single stage, as Entra PIM supports). */
  approvers: SubjectSet[];
  /** Longest eligible assignment an admin may make; null means eligibilities may be permanent. */
  maxEligibility: string | null;
  /** Longest active assignment an admin may make; null means active assignments may be permanent. */
  maxActiveAssignment: string | null;
  requireAdminJustification: boolean;
}

/** Entra's out-of-the-box role setting: 8 hours, MFA and justification, no approval. */
export const DEFAULT_PIM_POLICY: PimPolicySettings = {
  maxActivation: "PT8H",
  requireJustification: true,
  requireMfa: true,
  requireTicket: false,
  requireApproval: false,
  approvers: [],
  maxEligibility: "P365D",
  maxActiveAssignment: "P180D",
  requireAdminJustification: true,
};

type Caller = "Admin" | "EndUser";
type Level = "Eligibility" | "Assignment";

function target(caller: Caller, level: Level): Record<string, unknown> {
  return { caller, operations: ["all"], level, inheritableSettings: [], enforcedSettings: [] };
}

function notificationRules(caller: Caller, level: Level): Record<string, unknown>[] {
  return (["Admin", "Requestor", "Approver"] as const).map((recipientType) => ({
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
    id: `Notification_${recipientType}_${caller}_${level}`,
    notificationType: "Email",
    recipientType,
    notificationLevel: "All",
    isDefaultRecipientsEnabled: true,
    notificationRecipients: [],
    target: target(caller, level),
  }));
}

/**
 * The rules of a role management policy exactly as Entra lists them (ids such as
 * `Expiration_EndUser_Assignment`, real `@odata.type`s), generated from the admin-centre settings.
 */
export function buildPolicyRules(s: PimPolicySettings): Record<string, unknown>[] {
  const endUserEnabled = [
    ...(s.requireMfa ? ["MultiFactorAuthentication"] : []),
    ...(s.requireJustification ? ["Justification"] : []),
    ...(s.requireTicket ? ["Ticketing"] : []),
  ];
  return [
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_Admin_Eligibility",
      isExpirationRequired: s.maxEligibility !== null,
      maximumDuration: s.maxEligibility ?? "P365D",
      target: target("Admin", "Eligibility"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_Admin_Eligibility",
      enabledRules: [],
      target: target("Admin", "Eligibility"),
    },
    ...notificationRules("Admin", "Eligibility"),
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_Admin_Assignment",
      isExpirationRequired: s.maxActiveAssignment !== null,
      maximumDuration: s.maxActiveAssignment ?? "P180D",
      target: target("Admin", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_Admin_Assignment",
      enabledRules: s.requireAdminJustification ? ["Justification"] : [],
      target: target("Admin", "Assignment"),
    },
    ...notificationRules("Admin", "Assignment"),
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_EndUser_Assignment",
      isExpirationRequired: true,
      maximumDuration: s.maxActivation,
      target: target("EndUser", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_EndUser_Assignment",
      enabledRules: endUserEnabled,
      target: target("EndUser", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
      id: "Approval_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      setting: {
        isApprovalRequired: s.requireApproval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: s.requireApproval ? "SingleStage" : "NoApproval",
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: s.approvers,
            escalationApprovers: [],
          },
        ],
      },
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
      id: "AuthenticationContext_EndUser_Assignment",
      isEnabled: false,
      claimValue: null,
      target: target("EndUser", "Assignment"),
    },
    ...notificationRules("EndUser", "Assignment"),
  ];
}

/** Where a PIM request points: a directory role at a scope, or a group's membership or ownership. */
export type PimTarget =
  | { kind: "role"; roleDefinitionId: string; directoryScopeId: string }
  | { kind: "group"; groupId: string; accessId: "member" | "owner" };

/** The policy governing a role or group access; Entra has one for every role and every onboarded group. */
export function policyFor(state: TenantState, t: PimTarget): RoleManagementPolicyRecord | undefined {
  for (const policy of state.roleManagementPolicies.values()) {
    if (t.kind === "role" && policy.scopeType === "DirectoryRole" && policy.roleDefinitionId === t.roleDefinitionId) return policy;
    if (t.kind === "group" && policy.scopeType === "Group" && policy.scopeId === t.groupId && policy.roleDefinitionId === t.accessId) {
      return policy;
    }
  }
  return undefined;
}

function rule(policy: RoleManagementPolicyRecord | undefined, id: string): Record<string, any> | undefined {
  return policy?.rules.find((r) => String(r.id).toLowerCase() === id.toLowerCase()) as Record<string, any> | undefined;
}

/** The rules an activation (or an admin assignment) is checked against, read from the policy's rules. */
export interface EffectiveRules {
  maximumDurationMs: number;
  maximumDuration: string;
  isExpirationRequired: boolean;
  enabledRules: string[];
  isApprovalRequired: boolean;
  primaryApprovers: SubjectSet[];
}

/** Reads the end-user (activation) or admin (assignment) rules, falling back to Entra's defaults. */
export function effectiveRules(policy: RoleManagementPolicyRecord | undefined, caller: Caller): EffectiveRules {
  const expiration = rule(policy, `Expiration_${caller}_Assignment`);
  const enablement = rule(policy, `Enablement_${caller}_Assignment`);
  const approval = caller === "EndUser" ? rule(policy, "Approval_EndUser_Assignment") : undefined;
  const fallback = caller === "EndUser" ? DEFAULT_PIM_POLICY.maxActivation : (DEFAULT_PIM_POLICY.maxActiveAssignment ?? "P180D");
  const maximumDuration = typeof expiration?.maximumDuration === "string" ? expiration.maximumDuration : fallback;
  const setting = approval?.setting as { isApprovalRequired?: boolean; approvalStages?: { primaryApprovers?: SubjectSet[] }[] } | undefined;
  return {
    maximumDuration,
    maximumDurationMs: parseIsoDuration(maximumDuration),
    isExpirationRequired: expiration ? expiration.isExpirationRequired === true : caller === "EndUser",
    enabledRules: Array.isArray(enablement?.enabledRules)
      ? (enablement.enabledRules as string[])
      : caller === "EndUser"
        ? ["MultiFactorAuthentication", "Justification"]
        : ["Justification"],
    isApprovalRequired: setting?.isApprovalRequired === true,
    primaryApprovers: setting?.approvalStages?.[0]?.primaryApprovers ?? [],
  };
}
