import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { noContent, type Route, type RouteContext } from "../../http/route.js";
import type { AccessReviewDecisionRecord, AccessReviewInstanceRecord } from "../../state/model.js";
import { decisionProjection, insightProjection, insightsOf } from "./access-review-projections.js";
import { assertInstanceInProgress, readDecisionInput, recordDecision } from "./record-review-decision.js";
import { assertCanReadReview, assertOnReviewer, callerUserId, requireDecision, requireDefinition, requireInstance } from "./review-access.js";
import { reviewSettings } from "./review-lifecycle.js";
import { DECIDE_REVIEWS, INSTANCE, READ_MY_REVIEWS, READ_REVIEWS } from "./review-permissions.js";

function readableInstance(ctx: RouteContext): AccessReviewInstanceRecord {
  const definition = requireDefinition(ctx);
  const instance = requireInstance(ctx, definition);
  assertCanReadReview(ctx, definition, instance);
  return instance;
}

/** The signed-in reviewer's items on an instance (routes that decide are delegated-only). */
function myItems(ctx: RouteContext, instance: AccessReviewInstanceRecord): AccessReviewDecisionRecord[] {
  const userId = callerUserId(ctx) ?? "";
  return ctx.state.reviewDecisions.by("instanceId", instance.id).filter((d) => d.reviewerIds.includes(userId));
}

const notAReviewer = (what: string) =>
  GraphError.forbidden(`The signed-in user is not a reviewer of ${what}; only its assigned reviewers can record decisions.`);

/** Decision items: list, the caller's own, get, insights, and the reviewer's ways of deciding. */
export function decisionRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: `${INSTANCE}/decisions`,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const instance = readableInstance(ctx);
        return respondWithCollection(ctx, ctx.state.reviewDecisions.by("instanceId", instance.id), decisionProjection);
      },
    },
    {
      method: "GET",
      pattern: `${INSTANCE}/decisions/filterByCurrentUser(on='{on}')`,
      permissions: READ_MY_REVIEWS,
      handler: (ctx) => {
        assertOnReviewer(ctx);
        const instance = requireInstance(ctx, requireDefinition(ctx));
        return respondWithCollection(ctx, myItems(ctx, instance), decisionProjection);
      },
    },
    {
      method: "GET",
      pattern: `${INSTANCE}/decisions/{decisionId}`,
      permissions: READ_REVIEWS,
      handler: (ctx) => respondWithEntity(ctx, requireDecision(ctx, readableInstance(ctx)), decisionProjection),
    },
    {
      method: "GET",
      pattern: `${INSTANCE}/decisions/{decisionId}/insights`,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const item = requireDecision(ctx, readableInstance(ctx));
        return respondWithCollection(ctx, insightsOf(ctx.state, item), insightProjection);
      },
    },
    {
      method: "PATCH",
      pattern: `${INSTANCE}/decisions/{decisionId}`,
      permissions: DECIDE_REVIEWS,
      handler: (ctx) => {
        const definition = requireDefinition(ctx);
        const instance = requireInstance(ctx, definition);
        const item = requireDecision(ctx, instance);
        const userId = callerUserId(ctx) ?? "";
        if (!item.reviewerIds.includes(userId)) throw notAReviewer("this decision item");
        assertInstanceInProgress(instance);
        recordDecision(item, userId, readDecisionInput(ctx.body, reviewSettings(definition)), ctx.nowIso);
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: `${INSTANCE}/batchRecordDecisions`,
      permissions: DECIDE_REVIEWS,
      handler: (ctx) => {
        const definition = requireDefinition(ctx);
        const instance = requireInstance(ctx, definition);
        const mine = myItems(ctx, instance);
        if (mine.length === 0) throw notAReviewer("any item of this access review instance");
        assertInstanceInProgress(instance);
        const input = readDecisionInput(ctx.body, reviewSettings(definition));
        const principalId = typeof input.raw.principalId === "string" ? input.raw.principalId : null;
        const resourceId = typeof input.raw.resourceId === "string" ? input.raw.resourceId : null;
        // Only the caller's own items are decided; principalId and resourceId narrow the batch further.
        for (const item of mine) {
          if (principalId && item.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
          if (resourceId && item.resource.id.toLowerCase() !== resourceId.toLowerCase()) continue;
          recordDecision(item, callerUserId(ctx) ?? "", input, ctx.nowIso);
        }
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: `${INSTANCE}/acceptRecommendations`,
      permissions: DECIDE_REVIEWS,
      handler: (ctx) => {
        const instance = requireInstance(ctx, requireDefinition(ctx));
        const mine = myItems(ctx, instance);
        if (mine.length === 0) throw notAReviewer("any item of this access review instance");
        assertInstanceInProgress(instance);
        // Only items the caller has not reviewed yet, and only where Entra has a recommendation.
        for (const item of mine) {
          if (item.decision !== "NotReviewed" || item.recommendation === "NoInfoAvailable") continue;
          recordDecision(item, callerUserId(ctx) ?? "", { decision: item.recommendation, justification: null }, ctx.nowIso);
        }
        return noContent();
      },
    },
  ];
}
