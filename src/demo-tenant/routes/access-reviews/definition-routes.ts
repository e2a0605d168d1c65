import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { Route } from "../../http/route.js";
import { definitionProjection } from "./access-review-projections.js";
import { assertCanReadReview, assertOnReviewer, callerUserId, canReadAllReviews, requireDefinition } from "./review-access.js";
import { READ_MY_REVIEWS, READ_REVIEWS, REVIEWS } from "./review-permissions.js";

/** Access review definitions (series): list, get, and the ones the signed-in user reviews. */
export function definitionRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: REVIEWS,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const userId = callerUserId(ctx);
        // Without a role that reads every review, a signed-in user sees only the reviews they created;
        // reviewers find theirs through filterByCurrentUser(on='reviewer').
        const all = ctx.state.reviewDefinitions.all();
        const rows = canReadAllReviews(ctx) ? all : all.filter((d) => d.createdById === userId);
        return respondWithCollection(ctx, rows, definitionProjection);
      },
    },
    {
      method: "GET",
      pattern: `${REVIEWS}/filterByCurrentUser(on='{on}')`,
      permissions: READ_MY_REVIEWS,
      handler: (ctx) => {
        assertOnReviewer(ctx);
        const userId = callerUserId(ctx) ?? "";
        const reviewed = new Set(
          ctx.state.reviewInstances
            .all()
            .filter((i) => i.reviewerIds.includes(userId))
            .map((i) => i.definitionId),
        );
        const rows = ctx.state.reviewDefinitions.all().filter((d) => reviewed.has(d.id));
        return respondWithCollection(ctx, rows, definitionProjection);
      },
    },
    {
      method: "GET",
      pattern: `${REVIEWS}/{definitionId}`,
      permissions: READ_REVIEWS,
      handler: (ctx) => {
        const definition = requireDefinition(ctx);
        assertCanReadReview(ctx, definition);
        return respondWithEntity(ctx, definition, definitionProjection);
      },
    },
  ];
}
