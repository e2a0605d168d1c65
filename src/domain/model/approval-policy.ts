/**
 * Who may approve a stage, as an assignment policy names them (Graph's subject sets). Sponsors and
 * managers are relative to the person the request is for.
 */
export type ApproverRef =
  | { readonly kind: "user"; readonly userId: string }
  | { readonly kind: "groupMembers"; readonly groupId: string }
  /** `level` 1 is the manager, 2 the manager's manager (Entra allows 1 and 2). */
  | { readonly kind: "requestorManager"; readonly level: number }
  | { readonly kind: "internalSponsors" }
  | { readonly kind: "externalSponsors" }
  | { readonly kind: "targetUserSponsors" };

/** One approval stage of a policy (Graph's `accessPackageApprovalStage`), durations in milliseconds. */
export interface StagePolicy {
  /** How long the stage waits for a decision before Entra denies the request. */
  readonly durationBeforeAutomaticDenialMs: number;
  readonly isApproverJustificationRequired: boolean;
  readonly isEscalationEnabled: boolean;
  /** How long the primary approvers have alone before escalation approvers join (0 without escalation). */
  readonly durationBeforeEscalationMs: number;
  readonly primaryApprovers: readonly ApproverRef[];
  /** Asked instead of the primary approvers when those resolve to nobody (no manager, say). */
  readonly fallbackPrimaryApprovers: readonly ApproverRef[];
  /** Asked as well as the primary approvers once the stage escalates. */
  readonly escalationApprovers: readonly ApproverRef[];
  readonly fallbackEscalationApprovers: readonly ApproverRef[];
}

/** The approval side of an assignment policy (Graph's `requestApprovalSettings`). */
export interface ApprovalPolicy {
  readonly policyId: string;
  /** Whether a person's request to add access needs approval (`isApprovalRequiredForAdd`). */
  readonly isApprovalRequired: boolean;
  /** Whether a person's request to extend or change access needs approval (`isApprovalRequiredForUpdate`). */
  readonly isApprovalRequiredForUpdate: boolean;
  readonly isRequestorJustificationRequired: boolean;
  readonly stages: readonly StagePolicy[];
}
