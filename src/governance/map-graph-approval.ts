import type { ApprovalStage as GraphApprovalStage } from "@microsoft/microsoft-graph-types";
import type { ApprovalReviewResult, ApprovalStage, ApprovalStageStatus } from "../domain/model/approval-stage.js";
import { readGraphDate } from "./read-graph-date.js";

const STATUSES: readonly ApprovalStageStatus[] = ["NotStarted", "InProgress", "Completed", "Expired"];

/** One approval stage (Graph's `approvalStage`) at its position among the request's stages. */
export function mapApprovalStage(json: GraphApprovalStage, index: number): ApprovalStage {
  const reviewer = json.reviewedBy;
  return {
    id: json.id ?? "",
    index,
    status: STATUSES.find((s) => s.toLowerCase() === json.status?.toLowerCase()) ?? "NotStarted",
    reviewResult: reviewResultOf(json.reviewResult),
    reviewedBy: reviewer?.id ? { userId: reviewer.id, displayName: reviewer.displayName ?? "" } : null,
    reviewedAt: readGraphDate(json.reviewedDateTime),
    // Graph answers an empty string for "no justification".
    justification: json.justification?.trim() || null,
    assignedToMe: json.assignedToMe === true,
  };
}

function reviewResultOf(text: string | null | undefined): ApprovalReviewResult {
  const value = text?.toLowerCase();
  if (value === "approve" || value === "approved") return "Approve";
  if (value === "deny" || value === "denied") return "Deny";
  return "NotReviewed";
}
