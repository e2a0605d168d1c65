import type {
  AccessReviewInstance,
  AccessReviewInstanceDecisionItem,
  AccessReviewScheduleDefinition,
  UserIdentity,
  UserSignInInsight,
} from "@microsoft/microsoft-graph-types";
import type {
  ReviewDecision,
  ReviewInstance,
  ReviewInstanceStatus,
  ReviewItem,
  ReviewPerson,
  ReviewRecommendation,
} from "../domain/model/access-review.js";
import { readGraphDate } from "./read-graph-date.js";

/** Graph's "nobody": the id of `reviewedBy` on an item no one has reviewed. */
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

const STATUSES: readonly ReviewInstanceStatus[] = ["NotStarted", "InProgress", "Completing", "Completed", "AutoReviewing", "AutoReviewed"];
const DECISIONS: readonly ReviewDecision[] = ["NotReviewed", "Approve", "Deny", "DontKnow"];
const RECOMMENDATIONS: readonly ReviewRecommendation[] = ["Approve", "Deny", "NoInfoAvailable"];

/** Graph's enum strings are case-insensitive in practice; unknown values fall back to a safe default. */
function pick<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  const lower = (value ?? "").toLowerCase();
  return allowed.find((v) => v.toLowerCase() === lower) ?? fallback;
}

/** An instance joined with its definition (name, description for reviewers, settings). */
export function mapReviewInstance(definition: AccessReviewScheduleDefinition, instance: AccessReviewInstance): ReviewInstance {
  const start = readGraphDate(instance.startDateTime);
  const end = readGraphDate(instance.endDateTime);
  return {
    id: instance.id ?? "",
    definitionId: definition.id ?? "",
    displayName: definition.displayName ?? "Access review",
    descriptionForReviewers: definition.descriptionForReviewers ?? "",
    startAt: start ?? new Date(0),
    endAt: end ?? start ?? new Date(0),
    // An unknown status is treated as not open: the bot never offers buttons Entra would refuse.
    status: pick(instance.status, STATUSES, "Completed"),
    justificationRequiredOnApproval: definition.settings?.justificationRequiredOnApproval === true,
  };
}

function person(identity: UserIdentity | null | undefined): ReviewPerson | null {
  const id = identity?.id ?? "";
  if (!id || id === EMPTY_GUID) return null;
  return { id, displayName: identity?.displayName ?? "", upn: identity?.userPrincipalName ?? "" };
}

/**
 * The resource's name as a reviewer reads it: an access package review names the package (its policy
 * only when the package is unknown), a group review the group.
 */
function resourceName(item: AccessReviewInstanceDecisionItem): string {
  const resource = (item.resource ?? {}) as { displayName?: string | null; accessPackageDisplayName?: string | null };
  return resource.accessPackageDisplayName || resource.displayName || "";
}

/** The principal's last sign-in from `$expand=insights`, when Graph gave one. */
function lastSignIn(item: AccessReviewInstanceDecisionItem): Date | null {
  const insights = (item.insights ?? []) as (UserSignInInsight & { "@odata.type"?: string })[];
  const signIns = insights
    .filter((i) => (i["@odata.type"] ?? "").toLowerCase() === "#microsoft.graph.usersignininsight")
    .map((i) => readGraphDate(i.lastSignInDateTime))
    .filter((d): d is Date => d !== null);
  return signIns.length === 0 ? null : new Date(Math.max(...signIns.map((d) => d.getTime())));
}

/** A decision item as the bot's domain sees it. */
export function mapReviewItem(item: AccessReviewInstanceDecisionItem): ReviewItem {
  const principal = item.principal as UserIdentity | null | undefined;
  const decision = pick(item.decision, DECISIONS, "NotReviewed");
  return {
    id: item.id ?? "",
    principal: { id: principal?.id ?? "", displayName: principal?.displayName ?? "", upn: principal?.userPrincipalName ?? "" },
    resourceName: resourceName(item),
    recommendation: pick(item.recommendation, RECOMMENDATIONS, "NoInfoAvailable"),
    decision,
    justification: item.justification ? item.justification : null,
    reviewedBy: decision === "NotReviewed" ? null : person(item.reviewedBy),
    reviewedAt: decision === "NotReviewed" ? null : readGraphDate(item.reviewedDateTime),
    lastSignIn: lastSignIn(item),
  };
}
