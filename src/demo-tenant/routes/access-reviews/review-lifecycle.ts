import { parseIsoDuration } from "../../clock/iso-duration.js";
import type {
  AccessReviewDecisionRecord,
  AccessReviewDefinitionRecord,
  AccessReviewInstanceRecord,
} from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { reviewersFor } from "./resolve-reviewers.js";
import { decisionResourceOf, principalsInScope, removeReviewedAccess, reviewTargetOf } from "./review-scope.js";

/** Timeline event kinds of access review instances. */
export const REVIEW_START_EVENT = "accessReviews.instanceStart";
export const REVIEW_END_EVENT = "accessReviews.instanceEnd";

/** The settings the lifecycle reads, with Graph's defaults for absent values. */
export interface ReviewSettings {
  justificationRequiredOnApproval: boolean;
  defaultDecisionEnabled: boolean;
  /** Approve, Deny or Recommendation. */
  defaultDecision: string | null;
  autoApplyDecisionsEnabled: boolean;
  recommendationsEnabled: boolean;
  recommendationLookBackDuration: string;
}

export function reviewSettings(definition: AccessReviewDefinitionRecord | undefined): ReviewSettings {
  const s = definition?.settings ?? {};
  return {
    justificationRequiredOnApproval: s.justificationRequiredOnApproval === true,
    defaultDecisionEnabled: s.defaultDecisionEnabled === true,
    defaultDecision: typeof s.defaultDecision === "string" ? s.defaultDecision : null,
    autoApplyDecisionsEnabled: s.autoApplyDecisionsEnabled === true,
    recommendationsEnabled: s.recommendationsEnabled !== false,
    recommendationLookBackDuration: typeof s.recommendationLookBackDuration === "string" ? s.recommendationLookBackDuration : "P30D",
  };
}

/**
 * Entra's recommendation: Approve when the principal signed in within the look-back period (30 days
 * by default) before the instance started, Deny when not, NoInfoAvailable without sign-in data.
 */
export function recommendationFor(state: TenantState, settings: ReviewSettings, principalId: string, startIso: string): AccessReviewDecisionRecord["recommendation"] {
  if (!settings.recommendationsEnabled) return "NoInfoAvailable";
  const lastSignIn = state.users.get(principalId)?.lastSignInDateTime;
  if (!lastSignIn) return "NoInfoAvailable";
  const cutoff = Date.parse(startIso) - parseIsoDuration(settings.recommendationLookBackDuration);
  return Date.parse(lastSignIn) >= cutoff ? "Approve" : "Deny";
}

/** A definition's status follows its instances: any in progress, all not started, or done. */
export function syncDefinitionStatus(state: TenantState, definitionId: string): void {
  const definition = state.reviewDefinitions.get(definitionId);
  if (!definition) return;
  const statuses = state.reviewInstances.by("definitionId", definitionId).map((i) => i.status);
  const status = statuses.includes("InProgress")
    ? "InProgress"
    : statuses.length === 0 || statuses.every((s) => s === "NotStarted")
      ? "NotStarted"
      : "Completed";
  // lastModifiedDateTime tracks edits of the definition, not the progress of its instances.
  definition.status = status;
}

/**
 * Starts an instance: one decision item per principal in scope (plus `extraPrincipalIds`, for scenario
 * principals whose access another area seeds later), each with its own reviewers and recommendation.
 */
export function startReviewInstance(state: TenantState, instance: AccessReviewInstanceRecord, at: string, extraPrincipalIds: readonly string[] = []): void {
  if (instance.status !== "NotStarted") return;
  const definition = state.reviewDefinitions.get(instance.definitionId);
  const settings = reviewSettings(definition);
  const target = reviewTargetOf(instance.scope);
  const resource = decisionResourceOf(state, target);
  const existing = new Set(state.reviewDecisions.by("instanceId", instance.id).map((d) => d.principalId));
  const principals = [...new Set([...principalsInScope(state, target), ...extraPrincipalIds])].filter((id) => state.users.has(id) && !existing.has(id));
  const reviewerIds = new Set(instance.reviewerIds);
  for (const principalId of principals) {
    const reviewers = reviewersFor(state, instance.reviewers, instance.fallbackReviewers, principalId);
    for (const r of reviewers) reviewerIds.add(r);
    state.reviewDecisions.insert({
      id: state.newId(),
      instanceId: instance.id,
      principalId,
      ...resource,
      resource: { ...resource.resource },
      decision: "NotReviewed",
      recommendation: recommendationFor(state, settings, principalId, instance.startDateTime),
      justification: null,
      reviewedById: null,
      reviewedDateTime: null,
      appliedById: null,
      appliedDateTime: null,
      applyResult: "New",
      reviewerIds: reviewers,
    });
  }
  instance.reviewerIds = [...reviewerIds];
  instance.status = "InProgress";
  syncDefinitionStatus(state, instance.definitionId);
}

/**
 * Ends an instance (at its end date or when stopped): undecided items take the default decision when
 * the review has one, then decisions are applied if the review applies them automatically.
 */
export function completeReviewInstance(state: TenantState, instance: AccessReviewInstanceRecord, at: string): void {
  if (instance.status !== "InProgress") return;
  const settings = reviewSettings(state.reviewDefinitions.get(instance.definitionId));
  if (settings.defaultDecisionEnabled) {
    for (const item of state.reviewDecisions.by("instanceId", instance.id)) {
      if (item.decision !== "NotReviewed") continue;
      const value = settings.defaultDecision === "Recommendation" ? item.recommendation : settings.defaultDecision;
      if (value !== "Approve" && value !== "Deny") continue;
      item.decision = value;
      item.reviewedDateTime = at;
      item.reviewedById = null;
    }
  }
  instance.status = "Completed";
  if (settings.autoApplyDecisionsEnabled) applyReviewDecisions(state, instance, at, null);
  syncDefinitionStatus(state, instance.definitionId);
}

/** Applies the decided items not applied yet; `appliedById` is null when Entra or an app applies them. */
export function applyReviewDecisions(state: TenantState, instance: AccessReviewInstanceRecord, at: string, appliedById: string | null): number {
  let applied = 0;
  for (const item of state.reviewDecisions.by("instanceId", instance.id)) {
    if (item.applyResult !== "New" || (item.decision !== "Approve" && item.decision !== "Deny")) continue;
    item.applyResult = item.decision === "Deny" ? removeReviewedAccess(state, instance, item, at) : "AppliedSuccessfully";
    item.appliedDateTime = at;
    item.appliedById = appliedById;
    applied++;
  }
  return applied;
}

/** Puts an instance's start and end on the timeline; handlers ignore events that no longer apply. */
export function scheduleReviewInstance(state: TenantState, instance: AccessReviewInstanceRecord): void {
  if (instance.status === "NotStarted") state.schedule(instance.startDateTime, REVIEW_START_EVENT, instance.id);
  if (instance.status === "NotStarted" || instance.status === "InProgress") state.schedule(instance.endDateTime, REVIEW_END_EVENT, instance.id);
}

/** Registers the start and end handlers; each re-reads the instance and runs at the event's own instant. */
export function registerReviewLifecycle(state: TenantState): void {
  state.onEvent(REVIEW_START_EVENT, (s, event, at) => {
    const instance = s.reviewInstances.get(event.id);
    if (instance && Date.parse(instance.startDateTime) <= at.getTime()) startReviewInstance(s, instance, at.toISOString());
  });
  state.onEvent(REVIEW_END_EVENT, (s, event, at) => {
    const instance = s.reviewInstances.get(event.id);
    if (!instance || Date.parse(instance.endDateTime) > at.getTime()) return;
    // An instance whose start event has not run yet (same instant, or restored state) starts first.
    startReviewInstance(s, instance, at.toISOString());
    completeReviewInstance(s, instance, at.toISOString());
  });
}
