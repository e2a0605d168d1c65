import type { AccessAssignment } from "../model/access-assignment.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/** What the person did with the warning, if anything yet. */
export type ExpiryChoice = { kind: "none" } | { kind: "letExpire" } | { kind: "cannotExtend"; why: string };

/**
 * Template data for `adaptiveCards/expiry-warning.json`: access ends soon, with "Extend" (a follow-up
 * request Entra allows for that policy, filed as the person) and "Let it expire".
 */
export function expiryWarningView(
  assignment: AccessAssignment,
  context: { now: Date; timeZone: string; canExtend: boolean; justificationRequired: boolean; choice: ExpiryChoice; error?: string },
): Record<string, unknown> {
  const end = assignment.end;
  const left = end ? formatTimeLeft(end.getTime() - context.now.getTime()) : "";
  const ended = end !== null && end.getTime() <= context.now.getTime();
  const notes: string[] = [];
  let headline = end ? `It ends ${formatInstant(end, context.timeZone)} (${left} left).` : "It has no end date.";
  let canExtend = context.canExtend && !ended;
  if (ended) headline = `It ended ${formatInstant(end!, context.timeZone)}.`;
  if (context.choice.kind === "letExpire") {
    canExtend = false;
    notes.push("OK, I'll let it end. Ask again any time you need it.");
  } else if (context.choice.kind === "cannotExtend") {
    canExtend = false;
    notes.push(context.choice.why);
  } else if (canExtend) {
    notes.push("Extending files a new request in Entra; it may need approval again.");
  }
  return {
    assignmentId: assignment.id,
    title: ended ? `Your ${assignment.packageDisplayName} access has ended` : `Your ${assignment.packageDisplayName} access ends soon`,
    titleColor: ended ? "Default" : "Warning",
    headline,
    notes,
    canExtend,
    justificationLabel: context.justificationRequired ? "Why do you need more time? (required)" : "Why do you need more time? (optional)",
    error: context.error ?? "",
  };
}
