import { GraphError } from "../../http/graph-error.js";
import type { AccessReviewDecisionRecord, AccessReviewInstanceRecord } from "../../state/model.js";
import type { ReviewSettings } from "./review-lifecycle.js";

/** The decisions a reviewer may record. */
export const RECORDABLE_DECISIONS = ["Approve", "Deny", "DontKnow"] as const;
export type RecordableDecision = (typeof RECORDABLE_DECISIONS)[number];

export interface DecisionInput {
  decision: RecordableDecision;
  justification: string | null;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw GraphError.badRequest("The request body must be a JSON object such as {\"decision\": \"Approve\", \"justification\": \"Still on the project\"}.");
  }
  return body as Record<string, unknown>;
}

/**
 * Reads `{decision, justification}` and enforces the review's rules: the decision must be Approve, Deny
 * or DontKnow, and Approve needs a justification when the review requires one.
 */
export function readDecisionInput(body: unknown, settings: ReviewSettings): DecisionInput & { raw: Record<string, unknown> } {
  const raw = bodyObject(body);
  const value = raw.decision;
  const decision = RECORDABLE_DECISIONS.find((d) => typeof value === "string" && d.toLowerCase() === value.toLowerCase());
  if (!decision) {
    throw GraphError.badRequest(
      `'${String(value ?? "")}' is not a decision a reviewer can record. Send decision as one of ${RECORDABLE_DECISIONS.join(", ")}.`,
      "InvalidDecision",
    );
  }
  const justification = typeof raw.justification === "string" ? raw.justification.trim() : null;
  if (raw.justification !== undefined && raw.justification !== null && typeof raw.justification !== "string") {
    throw GraphError.badRequest("justification must be a string.");
  }
  if (decision === "Approve" && settings.justificationRequiredOnApproval && !justification) {
    throw GraphError.badRequest(
      "This access review requires a justification to approve access (settings.justificationRequiredOnApproval). Send a non-empty justification with the Approve decision.",
      "JustificationRequired",
    );
  }
  return { decision, justification: justification || null, raw };
}

/** Decisions are recorded only while the instance is in progress; after its end they are final. */
export function assertInstanceInProgress(instance: AccessReviewInstanceRecord): void {
  if (instance.status === "InProgress") return;
  const reason =
    instance.status === "NotStarted"
      ? `it starts at ${instance.startDateTime}`
      : `it ended at ${instance.endDateTime} and its decisions are final`;
  throw GraphError.conflict(
    `Decisions can be recorded only while the access review instance is InProgress; this instance is ${instance.status} (${reason}).`,
    "AccessReviewInstanceNotInProgress",
  );
}

/** Records one reviewer's decision on an item; a reviewer may change it while the instance runs. */
export function recordDecision(item: AccessReviewDecisionRecord, reviewerId: string, input: DecisionInput, at: string): void {
  item.decision = input.decision;
  item.justification = input.justification;
  item.reviewedById = reviewerId;
  item.reviewedDateTime = at;
}
