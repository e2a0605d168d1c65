import { expiryWarningLead } from "./expiry-warning-lead.js";
import { arrangeCadence, type NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { AssignmentExpirySubject } from "./nudge-subject.js";

/** One warning before an assignment expires, as far ahead as `EXPIRY_WARNING_LEADS` says for its length. */
export function listAssignmentExpiryCheckpoints(subject: AssignmentExpirySubject): NudgeCheckpoint[] {
  const end = subject.end.getTime();
  const lead = expiryWarningLead(end - subject.start.getTime());
  return arrangeCadence({
    start: subject.start,
    deadline: subject.end,
    beforeDeadline: [{ window: "expiryWarning", at: new Date(end - lead.leadMs), urgency: lead.urgency }],
  });
}
