import { plainProjection, type Projection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type { PimApprovalStageRecord, PimRequestRecord } from "../../state/model.js";

/**
 * A PIM approval and its stages. v1.0 (PIM for Groups) calls them `stages` (`approvalStage`); the beta
 * role approvals call them `steps` (`approvalStep`); the JSON of one stage or step is the same.
 * `assignedToMe` depends on who asks.
 */
export function stageJson(stage: PimApprovalStageRecord, ctx: RouteContext): Record<string, unknown> {
  const reviewer = stage.reviewedById ? ctx.state.users.get(stage.reviewedById) : undefined;
  return {
    id: stage.id,
    displayName: null,
    reviewedDateTime: stage.reviewedDateTime,
    reviewResult: stage.reviewResult,
    status: stage.status,
    assignedToMe: ctx.caller.kind === "user" && stage.approverIds.includes(ctx.caller.userId),
    justification: stage.justification ?? "",
    reviewedBy: stage.reviewedById ? { id: stage.reviewedById, displayName: reviewer?.displayName ?? null } : null,
  };
}

export const stageProjection: Projection<PimApprovalStageRecord> = {
  typeName: "approvalStage",
  toGraph: (stage, ctx) => stageJson(stage, ctx),
};

/** An approval with its stages listed under `stages` (v1.0) or `steps` (beta), as Graph returns them. */
export function approvalProjection(listName: "stages" | "steps"): Projection<PimRequestRecord> {
  return {
    typeName: "approval",
    toGraph: (r, ctx) => ({ id: r.approvalId ?? r.id, [listName]: r.approvalStages.map((s) => stageJson(s, ctx)) }),
    navigations: {
      [listName]: (r: PimRequestRecord, ctx: RouteContext) => ({
        projection: plainProjection(listName === "stages" ? "approvalStage" : "approvalStep"),
        value: r.approvalStages.map((s) => stageJson(s, ctx)),
      }),
    },
  };
}
