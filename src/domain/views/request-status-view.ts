import type { AccessRequest } from "../model/access-request.js";
import type { RequestProgress } from "../requests/describe-request-progress.js";
import { formatDuration } from "../time/format-duration.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/** Names for the people a card mentions, looked up by the caller. */
export type NameOf = (userId: string) => string;

interface StatusStyle {
  statusLabel: string;
  statusColor: "Default" | "Accent" | "Good" | "Warning" | "Attention";
}

/**
 * Template data for `adaptiveCards/request-status.json`: the requester's live view of one request,
 * rendered from Entra's state: waiting on which stage (who, until when), delivered (end in their own
 * time zone), denied (with the approver's reason), canceled, expired.
 */
export function requestStatusView(
  request: AccessRequest,
  progress: RequestProgress,
  context: { now: Date; timeZone: string; approversOfStage: readonly string[]; nameOf: NameOf },
): Record<string, unknown> {
  const at = (d: Date) => formatInstant(d, context.timeZone);
  const facts: { title: string; value: string }[] = [];
  const details: string[] = [];
  let headline = "";
  let style: StatusStyle;
  let decisionNote = "";
  let decisionNoteLabel = "";
  switch (progress.phase) {
    case "waiting": {
      style = { statusLabel: "Waiting for approval", statusColor: "Accent" };
      const who = context.approversOfStage.map(context.nameOf).join(", ") || "the approvers";
      headline = progress.stageCount > 1 ? `Waiting on stage ${progress.stageIndex + 1} of ${progress.stageCount}: ${who}` : `Waiting on ${who}`;
      facts.push({ title: "Decide by", value: `${at(progress.autoDenyAt)} (${formatTimeLeft(progress.autoDenyAt.getTime() - context.now.getTime())} left)` });
      if (progress.escalated) details.push("It has been escalated to more approvers because nobody decided in time.");
      details.push("If nobody decides by then, Entra denies it automatically.");
      break;
    }
    case "delivering":
      style = { statusLabel: "Approved", statusColor: "Good" };
      headline = "Approved: Entra is granting your access now.";
      details.push("This usually takes a few minutes.");
      break;
    case "delivered":
      style = { statusLabel: "Active", statusColor: "Good" };
      headline = progress.end ? `Your access is ready until ${at(progress.end)}.` : "Your access is ready.";
      details.push("It can take a few minutes to reach the tool itself: if it does not work yet, try again shortly.");
      if (progress.end) facts.push({ title: "Time left", value: formatTimeLeft(progress.end.getTime() - context.now.getTime()) });
      break;
    case "denied":
      style = { statusLabel: "Denied", statusColor: "Attention" };
      if (!progress.automatic) {
        headline = progress.by ? `Denied by ${progress.by.displayName}.` : "Denied by your approver.";
        if (progress.reason) {
          decisionNote = progress.reason;
          decisionNoteLabel = "Their reason: ";
        }
      } else {
        headline = "Denied automatically: nobody decided before the deadline.";
        details.push("You can ask again, and maybe tell your approver first.");
      }
      break;
    case "canceled":
      style = { statusLabel: "Canceled", statusColor: "Default" };
      headline = "This request was canceled.";
      break;
    case "expired":
      style = { statusLabel: "Expired", statusColor: "Default" };
      headline = `Your access ended ${at(progress.at)}.`;
      break;
    default:
      style = { statusLabel: "Failed", statusColor: "Attention" };
      headline = "Entra could not grant this access.";
      if (progress.phase === "failed" && progress.detail) details.push(progress.detail);
      details.push("Ask the tool's owner or your admin to look at it.");
  }
  const requested =
    request.schedule.end && request.schedule.start
      ? formatDuration(request.schedule.end.getTime() - request.schedule.start.getTime())
      : request.requestedExpiration?.kind === "afterDuration"
        ? formatDuration(request.requestedExpiration.durationMs)
        : "";
  if (requested) facts.unshift({ title: "Requested", value: requested });
  facts.unshift({ title: "Asked", value: at(request.createdAt) });
  return {
    requestId: request.id,
    packageName: request.packageDisplayName,
    ...style,
    headline,
    details,
    facts,
    reason: request.justification ?? "",
    decisionNote,
    decisionNoteLabel,
    canCancel: progress.phase === "waiting",
    updatedAt: at(context.now),
  };
}
