import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { noContent, type Route, type RouteContext } from "../../http/route.js";
import type { AssignmentRequestRecord } from "../../state/model.js";
import { APPROVER_READ, APPROVER_WRITE, EM } from "./entitlement-permissions.js";
import { pendingFor } from "./pending-approvals.js";
import { approvalOf, decideStage, stageOf } from "./request-actions.js";
import { approvalProjection, approvalStageProjection } from "./request-projections.js";
import { resolveStageApprovers } from "./resolve-stage-approvers.js";

const COLLECTION = `${EM}/accessPackageAssignmentApprovals`;

function callerId(ctx: RouteContext): string {
  if (ctx.caller.kind !== "user") throw GraphError.forbidden("Approvals are read and decided by the signed-in approver; use a delegated token.");
  return ctx.caller.userId;
}

/**
 * An approval is visible to its approvers (of any stage that started, or who decided one) and to the
 * person it is about; anyone else gets 403, as Entra limits approvals to those who act on them.
 */
function readableApproval(ctx: RouteContext): AssignmentRequestRecord {
  const request = approvalOf(ctx.state, ctx.params.id!);
  const me = callerId(ctx);
  const involved =
    me === request.targetId ||
    me === request.requestorId ||
    request.stages.some((s) => s.reviewedById === me || (s.status !== "NotStarted" && resolveStageApprovers(ctx.state, request, s.index, ctx.now).userIds.includes(me)));
  if (!involved) throw GraphError.forbidden(`You are not an approver of request '${request.id}'.`);
  return request;
}

/** Approvals of access package requests: the signed-in approver's, one by id, its stages, and decisions. */
export function approvalRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: `${COLLECTION}/filterByCurrentUser(on='{on}')`,
      permissions: APPROVER_READ,
      handler: (ctx) => {
        if (ctx.fnArgs.on !== "approver") {
          throw GraphError.badRequest(`'${ctx.fnArgs.on}' is not a valid value for 'on'; accessPackageAssignmentApprovals/filterByCurrentUser supports on='approver'.`);
        }
        return respondWithCollection(ctx, pendingFor(ctx.state, callerId(ctx), ctx.now), approvalProjection);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}`,
      permissions: APPROVER_READ,
      handler: (ctx) => respondWithEntity(ctx, readableApproval(ctx), approvalProjection, COLLECTION),
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}/stages`,
      permissions: APPROVER_READ,
      handler: (ctx) => {
        const request = readableApproval(ctx);
        return respondWithCollection(ctx, request.stages.map((stage) => ({ request, stage })), approvalStageProjection);
      },
    },
    {
      method: "GET",
      pattern: `${COLLECTION}/{id}/stages/{stageId}`,
      permissions: APPROVER_READ,
      handler: (ctx) => {
        const request = readableApproval(ctx);
        return respondWithEntity(ctx, { request, stage: stageOf(request, ctx.params.stageId!) }, approvalStageProjection, `${COLLECTION}/${request.id}/stages`);
      },
    },
    {
      method: "PATCH",
      pattern: `${COLLECTION}/{id}/stages/{stageId}`,
      permissions: APPROVER_WRITE,
      handler: (ctx) => {
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        if (typeof body !== "object" || Array.isArray(body)) throw GraphError.badRequest("The body must be a JSON object with reviewResult and justification.");
        decideStage(ctx.state, ctx.params.id!, ctx.params.stageId!, callerId(ctx), { reviewResult: body.reviewResult, justification: body.justification }, ctx.now);
        return noContent();
      },
    },
  ];
}
