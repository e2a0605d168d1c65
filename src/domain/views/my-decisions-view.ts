import type { AccessRequest } from "../model/access-request.js";
import type { ReviewInstance } from "../model/access-review.js";
import type { PimRequest } from "../model/pim-request.js";
import type { NudgeUrgency } from "../nudges/planned-nudge.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";
import { pimApprovalTitle } from "./pim-approval-view.js";
import { remindersView, type ReminderItem } from "./reminders-view.js";

const HOUR = 3_600_000;

/** One thing waiting for the person's decision: its line on the list, and when Entra stops waiting. */
export interface WaitingDecision {
  readonly item: ReminderItem;
  readonly dueAt: Date;
}

/** Who is looking, and when: deadlines are shown in their own zone. */
export interface DecisionViewer {
  readonly timeZone: string;
  readonly now: Date;
}

function due(verb: string, at: Date, viewer: DecisionViewer): string {
  return `${verb} ${formatInstant(at, viewer.timeZone, "en-GB", { now: viewer.now })} (${formatTimeLeft(at.getTime() - viewer.now.getTime())} left)`;
}

/**
 * An access package request waiting on the viewer: "Open" gives the approval card of the stage, as the
 * reminders digest does (`nudge.open`, kind `approvalStage`).
 */
export function approvalStageDecision(
  request: AccessRequest,
  stage: { readonly index: number; readonly count: number; readonly autoDenyAt: Date },
  viewer: DecisionViewer,
): WaitingDecision {
  const stageNote = stage.count > 1 ? `Stage ${stage.index + 1} of ${stage.count}. ` : "";
  return {
    dueAt: stage.autoDenyAt,
    item: {
      heading: `${request.targetDisplayName} asks for ${request.packageDisplayName}`,
      detail: `${stageNote}${due("Decide by", stage.autoDenyAt, viewer)}; Entra denies it after that.`,
      action: "Open",
      verb: "nudge.open",
      data: { kind: "approvalStage", requestId: request.id, stageIndex: stage.index },
    },
  };
}

/** A PIM activation waiting on the viewer, due when Entra times it out (`request.deadline`). */
export function pimApprovalDecision(request: PimRequest, viewer: DecisionViewer): WaitingDecision {
  return {
    dueAt: request.deadline,
    item: {
      heading: pimApprovalTitle(request),
      detail: `${due("Decide by", request.deadline, viewer)}; Entra times it out after that.`,
      action: "Open",
      verb: "nudge.open",
      data: { kind: "pimApproval", requestId: request.id },
    },
  };
}

/** An access review instance with `pendingCount` items left for the viewer: "Open" gives its digest card. */
export function reviewInstanceDecision(instance: ReviewInstance, pendingCount: number, viewer: DecisionViewer): WaitingDecision {
  return {
    dueAt: instance.endAt,
    item: {
      heading: `Review: ${instance.displayName}`,
      detail: `${pendingCount === 1 ? "1 person" : `${pendingCount} people`} to review. ${due("Due", instance.endAt, viewer)}.`,
      action: "Open",
      verb: "review.refresh",
      data: { definitionId: instance.definitionId, instanceId: instance.id },
    },
  };
}

/**
 * Template data for `adaptiveCards/reminders.json` answering "approvals" or "reviews" with several
 * things: soonest deadline first, coloured by how near it is.
 */
export function myDecisionsView(kind: "approvals" | "reviews", decisions: readonly WaitingDecision[], now: Date): Record<string, unknown> {
  const sorted = [...decisions].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const soonest = sorted[0]?.dueAt.getTime() ?? Number.POSITIVE_INFINITY;
  const urgency: NudgeUrgency = soonest - now.getTime() <= 24 * HOUR ? "urgent" : soonest - now.getTime() <= 72 * HOUR ? "soon" : "routine";
  const n = sorted.length;
  return {
    ...remindersView(
      sorted.map((d) => d.item),
      urgency,
    ),
    title: kind === "approvals" ? `${n} ${n === 1 ? "request waits" : "requests wait"} for your approval` : `${n} access ${n === 1 ? "review waits" : "reviews wait"} for your decisions`,
  };
}
