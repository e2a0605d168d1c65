import { arrangeCadence, type NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { PimApprovalSubject } from "./nudge-subject.js";

const HOUR = 3_600_000;

/** How long PIM approvers have before Entra times an activation request out. */
export const PIM_APPROVAL_WINDOW_MS = 24 * HOUR;

/** When Entra times out a PIM activation request nobody approved. */
export function pimApprovalDeadline(createdAt: Date): Date {
  return new Date(createdAt.getTime() + PIM_APPROVAL_WINDOW_MS);
}

/** A PIM approval's cadence within its 24 hours: at posting, with 12 hours left, with 2 hours left. */
export function listPimApprovalCheckpoints(subject: PimApprovalSubject): NudgeCheckpoint[] {
  const deadline = pimApprovalDeadline(subject.createdAt);
  return arrangeCadence({
    start: subject.createdAt,
    deadline,
    // Every PIM approval is a day long: it is "soon" from the moment it is posted.
    fromStart: [{ window: "posted", at: subject.createdAt, urgency: "soon" }],
    beforeDeadline: [
      { window: "twelveHoursLeft", at: new Date(deadline.getTime() - 12 * HOUR), urgency: "soon" },
      { window: "twoHoursLeft", at: new Date(deadline.getTime() - 2 * HOUR), urgency: "urgent" },
    ],
  });
}
