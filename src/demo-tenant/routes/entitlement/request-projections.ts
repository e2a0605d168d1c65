import type { Projection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type { AssignmentRecord, AssignmentRequestRecord, EntitlementSchedule, RequestStageRecord, UserRecord } from "../../state/model.js";
import { accessPackageProjection, assignmentPolicyProjection } from "./package-projections.js";
import { isStageApprover } from "./resolve-stage-approvers.js";
import { subjectIdFor } from "./stable-id.js";

/*
 * How requests, assignments, subjects and approvals appear in Graph. A request's `target` is not a
 * Graph property; it is kept as a navigation so `$filter=target/objectId eq '…'` works, and the
 * request routes refuse `$expand=target` as Graph does.
 */

/** A user as Graph's accessPackageSubject: its own id, the user's id as `objectId`. */
export const subjectProjection: Projection<UserRecord> = {
  typeName: "accessPackageSubject",
  toGraph: (u) => ({
    id: subjectIdFor(u.id),
    displayName: u.displayName,
    email: u.mail,
    objectId: u.id,
    principalName: u.userPrincipalName,
    subjectType: "user",
    onPremisesSecurityIdentifier: null,
  }),
  navigations: {
    connectedOrganization: () => ({ projection: subjectProjection, value: null }),
  },
};

/** Graph's entitlementManagementSchedule, with every property present as Graph returns it. */
export function scheduleJson(s: EntitlementSchedule | null): Record<string, unknown> {
  return {
    startDateTime: s?.startDateTime ?? null,
    recurrence: null,
    expiration: s?.expiration
      ? { type: s.expiration.type, duration: s.expiration.duration ?? null, endDateTime: s.expiration.endDateTime ?? null }
      : { type: "notSpecified", duration: null, endDateTime: null },
  };
}

const user = (ctx: RouteContext, id: string | null) => (id ? ctx.state.users.get(id) ?? null : null);

export const assignmentProjection: Projection<AssignmentRecord> = {
  typeName: "accessPackageAssignment",
  toGraph: (a) => ({
    id: a.id,
    state: a.state,
    status: a.status,
    schedule: scheduleJson(a.schedule),
    expiredDateTime: a.expiredDateTime,
    customExtensionCalloutInstances: [],
  }),
  navigations: {
    accessPackage: (a, ctx) => ({ projection: accessPackageProjection, value: ctx.state.accessPackages.get(a.accessPackageId) ?? null }),
    assignmentPolicy: (a, ctx) => ({ projection: assignmentPolicyProjection, value: ctx.state.policies.get(a.assignmentPolicyId) ?? null }),
    target: (a, ctx) => ({ projection: subjectProjection, value: user(ctx, a.targetId) }),
  },
};

export const assignmentRequestProjection: Projection<AssignmentRequestRecord> = {
  typeName: "accessPackageAssignmentRequest",
  toGraph: (r) => ({
    id: r.id,
    requestType: r.requestType,
    state: r.state,
    status: r.status,
    createdDateTime: r.createdDateTime,
    completedDateTime: r.completedDateTime,
    justification: r.justification,
    schedule: scheduleJson(r.schedule),
    answers: r.answers.map((a) => ({ ...a, answeredQuestion: { ...a.answeredQuestion } })),
    customExtensionCalloutInstances: [],
  }),
  navigations: {
    accessPackage: (r, ctx) => ({ projection: accessPackageProjection, value: ctx.state.accessPackages.get(r.accessPackageId) ?? null }),
    assignment: (r, ctx) => ({ projection: assignmentProjection, value: r.assignmentId ? ctx.state.assignments.get(r.assignmentId) ?? null : null }),
    // Graph: "The subject who requested or, if a direct assignment, was assigned."
    requestor: (r, ctx) => ({ projection: subjectProjection, value: user(ctx, r.requestorId ?? r.targetId) }),
    target: (r, ctx) => ({ projection: subjectProjection, value: user(ctx, r.targetId) }),
  },
};

interface StageOfRequest {
  request: AssignmentRequestRecord;
  stage: RequestStageRecord;
}

/** Whether the signed-in caller is (or was) an approver of this stage; false for app callers and stages not yet started. */
export function isAssignedTo(ctx: RouteContext, request: AssignmentRequestRecord, stage: RequestStageRecord): boolean {
  if (ctx.caller.kind !== "user" || stage.status === "NotStarted") return false;
  return isStageApprover(ctx.state, request, stage.index, ctx.caller.userId, ctx.now);
}

export const approvalStageProjection: Projection<StageOfRequest> = {
  typeName: "approvalStage",
  toGraph: ({ request, stage }, ctx) => {
    const reviewer = stage.reviewedById ? ctx.state.users.get(stage.reviewedById) : undefined;
    return {
      id: stage.id,
      displayName: null,
      status: stage.status,
      assignedToMe: isAssignedTo(ctx, request, stage),
      reviewResult: stage.reviewResult,
      reviewedBy: stage.reviewedById ? { id: stage.reviewedById, displayName: reviewer?.displayName ?? null } : null,
      reviewedDateTime: stage.reviewedDateTime,
      justification: stage.justification ?? "",
    };
  },
};

/** An approval is the approval side of a request: same id, the request's stages. */
export const approvalProjection: Projection<AssignmentRequestRecord> = {
  typeName: "approval",
  toGraph: (r, ctx) => ({
    id: r.id,
    // Graph returns the stages with the approval even without $expand.
    stages: r.stages.map((stage) => approvalStageProjection.toGraph({ request: r, stage }, ctx)),
  }),
  navigations: {
    stages: (r) => ({ projection: approvalStageProjection, value: r.stages.map((stage) => ({ request: r, stage })) }),
  },
};
