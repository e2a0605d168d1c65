import { z } from "zod";
import { recordDecision } from "../routes/access-reviews/record-review-decision.js";
import {
  applyReviewDecisions,
  completeReviewInstance,
  scheduleReviewInstance,
  startReviewInstance,
  syncDefinitionStatus,
} from "../routes/access-reviews/review-lifecycle.js";
import type { AccessReviewInstanceRecord, AccessReviewReviewerScope } from "../state/model.js";
import { ScenarioError, type ScenarioContext } from "./scenario-context.js";

const reviewerDoc = z.union([
  z.object({ user: z.string() }).strict(),
  z.object({ groupOwners: z.string() }).strict(),
  z.object({ manager: z.literal(true) }).strict(),
]);

const decisionDoc = z.object({
  principal: z.string(),
  decision: z.enum(["Approve", "Deny", "DontKnow"]),
  by: z.string(),
  at: z.string(),
  justification: z.string().optional(),
});

const instanceDoc = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  /** When the reviewers were last reminded. */
  reminded: z.string().optional(),
  principals: z.array(z.string()).default([]),
  decisions: z.array(decisionDoc).default([]),
  /** Who applied the decisions of a completed instance by hand (automatic apply needs nobody). */
  appliedBy: z.string().optional(),
});

const reviewDoc = z.object({
  alias: z.string(),
  id: z.string(),
  displayName: z.string(),
  descriptionForAdmins: z.string(),
  descriptionForReviewers: z.string(),
  createdBy: z.string(),
  created: z.string(),
  scope: z.union([z.object({ groupMembers: z.string() }).strict(), z.object({ pimGroupEligibility: z.string() }).strict()]),
  reviewers: z.array(reviewerDoc).min(1),
  fallbackReviewers: z.array(reviewerDoc).default([]),
  settings: z.object({
    justificationRequiredOnApproval: z.boolean().default(false),
    /** Absent: reviewers' silence leaves items NotReviewed. */
    defaultDecision: z.enum(["Approve", "Deny", "Recommendation"]).optional(),
    autoApplyDecisions: z.boolean().default(false),
    recommendations: z.boolean().default(true),
    recurrence: z.object({ type: z.enum(["weekly", "absoluteMonthly"]), interval: z.number().int().positive() }).optional(),
  }),
  instances: z.array(instanceDoc).default([]),
});

const accessReviewsDoc = z.object({ reviews: z.array(reviewDoc).default([]) });

export type AccessReviewsDocument = z.input<typeof accessReviewsDoc>;
type ReviewDoc = z.infer<typeof reviewDoc>;

const queryScope = (query: string) => ({ "@odata.type": "#microsoft.graph.accessReviewQueryScope", query, queryType: "MicrosoftGraph", queryRoot: null });

function reviewerScope(ctx: ScenarioContext, doc: z.infer<typeof reviewerDoc>): AccessReviewReviewerScope {
  if ("user" in doc) return { query: `/users/${ctx.userId(doc.user)}`, queryType: "MicrosoftGraph", queryRoot: null };
  if ("groupOwners" in doc) return { query: `/groups/${ctx.groupId(doc.groupOwners)}/owners`, queryType: "MicrosoftGraph", queryRoot: null };
  return { query: "./manager", queryType: "MicrosoftGraph", queryRoot: "decisions" };
}

function scopesOf(ctx: ScenarioContext, doc: ReviewDoc) {
  const groupId = ctx.groupId("groupMembers" in doc.scope ? doc.scope.groupMembers : doc.scope.pimGroupEligibility);
  const scope =
    "groupMembers" in doc.scope
      ? queryScope(`/groups/${groupId}/transitiveMembers`)
      : queryScope(`/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=(groupId eq '${groupId}' and accessId eq 'member')`);
  return { groupId, scope, instanceEnumerationScope: queryScope(`/groups/${groupId}`) };
}

/** Graph's full settings object from the scenario's few choices. */
function settingsOf(ctx: ScenarioContext, doc: ReviewDoc): Record<string, unknown> {
  const s = doc.settings;
  const first = [...doc.instances].sort((a, b) => ctx.at(a.start).localeCompare(ctx.at(b.start)))[0];
  const startIso = first ? ctx.at(first.start) : ctx.at(doc.created);
  const days = first ? Math.round((Date.parse(ctx.at(first.end)) - Date.parse(startIso)) / 86_400_000) : 14;
  return {
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: s.justificationRequiredOnApproval,
    defaultDecisionEnabled: s.defaultDecision !== undefined,
    defaultDecision: s.defaultDecision ?? "None",
    instanceDurationInDays: days,
    autoApplyDecisionsEnabled: s.autoApplyDecisions,
    recommendationsEnabled: s.recommendations,
    recommendationLookBackDuration: "P30D",
    decisionHistoriesForReviewersEnabled: false,
    applyActions: [{ "@odata.type": "#microsoft.graph.removeAccessApplyAction" }],
    recommendationInsightSettings: [],
    recurrence: s.recurrence
      ? {
          pattern: { type: s.recurrence.type, interval: s.recurrence.interval, month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: "sunday", index: "first" },
          range: { type: "noEnd", numberOfOccurrences: 0, recurrenceTimeZone: null, startDate: startIso.slice(0, 10), endDate: null },
        }
      : {
          pattern: null,
          range: { type: "numbered", numberOfOccurrences: 0, recurrenceTimeZone: null, startDate: startIso.slice(0, 10), endDate: first ? ctx.at(first.end).slice(0, 10) : null },
        },
  };
}

/**
 * Seeds scenario/access-reviews.yaml: definitions and their instances, played forward to the seed
 * instant. Started instances get their decision items (and the scenario's recorded decisions), ended
 * ones are completed as the lifecycle would have done, the rest wait on the timeline.
 */
export function seedAccessReviews(ctx: ScenarioContext, raw: unknown): void {
  const doc = accessReviewsDoc.parse(raw);
  const state = ctx.state;
  const nowMs = ctx.now.getTime();
  for (const review of doc.reviews) {
    const { groupId, scope, instanceEnumerationScope } = scopesOf(ctx, review);
    const reviewers = review.reviewers.map((r) => reviewerScope(ctx, r));
    const fallbackReviewers = review.fallbackReviewers.map((r) => reviewerScope(ctx, r));
    state.reviewDefinitions.insert({
      id: review.id,
      displayName: review.displayName,
      descriptionForAdmins: review.descriptionForAdmins,
      descriptionForReviewers: review.descriptionForReviewers,
      createdById: ctx.userId(review.createdBy),
      createdDateTime: ctx.at(review.created),
      lastModifiedDateTime: ctx.at(review.created),
      status: "NotStarted",
      scope,
      instanceEnumerationScope,
      reviewers,
      fallbackReviewers,
      settings: settingsOf(ctx, review),
    });
    ctx.objectAliases.set(`accessReview:${review.alias}`, review.id);
    // Oldest first, so a past instance's applied denials shape the group the next one reviews.
    const instances = [...review.instances].sort((a, b) => ctx.at(a.start).localeCompare(ctx.at(b.start)));
    for (const spec of instances) {
      const instance = state.reviewInstances.insert({
        id: spec.id,
        definitionId: review.id,
        startDateTime: ctx.at(spec.start),
        endDateTime: ctx.at(spec.end),
        status: "NotStarted",
        scope,
        reviewers,
        fallbackReviewers,
        reviewerIds: [],
        lastReminderDateTime: spec.reminded ? ctx.at(spec.reminded) : null,
      });
      const principalIds = spec.principals.map((p) => ctx.userId(p));
      if ("groupMembers" in review.scope) ensureMembers(ctx, groupId, principalIds);
      playForward(ctx, instance, spec, principalIds, nowMs);
    }
    syncDefinitionStatus(state, review.id);
  }
}

function ensureMembers(ctx: ScenarioContext, groupId: string, userIds: readonly string[]): void {
  const group = ctx.state.groups.get(groupId);
  if (!group) throw new ScenarioError(`Group '${groupId}' is not in people.yaml.`);
  for (const id of userIds) if (!group.memberIds.includes(id)) group.memberIds.push(id);
}

function playForward(ctx: ScenarioContext, instance: AccessReviewInstanceRecord, spec: z.infer<typeof instanceDoc>, principalIds: string[], nowMs: number): void {
  const state = ctx.state;
  if (Date.parse(instance.startDateTime) > nowMs) {
    if (spec.decisions.length > 0) throw new ScenarioError(`Instance ${spec.id} starts in the future, so it cannot have decisions yet.`);
    scheduleReviewInstance(state, instance);
    return;
  }
  startReviewInstance(state, instance, instance.startDateTime, principalIds);
  const items = state.reviewDecisions.by("instanceId", instance.id);
  for (const d of spec.decisions) {
    const principalId = ctx.userId(d.principal);
    const reviewerId = ctx.userId(d.by);
    const item = items.find((i) => i.principalId === principalId);
    if (!item) throw new ScenarioError(`Instance ${spec.id} does not review '${d.principal}'; add them to its principals.`);
    if (!item.reviewerIds.includes(reviewerId)) {
      throw new ScenarioError(`'${d.by}' is not a reviewer of '${d.principal}' in instance ${spec.id}.`);
    }
    recordDecision(item, reviewerId, { decision: d.decision, justification: d.justification ?? null }, ctx.at(d.at));
  }
  if (Date.parse(instance.endDateTime) > nowMs) {
    scheduleReviewInstance(state, instance);
    return;
  }
  completeReviewInstance(state, instance, instance.endDateTime);
  if (spec.appliedBy) applyReviewDecisions(state, instance, instance.endDateTime, ctx.userId(spec.appliedBy));
}
