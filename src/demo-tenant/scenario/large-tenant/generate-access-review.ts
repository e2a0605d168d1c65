import { recommendationFor, reviewSettings, scheduleReviewInstance } from "../../routes/access-reviews/review-lifecycle.js";
import { decisionResourceOf, reviewTargetOf } from "../../routes/access-reviews/review-scope.js";
import type { AccessReviewDecisionRecord, AccessReviewDefinitionRecord, AccessReviewInstanceRecord } from "../../state/model.js";
import type { ScenarioContext } from "../scenario-context.js";
import type { GeneratedAssignments } from "./generate-assignments.js";
import type { GeneratedPackage } from "./generate-catalogs.js";
import type { GeneratedPeople } from "./generate-people.js";
import { ID_KIND, scaleId, type SeededRandom } from "./seeded-random.js";

const DAY = 86_400_000;

/**
 * The quarterly manager review of the broad access package's assignments, in progress (started ten
 * days ago, four days left): one decision per reviewed assignment, for the principal's manager, built
 * with the access review area's own scope, resource and recommendation rules. Every reviewer keeps at
 * least one decision open; about a third of the rest are already decided.
 */
export function generateAccessReview(
  ctx: ScenarioContext,
  random: SeededRandom,
  people: GeneratedPeople,
  packages: GeneratedPackage[],
  assignments: GeneratedAssignments,
): void {
  const reviewed = assignments.reviewed;
  if (reviewed.length === 0) return;
  const state = ctx.state;
  const now = ctx.now.getTime();
  const start = now - 10 * DAY;
  const end = now + 4 * DAY;
  const definitionId = scaleId(ID_KIND.reviewDefinition, 1);
  const instanceId = scaleId(ID_KIND.reviewInstance, 1);
  const owner = ctx.userAliases.get("pattif") ?? people.ids[0]!;
  const broad = packages[0]!;
  const scope = {
    "@odata.type": "#microsoft.graph.accessReviewQueryScope",
    query: `/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '${broad.id}')`,
    queryType: "MicrosoftGraph",
    queryRoot: null,
  };
  const reviewers = [{ query: "./manager", queryType: "MicrosoftGraph", queryRoot: "decisions" }];
  const fallbackReviewers = [{ query: `/users/${owner}`, queryType: "MicrosoftGraph", queryRoot: null }];

  const definition: AccessReviewDefinitionRecord = {
    id: definitionId,
    displayName: `Quarterly review: ${broad.displayName}`,
    descriptionForAdmins: "Managers confirm each report still needs the company-wide AI tool.",
    descriptionForReviewers: "Does this person still use this AI tool? Deny access they no longer need.",
    createdById: owner,
    createdDateTime: new Date(start - 30 * DAY).toISOString(),
    lastModifiedDateTime: new Date(start - 30 * DAY).toISOString(),
    status: "InProgress",
    scope,
    instanceEnumerationScope: null,
    reviewers,
    fallbackReviewers,
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: true,
      defaultDecisionEnabled: false,
      defaultDecision: "None",
      instanceDurationInDays: 14,
      autoApplyDecisionsEnabled: false,
      recommendationsEnabled: true,
      recommendationLookBackDuration: "P30D",
      decisionHistoriesForReviewersEnabled: false,
      applyActions: [{ "@odata.type": "#microsoft.graph.removeAccessApplyAction" }],
      recommendationInsightSettings: [],
      recurrence: {
        pattern: { type: "absoluteMonthly", interval: 3, month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: "sunday", index: "first" },
        range: { type: "noEnd", numberOfOccurrences: 0, recurrenceTimeZone: null, startDate: new Date(start).toISOString().slice(0, 10), endDate: null },
      },
    },
  };
  state.reviewDefinitions.insert(definition);

  const reviewerIds = [...new Set(reviewed.map((r) => people.ids[r.reviewerIndex]!))];
  const instance: AccessReviewInstanceRecord = {
    id: instanceId,
    definitionId,
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
    status: "InProgress",
    scope,
    reviewers,
    fallbackReviewers,
    reviewerIds,
    lastReminderDateTime: new Date(start + 7 * DAY).toISOString(),
  };
  state.reviewInstances.insert(instance);
  scheduleReviewInstance(state, instance);

  const settings = reviewSettings(definition);
  const { resource, resourceLink } = decisionResourceOf(state, reviewTargetOf(scope));
  const hasOpen = new Set<number>();
  reviewed.forEach(({ assignment, reviewerIndex }, k) => {
    const reviewerId = people.ids[reviewerIndex]!;
    const recommendation = recommendationFor(state, settings, assignment.targetId, instance.startDateTime);
    // The first decision each reviewer gets stays open, so every reviewer has something due.
    const decided = hasOpen.has(reviewerIndex) && random.chance(0.35);
    hasOpen.add(reviewerIndex);
    const decision: AccessReviewDecisionRecord["decision"] = !decided ? "NotReviewed" : recommendation === "Deny" || random.chance(0.08) ? "Deny" : "Approve";
    state.reviewDecisions.insert({
      id: scaleId(ID_KIND.reviewDecision, k + 1),
      instanceId,
      principalId: assignment.targetId,
      resource: { ...resource },
      resourceLink,
      decision,
      recommendation,
      justification: decided ? (decision === "Deny" ? "No longer uses this tool." : "Still needed for current projects.") : null,
      reviewedById: decided ? reviewerId : null,
      reviewedDateTime: decided ? new Date(start + random.int(now - start)).toISOString() : null,
      appliedById: null,
      appliedDateTime: null,
      applyResult: "New",
      reviewerIds: [reviewerId],
    });
  });
}
