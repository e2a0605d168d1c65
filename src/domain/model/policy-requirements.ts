import type { AssignmentExpiration } from "./assignment-expiration.js";
import type { PolicyQuestion } from "./policy-question.js";

/**
 * What one assignment policy asks of a requester and what it grants: the domain's reading of
 * `getApplicablePolicyRequirements` plus the policy's approval settings, independent of Graph's JSON.
 */
export interface PolicyRequirements {
  readonly policyId: string;
  readonly displayName: string;
  readonly description: string;
  /** True when at least one person must approve (Graph's `isApprovalRequiredForAdd`). */
  readonly isApprovalRequired: boolean;
  /** Number of approval stages (0 when no approval is required; Entra allows up to 3). */
  readonly approvalStageCount: number;
  /** Who approves, in words, e.g. "your manager, then the app owner". Empty when nobody does. */
  readonly approverSummary: string;
  readonly isRequestorJustificationRequired: boolean;
  /** Whether the requester may choose their own window; when false the policy's expiration applies as is. */
  readonly allowCustomAssignmentSchedule: boolean;
  /** The longest (or, without a custom schedule, the only) access the policy grants. */
  readonly expiration: AssignmentExpiration;
  readonly questions: readonly PolicyQuestion[];
}
