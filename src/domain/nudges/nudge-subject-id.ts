import type { NudgeSubject } from "./nudge-subject.js";

/**
 * The stable id of what a nudge is about, derived from Entra's ids only, so every pass and every bot
 * instance computes the same nudge keys. Separators are `/`, never `:` (the key's separator).
 */
export function nudgeSubjectId(subject: NudgeSubject): string {
  switch (subject.kind) {
    case "approvalStage":
      return `${subject.requestId}/${subject.stageIndex}`;
    case "reviewInstance":
      return subject.instanceId;
    case "pimApproval":
    case "pimActivation":
      return subject.requestId;
    case "assignmentExpiry":
      // An extension keeps the assignment's id and moves its end: the new end deserves a new warning.
      return `${subject.assignmentId}/${compactInstant(subject.end)}`;
    case "ownerDigest":
      return `${subject.ownerId}/${subject.period}`;
  }
}

/** "2025-03-04T17:00:00.000Z" as "20250304T170000Z": readable, sortable, and free of ":". */
function compactInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}/, "").replace(/[-:]/g, "");
}
