import { plainProjection, type Projection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type {
  AccessReviewDecisionRecord,
  AccessReviewDefinitionRecord,
  AccessReviewInstanceRecord,
} from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/** Graph's placeholder for "nobody": the id of an unreviewed item's reviewedBy and an unapplied appliedBy. */
export const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

/** A `userIdentity` as access reviews show people: id, display name and UPN (empty strings for nobody). */
export function userIdentity(state: TenantState, userId: string | null): Record<string, unknown> {
  const user = userId ? state.users.get(userId) : undefined;
  if (!user) return { id: userId ?? EMPTY_GUID, displayName: "", userPrincipalName: "" };
  return { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
}

const graphUrl = (ctx: RouteContext, path: string) => `${ctx.baseUrl}/v1.0${path}`;

/** The instances of a definition, oldest first. */
export function instancesOf(state: TenantState, definitionId: string): AccessReviewInstanceRecord[] {
  return state.reviewInstances.by("definitionId", definitionId).sort((a, b) => a.startDateTime.localeCompare(b.startDateTime));
}

/** The insights Graph offers on a decision: the principal's last interactive sign-in. */
export function insightsOf(state: TenantState, item: AccessReviewDecisionRecord): Record<string, unknown>[] {
  const user = state.users.get(item.principalId);
  return [
    {
      "@odata.type": "#microsoft.graph.userSignInInsight",
      id: EMPTY_GUID,
      insightCreatedDateTime: null,
      lastSignInDateTime: user?.lastSignInDateTime ?? null,
    },
  ];
}

/** The people contacted to review an instance, as `accessReviewReviewer` objects. */
export function contactedReviewersOf(state: TenantState, instance: AccessReviewInstanceRecord): Record<string, unknown>[] {
  return instance.reviewerIds.map((id) => {
    const user = state.users.get(id);
    return {
      id,
      displayName: user?.displayName ?? null,
      userPrincipalName: user?.userPrincipalName ?? null,
      createdDateTime: instance.startDateTime,
    };
  });
}

export const insightProjection = plainProjection("governanceInsight");
export const reviewerProjection = plainProjection("accessReviewReviewer");

export const decisionProjection: Projection<AccessReviewDecisionRecord> = {
  typeName: "accessReviewInstanceDecisionItem",
  toGraph: (item, ctx) => {
    const principal = ctx.state.users.get(item.principalId);
    const { "@odata.type": resourceType, ...resource } = item.resource;
    return {
      id: item.id,
      accessReviewId: item.instanceId,
      reviewedDateTime: item.reviewedDateTime,
      decision: item.decision,
      justification: item.justification ?? "",
      appliedDateTime: item.appliedDateTime,
      applyResult: item.applyResult,
      recommendation: item.recommendation,
      principalLink: graphUrl(ctx, `/users/${item.principalId}`),
      resourceLink: item.resourceLink ? graphUrl(ctx, item.resourceLink) : null,
      // The base resource type is written without @odata.type, as Graph does for groups.
      resource: resourceType === "#microsoft.graph.accessReviewInstanceDecisionItemResource" ? resource : item.resource,
      reviewedBy: userIdentity(ctx.state, item.reviewedById),
      appliedBy: userIdentity(ctx.state, item.appliedById),
      principal: {
        "@odata.type": "#microsoft.graph.userIdentity",
        id: item.principalId,
        displayName: principal?.displayName ?? "",
        userPrincipalName: principal?.userPrincipalName ?? "",
      },
    };
  },
  navigations: {
    insights: (item, ctx) => ({ projection: insightProjection, value: insightsOf(ctx.state, item) }),
  },
};

export const instanceProjection: Projection<AccessReviewInstanceRecord> = {
  typeName: "accessReviewInstance",
  toGraph: (instance) => ({
    id: instance.id,
    startDateTime: instance.startDateTime,
    endDateTime: instance.endDateTime,
    status: instance.status,
    scope: instance.scope,
    reviewers: instance.reviewers,
    fallbackReviewers: instance.fallbackReviewers,
  }),
  navigations: {
    decisions: (instance, ctx) => ({ projection: decisionProjection, value: ctx.state.reviewDecisions.by("instanceId", instance.id) }),
    contactedReviewers: (instance, ctx) => ({ projection: reviewerProjection, value: contactedReviewersOf(ctx.state, instance) }),
    stages: () => ({ projection: plainProjection("accessReviewStage"), value: [] }),
  },
};

export const definitionProjection: Projection<AccessReviewDefinitionRecord> = {
  typeName: "accessReviewScheduleDefinition",
  toGraph: (definition, ctx) => ({
    id: definition.id,
    displayName: definition.displayName,
    createdDateTime: definition.createdDateTime,
    lastModifiedDateTime: definition.lastModifiedDateTime,
    status: definition.status,
    descriptionForAdmins: definition.descriptionForAdmins,
    descriptionForReviewers: definition.descriptionForReviewers,
    createdBy: userIdentity(ctx.state, definition.createdById),
    scope: definition.scope,
    instanceEnumerationScope: definition.instanceEnumerationScope ?? null,
    reviewers: definition.reviewers,
    fallbackReviewers: definition.fallbackReviewers,
    settings: definition.settings,
    additionalNotificationRecipients: [],
  }),
  navigations: {
    instances: (definition, ctx) => ({ projection: instanceProjection, value: instancesOf(ctx.state, definition.id) }),
  },
};
