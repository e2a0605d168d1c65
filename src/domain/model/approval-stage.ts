/** Where one approval stage of a request stands (Graph's `approvalStage.status`). */
export type ApprovalStageStatus = "NotStarted" | "InProgress" | "Completed" | "Expired";

/** An approver's decision on a stage; `NotReviewed` until someone decides. */
export type ApprovalReviewResult = "NotReviewed" | "Approve" | "Deny";

/** One stage of a request's approval, as its approvers read it from Entra. */
export interface ApprovalStage {
  /** Entra's id of the stage, needed to record a decision on it. */
  readonly id: string;
  /** 0-based position among the request's stages (stage 1 is index 0). */
  readonly index: number;
  readonly status: ApprovalStageStatus;
  readonly reviewResult: ApprovalReviewResult;
  readonly reviewedBy: { readonly userId: string; readonly displayName: string } | null;
  readonly reviewedAt: Date | null;
  /** The approver's reason; null when they gave none. */
  readonly justification: string | null;
  /** Whether the person who read the stage may decide it (or decided it). */
  readonly assignedToMe: boolean;
}
