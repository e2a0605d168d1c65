import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { noContent, type Route, type RouteContext } from "../../http/route.js";
import type { AccessReviewInstanceRecord } from "../../state/model.js";
import { contactedReviewersOf, instanceProjection, instancesOf, reviewerProjection } from "./access-review-projections.js";
import { assertInstanceInProgress } from "./record-review-decision.js";
import {
  assertCanManageReview,
  assertCanReadReview,
  assertOnReviewer,
  callerUserId,
  requireDefinition,
  requireInstance,
} from "./review-access.js";
import { applyReviewDecisions, completeReviewInstance } from "./review-lifecycle.js";
import { INSTANCE, MANAGE_REVIEWS, READ_MY_REVIEWS, READ_REVIEWS, REVIEWS } from "./review-permissions.js";

/** The instance of an admin action, after the caller's right to manage the review is checked. */
function managedInstance(ctx: RouteContext): AccessReviewInstanceRecord {
  const definition = requireDefinition(ctx);
  const instance = requireInstance(ctx, definition);
  assertCanManageReview(ctx, definition);
  return instance;
}

function assertState(instance: AccessReviewInstanceRecord, status: AccessReviewInstanceRecord["status"], action: string): void {
  if (instance.status === status) return;
  throw GraphError.conflict(
    `${action} needs an access review instance that is ${status}; this instance is ${instance.status} (from ${instance.startDateTime} to ${instance.endDateTime}).`,
    "AccessReviewInstanceInvalidState",
  );
}

/** Instances of a definition, their contacted reviewers, and the admin actions on an instance. */
export function instanceRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: `${REVIEWS}/{definitionId}/instances`,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const definition = requireDefinition(ctx);
        assertCanReadReview(ctx, definition);
        return respondWithCollection(ctx, instancesOf(ctx.state, definition.id), instanceProjection);
      },
    },
    {
      method: "GET",
      pattern: `${REVIEWS}/{definitionId}/instances/filterByCurrentUser(on='{on}')`,
      permissions: READ_MY_REVIEWS,
      handler: (ctx) => {
        assertOnReviewer(ctx);
        const definition = requireDefinition(ctx);
        const userId = callerUserId(ctx) ?? "";
        const rows = instancesOf(ctx.state, definition.id).filter((i) => i.reviewerIds.includes(userId));
        return respondWithCollection(ctx, rows, instanceProjection);
      },
    },
    {
      method: "GET",
      pattern: INSTANCE,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const definition = requireDefinition(ctx);
        const instance = requireInstance(ctx, definition);
        assertCanReadReview(ctx, definition);
        return respondWithEntity(ctx, instance, instanceProjection);
      },
    },
    {
      method: "GET",
      pattern: `${INSTANCE}/contactedReviewers`,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const definition = requireDefinition(ctx);
        const instance = requireInstance(ctx, definition);
        assertCanReadReview(ctx, definition);
        return respondWithCollection(ctx, contactedReviewersOf(ctx.state, instance), reviewerProjection);
      },
    },
    {
      method: "POST",
      pattern: `${INSTANCE}/sendReminder`,
      permissions: MANAGE_REVIEWS,
      handler: (ctx) => {
        const instance = managedInstance(ctx);
        assertState(instance, "InProgress", "sendReminder");
        // Entra mails the reviewers who still have items to decide; the demo tenant records when.
        instance.lastReminderDateTime = ctx.nowIso;
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: `${INSTANCE}/stop`,
      permissions: MANAGE_REVIEWS,
      handler: (ctx) => {
        const instance = managedInstance(ctx);
        assertState(instance, "InProgress", "stop");
        completeReviewInstance(ctx.state, instance, ctx.nowIso);
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: `${INSTANCE}/applyDecisions`,
      permissions: MANAGE_REVIEWS,
      handler: (ctx) => {
        const instance = managedInstance(ctx);
        assertState(instance, "Completed", "applyDecisions");
        applyReviewDecisions(ctx.state, instance, ctx.nowIso, callerUserId(ctx));
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: `${INSTANCE}/resetDecisions`,
      permissions: MANAGE_REVIEWS,
      handler: (ctx) => {
        const instance = managedInstance(ctx);
        assertInstanceInProgress(instance);
        for (const item of ctx.state.reviewDecisions.by("instanceId", instance.id)) {
          item.decision = "NotReviewed";
          item.justification = null;
          item.reviewedById = null;
          item.reviewedDateTime = null;
        }
        return noContent();
      },
    },
  ];
}
