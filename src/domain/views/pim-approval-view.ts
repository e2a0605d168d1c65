import type { PimPhase, PimRequest } from "../model/pim-request.js";
import { formatDuration } from "../time/format-duration.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/** Who looks at a PIM approval card, and what happened on their last click. */
export interface PimApprovalViewer {
  readonly userId: string;
  readonly timeZone: string;
  /** Entra lists the viewer as an approver of this request (never true for its requester). */
  readonly isApprover: boolean;
  /** A problem after the viewer's click (a missing reason, a refusal), shown on the card. */
  readonly error?: string;
  /** A plain remark after the viewer's click ("Your decision is being recorded."). */
  readonly notice?: string;
  /** What the viewer typed as their reason, kept when the card comes back with an error. */
  readonly typedJustification?: string;
}

/** What else the card shows: the time, and who may decide (by name). */
export interface PimApprovalContext {
  readonly now: Date;
  readonly approverNames: readonly string[];
}

const HOUR = 3_600_000;

/**
 * Template data for `adaptiveCards/pim-approval.json`: one approver's card for one PIM activation
 * request. While it waits, its approvers get Approve and Deny with a reason (Entra requires one for PIM)
 * and the deadline in their own time zone with the time left; once anyone decides, or the request is
 * canceled or lapses, every card says so plainly instead of offering buttons.
 */
export function pimApprovalView(request: PimRequest, phase: PimPhase, viewer: PimApprovalViewer, context: PimApprovalContext): Record<string, unknown> {
  const at = (d: Date) => formatInstant(d, viewer.timeZone, "en-GB", { now: context.now });
  const requester = request.principalName || "Someone";
  const firstName = requester.split(/\s+/)[0] ?? requester;
  const t = request.target;

  const facts: { title: string; value: string }[] = [{ title: "Requester", value: requester }];
  if (t.kind === "role") {
    facts.push({ title: "Role", value: t.roleName || t.roleDefinitionId });
    if (t.directoryScopeId && t.directoryScopeId !== "/") facts.push({ title: "Scope", value: t.directoryScopeId });
  } else {
    facts.push({ title: "Group", value: t.groupName || t.groupId });
    facts.push({ title: "Access", value: t.accessId === "owner" ? "Owner" : "Member" });
  }
  facts.push({ title: "For", value: request.durationMs !== null ? formatDuration(request.durationMs) : "as long as the PIM setting allows" });
  const startsLater = request.start !== null && request.start.getTime() > context.now.getTime();
  if (phase.phase === "waiting") facts.push({ title: "Starts", value: startsLater ? at(request.start!) : "As soon as it's approved" });
  if (request.ticket) facts.push({ title: "Ticket", value: request.ticket.system ? `${request.ticket.number} (${request.ticket.system})` : request.ticket.number });
  facts.push({ title: "Asked", value: at(request.createdAt) });

  const canDecide = phase.phase === "waiting" && viewer.isApprover && viewer.userId !== request.principalId;
  let headline = "";
  let headlineColor = "Default";
  const notes: string[] = [];
  let outcome = "";
  let outcomeReason = "";
  let outcomeStyle = "emphasis";

  switch (phase.phase) {
    case "waiting": {
      const left = phase.deadline.getTime() - context.now.getTime();
      facts.push({ title: "Deadline", value: at(phase.deadline) });
      if (context.approverNames.length > 0) facts.push({ title: "Approvers", value: context.approverNames.join(", ") });
      headline = `Decide by ${at(phase.deadline)} (${formatTimeLeft(left)} left): Entra gives approvers 24 hours, then cancels the request.`;
      headlineColor = left <= 2 * HOUR ? "Attention" : "Warning";
      if (viewer.userId === request.principalId) {
        outcome = "This is your own request: one of its approvers decides it.";
      } else if (!viewer.isApprover) {
        outcome = "Only this request's approvers can decide it; you can read it, but not change it.";
      }
      break;
    }
    case "approved":
      outcome = phase.by ? `Approved by ${phase.by.displayName}${phase.at ? ` on ${at(phase.at)}` : ""}` : "Approved in Entra: no decision is needed from you any more.";
      outcomeReason = phase.reason ?? "";
      outcomeStyle = "good";
      break;
    case "denied":
      outcome = phase.by ? `Denied by ${phase.by.displayName}${phase.at ? ` on ${at(phase.at)}` : ""}` : "Denied in Entra: no decision is needed from you any more.";
      outcomeReason = phase.reason ?? "";
      outcomeStyle = "attention";
      break;
    case "timedOut":
      outcome = `Expired without a decision: nobody approved it within Entra's 24 hours (it lapsed ${at(phase.at)}).`;
      notes.push(`${firstName} can ask again in PIM if it's still needed.`);
      break;
    case "canceled":
      outcome = `${requester} canceled this request${phase.at ? ` on ${at(phase.at)}` : ""}: there's nothing to decide.`;
      break;
    case "failed":
      outcome = "Entra couldn't activate it (the request failed): there's nothing to decide.";
      outcomeStyle = "attention";
      break;
    case "other":
      outcome = `Entra shows this request as "${phase.status}": there's nothing to decide.`;
      break;
  }

  return {
    requestId: request.id,
    kind: request.kind,
    title: pimApprovalTitle(request),
    badge: t.kind === "role" ? "Entra role" : "PIM for Groups",
    headline,
    headlineColor,
    notes,
    facts,
    reason: request.justification ?? "(no reason given)",
    outcome,
    outcomeReason,
    outcomeStyle,
    canDecide,
    justificationLabel: "Your reason (required: Entra records it with your decision)",
    justificationValue: canDecide ? (viewer.typedJustification ?? "") : "",
    requesterFirstName: firstName,
    notice: viewer.notice ?? "",
    error: viewer.error ?? "",
  };
}

/** "Raj Kumar asks to activate Privileged Role Administrator", "Amelia Walker asks to join AI Platform Admins". */
export function pimApprovalTitle(request: PimRequest): string {
  const requester = request.principalName || "Someone";
  const t = request.target;
  if (t.kind === "role") return `${requester} asks to activate ${t.roleName || "an Entra role"}`;
  const group = t.groupName || "a group";
  return t.accessId === "owner" ? `${requester} asks for ownership of ${group}` : `${requester} asks to join ${group}`;
}
