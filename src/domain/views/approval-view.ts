import type { AccessRequest } from "../model/access-request.js";
import type { RiskTier } from "../model/access-package-offer.js";
import type { RequestProgress } from "../requests/describe-request-progress.js";
import { formatDuration } from "../time/format-duration.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";
import { riskBadge } from "./risk-badge.js";
import type { NameOf } from "./request-status-view.js";

/** Where the viewer stands with respect to one stage of one request. */
export interface ApprovalViewer {
  userId: string;
  timeZone: string;
  /** The stage this card is about (0-based) and its Entra id. */
  stageIndex: number;
  stageId: string;
  /** The viewer may decide it now (a current approver of the stage in progress). */
  canDecide: boolean;
  /** Why the viewer was asked: fallback or escalation approvers are told so. */
  reasonAsked: "primary" | "fallbackPrimary" | "escalation" | "fallbackEscalation";
  /** A stage decision, when this stage is already decided. */
  stageOutcome: { result: "Approve" | "Deny"; byName: string; at: Date; justification: string | null } | null;
  /** A problem to show on the card after the viewer's click (e.g. a missing justification). */
  error?: string;
}

export interface ApprovalFacts {
  riskTier: RiskTier;
  grants: string;
  stageCount: number;
  isApproverJustificationRequired: boolean;
  questions: ReadonlyMap<string, string>;
}

/**
 * Template data for `adaptiveCards/approval.json`: one approver's card for one stage. Every approver
 * of the stage sees the outcome once anyone decides; an outdated card (decided, canceled, denied by
 * Entra at the deadline, delivered) says so instead of offering buttons.
 */
export function approvalView(
  request: AccessRequest,
  progress: RequestProgress,
  facts: ApprovalFacts,
  viewer: ApprovalViewer,
  context: { now: Date; nameOf: NameOf },
): Record<string, unknown> {
  const at = (d: Date) => formatInstant(d, viewer.timeZone);
  const requester = request.targetDisplayName || context.nameOf(request.targetUserId);
  const requested =
    request.schedule.end && request.schedule.start
      ? formatDuration(request.schedule.end.getTime() - request.schedule.start.getTime())
      : request.requestedExpiration?.kind === "afterDuration"
        ? formatDuration(request.requestedExpiration.durationMs)
        : "as the policy sets";
  const rows = [
    { title: "Requester", value: requester },
    { title: "Package", value: request.packageDisplayName },
    { title: "Grants", value: facts.grants },
    { title: "For", value: requested },
    { title: "Stage", value: `${viewer.stageIndex + 1} of ${facts.stageCount}` },
  ];
  const notes: string[] = [];
  if (viewer.reasonAsked === "fallbackPrimary") notes.push("You're asked as a fallback approver: the usual approver could not be found.");
  if (viewer.reasonAsked === "escalation" || viewer.reasonAsked === "fallbackEscalation") {
    notes.push("Escalated to you: the first approvers did not decide in time.");
  }

  let headline = "";
  let headlineColor = "Default";
  let outcome = "";
  let outcomeReason = "";
  let outcomeStyle = "emphasis";
  if (viewer.stageOutcome) {
    const o = viewer.stageOutcome;
    outcome = `${o.result === "Approve" ? "Approved" : "Denied"} by ${o.byName} on ${at(o.at)}`;
    outcomeReason = o.justification ?? "";
    outcomeStyle = o.result === "Approve" ? "good" : "attention";
  } else if (progress.phase === "waiting" && progress.stageIndex === viewer.stageIndex) {
    headline = `Decide by ${at(progress.autoDenyAt)} (${formatTimeLeft(progress.autoDenyAt.getTime() - context.now.getTime())} left), or Entra denies it automatically.`;
    headlineColor = "Warning";
    rows.push({ title: "Deadline", value: at(progress.autoDenyAt) });
  } else if (progress.phase === "denied" && progress.automatic) {
    outcome = "Denied automatically by Entra: nobody decided before the deadline.";
    outcomeStyle = "attention";
  } else if (progress.phase === "canceled") {
    outcome = `${requester} canceled this request.`;
  } else if (progress.phase === "denied") {
    outcome = `Denied by ${progress.by?.displayName ?? "an approver"}.`;
    outcomeReason = progress.reason ?? "";
    outcomeStyle = "attention";
  } else if (progress.phase === "delivered" || progress.phase === "delivering" || progress.phase === "expired") {
    outcome = "Approved: no decision is needed from you any more.";
    outcomeStyle = "good";
  } else if (!viewer.canDecide) {
    outcome = "You can't decide this stage.";
  }
  return {
    requestId: request.id,
    stageId: viewer.stageId,
    title: `${requester} asks for ${request.packageDisplayName}`,
    ...riskBadge(facts.riskTier),
    headline,
    headlineColor,
    notes,
    facts: rows,
    reason: request.justification || "(no reason given)",
    answers: request.answers.map((a) => ({ question: facts.questions.get(a.questionId) ?? "Answer", answer: a.displayValue || a.value })),
    outcome,
    outcomeReason,
    outcomeStyle,
    canDecide: viewer.canDecide && viewer.stageOutcome === null,
    justificationLabel: facts.isApproverJustificationRequired ? "Your reason (required)" : "Your reason (optional)",
    requesterFirstName: requester.split(/\s+/)[0] ?? requester,
    error: viewer.error ?? "",
  };
}
