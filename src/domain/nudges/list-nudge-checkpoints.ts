import { listApprovalStageCheckpoints } from "./approval-stage-checkpoints.js";
import { listAssignmentExpiryCheckpoints } from "./assignment-expiry-checkpoints.js";
import type { NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { ClockTime } from "./nudge-preferences.js";
import type { NudgeSubject } from "./nudge-subject.js";
import { listOwnerDigestCheckpoints } from "./owner-digest-checkpoints.js";
import { listPimActivationCheckpoints } from "./pim-activation-checkpoints.js";
import { listPimApprovalCheckpoints } from "./pim-approval-checkpoints.js";
import { listReviewInstanceCheckpoints } from "./review-instance-checkpoints.js";

/** What checkpoints may depend on besides the subject. */
export interface CheckpointContext {
  /** The recipient's zone, for checkpoints set by their wall clock (the last morning, the digest). */
  readonly timeZone: string;
  /** The start of the working day, "09:00": the last morning of a review, the owner's digest. */
  readonly morning: ClockTime;
  readonly now: Date;
}

/** A subject's checkpoints for one recipient, in time order. */
export function listNudgeCheckpoints(subject: NudgeSubject, context: CheckpointContext): NudgeCheckpoint[] {
  switch (subject.kind) {
    case "approvalStage":
      return listApprovalStageCheckpoints(subject);
    case "reviewInstance":
      return listReviewInstanceCheckpoints(subject, context.timeZone, context.morning);
    case "pimApproval":
      return listPimApprovalCheckpoints(subject);
    case "pimActivation":
      return listPimActivationCheckpoints(subject);
    case "assignmentExpiry":
      return listAssignmentExpiryCheckpoints(subject);
    case "ownerDigest":
      return listOwnerDigestCheckpoints(subject, context.timeZone, context.morning, context.now);
  }
}
