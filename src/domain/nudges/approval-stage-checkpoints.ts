import { arrangeCadence, type NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { ApprovalStageSubject } from "./nudge-subject.js";

const HOUR = 3_600_000;

/**
 * An approval stage's cadence, tightening toward the automatic denial: at posting, halfway, a day
 * before, two hours before; and a notice once it escalated.
 */
export function listApprovalStageCheckpoints(subject: ApprovalStageSubject): NudgeCheckpoint[] {
  const start = subject.startedAt.getTime();
  const deadline = subject.autoDenyAt.getTime();
  const escalation = subject.escalated ? subject.escalationAt : null;
  return arrangeCadence({
    start: subject.startedAt,
    deadline: subject.autoDenyAt,
    fromStart: [
      { window: "posted", at: subject.startedAt, urgency: "routine" },
      { window: "halfway", at: new Date(start + (deadline - start) / 2), urgency: "routine" },
    ],
    beforeDeadline: [
      { window: "dayBefore", at: new Date(deadline - 24 * HOUR), urgency: "soon" },
      { window: "twoHoursBefore", at: new Date(deadline - 2 * HOUR), urgency: "urgent" },
    ],
    events: escalation === null ? [] : [{ window: "escalated", at: escalation, urgency: "soon" }],
  });
}
