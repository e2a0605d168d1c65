import type { NudgeKind } from "./nudge-subject.js";
import type { NudgeWindow } from "./planned-nudge.js";

/**
 * The idempotency key of a nudge: one per recipient, subject, kind and window, so claiming it in the
 * store makes the nudge happen once however many passes or bot instances plan it.
 */
export function nudgeKey(kind: NudgeKind, subjectId: string, recipientId: string, window: NudgeWindow): string {
  return `nudge:${kind}:${subjectId}:${recipientId}:${window}`;
}
