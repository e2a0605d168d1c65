import { parseIsoDuration } from "../../clock/iso-duration.js";
import type { AssignmentRecord, AssignmentRequestRecord, RequestStageRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import type { RequestActor, RequestPlan } from "./plan-request.js";
import { assignmentWindow } from "./plan-schedule.js";
import { grantPackageResources, revokePackageResources } from "./package-resources.js";
import { stableId } from "./stable-id.js";

/**
 * Timeline event kinds of entitlement management. Each handler gets the event's own instant, re-reads
 * the record and ignores the event when the record moved on (decided, canceled, extended...). The
 * large-tenant generator schedules the expiry, automatic denial and escalation kinds too, with the
 * assignment's or request's id.
 */
export const ENTITLEMENT_EVENTS = {
  requestProcessing: "entitlement.requestProcessing",
  stageEscalation: "entitlement.stageEscalation",
  stageAutoDeny: "entitlement.stageAutoDeny",
  delivery: "entitlement.delivery",
  assignmentExpiry: "entitlement.assignmentExpiry",
  assignmentNearExpiry: "entitlement.assignmentNearExpiry",
} as const;

/** Entra's longest wait for an approval stage (and its default when a policy names none). */
const MAX_STAGE_WAIT = "P14D";
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Records an accepted request (`submitted`, status `Accepted`, as Graph answers the POST) and schedules
 * its processing at the same instant, so the next call already sees it pending approval or delivering.
 */
export function submitRequest(state: TenantState, plan: RequestPlan, actor: RequestActor, at: Date, id = state.newId()): AssignmentRequestRecord {
  const approval = plan.policy.requestApprovalSettings;
  const needsApproval =
    plan.requestType.startsWith("user") &&
    (plan.kind === "add" ? approval.isApprovalRequiredForAdd : plan.kind === "update" ? approval.isApprovalRequiredForUpdate : false) &&
    approval.stages.length > 0;
  const stages: RequestStageRecord[] = needsApproval
    ? approval.stages.map((_, index) => ({
        id: stableId("approvalStage", id, String(index)),
        index,
        status: "NotStarted",
        startedDateTime: null,
        autoDenyDateTime: null,
        escalationDateTime: null,
        escalated: false,
        reviewResult: "NotReviewed",
        reviewedById: null,
        reviewedDateTime: null,
        justification: null,
      }))
    : [];
  const request = state.requests.insert({
    id,
    requestType: plan.requestType,
    state: "submitted",
    status: "Accepted",
    createdDateTime: at.toISOString(),
    completedDateTime: null,
    schedule: plan.schedule,
    answers: plan.answers,
    justification: plan.justification,
    accessPackageId: plan.accessPackage.id,
    assignmentPolicyId: plan.policy.id,
    targetId: plan.target.id,
    requestorId: actor.kind === "user" ? actor.userId : null,
    assignmentId: plan.assignment?.id ?? null,
    stages,
    deliverAtDateTime: null,
  });
  state.schedule(at, ENTITLEMENT_EVENTS.requestProcessing, request.id);
  return request;
}

/** Starts stage `index`: its clock for escalation and automatic denial starts now. */
export function startStage(state: TenantState, request: AssignmentRequestRecord, index: number, at: number): void {
  const stage = request.stages[index]!;
  const settings = state.policies.get(request.assignmentPolicyId)?.requestApprovalSettings.stages[index];
  const wait = settings?.durationBeforeAutomaticDenial || MAX_STAGE_WAIT;
  stage.status = "InProgress";
  stage.startedDateTime = iso(at);
  stage.autoDenyDateTime = iso(at + parseIsoDuration(wait));
  stage.escalationDateTime =
    settings?.isEscalationEnabled && settings.durationBeforeEscalation ? iso(at + parseIsoDuration(settings.durationBeforeEscalation)) : null;
  request.state = "pendingApproval";
  request.status = "PendingApproval";
  state.schedule(stage.autoDenyDateTime, ENTITLEMENT_EVENTS.stageAutoDeny, request.id);
  if (stage.escalationDateTime) state.schedule(stage.escalationDateTime, ENTITLEMENT_EVENTS.stageEscalation, request.id);
}

/** After a stage is approved: the next stage starts, or delivery does. */
export function advanceAfterApproval(state: TenantState, request: AssignmentRequestRecord, index: number, at: number): void {
  if (index + 1 < request.stages.length) startStage(state, request, index + 1, at);
  else beginDelivery(state, request, at);
}

/** Ends a request without access (denied by an approver, or automatically with status `Expired`). */
export function finishRequest(request: AssignmentRequestRecord, state: AssignmentRequestRecord["state"], status: string, at: number): void {
  request.state = state;
  request.status = status;
  request.completedDateTime = iso(at);
  request.deliverAtDateTime = null;
}

/**
 * Approval done (or not needed): Entra takes `deliveryDelay` to deliver. An added assignment exists
 * from now on, `delivering`, with the window it will have; a later requested start makes the request
 * `scheduled` instead, and the assignment appears at that start.
 */
export function beginDelivery(state: TenantState, request: AssignmentRequestRecord, at: number): void {
  const deliverAt = at + parseIsoDuration(state.settings.deliveryDelay || "PT0S");
  const policy = state.policies.get(request.assignmentPolicyId);
  let due = deliverAt;
  if (request.requestType.endsWith("Add") && policy) {
    const window = assignmentWindow(policy, request.schedule, deliverAt);
    if (window.start > deliverAt) {
      due = window.start;
      request.state = "scheduled";
      request.status = "Scheduled";
    } else {
      const assignment = createAssignment(state, request, window, at);
      request.assignmentId = assignment.id;
      request.state = "delivering";
      request.status = "Delivering";
    }
  } else {
    request.state = "delivering";
    request.status = "Delivering";
  }
  request.deliverAtDateTime = iso(due);
  state.schedule(new Date(due), ENTITLEMENT_EVENTS.delivery, request.id);
}

function createAssignment(state: TenantState, request: AssignmentRequestRecord, window: { start: number; end: number | null }, at: number): AssignmentRecord {
  return state.assignments.insert({
    id: stableId("accessPackageAssignment", request.id),
    accessPackageId: request.accessPackageId,
    assignmentPolicyId: request.assignmentPolicyId,
    targetId: request.targetId,
    state: "delivering",
    status: "Delivering",
    schedule: scheduleOf(window),
    expiredDateTime: null,
    createdDateTime: iso(at),
  });
}

function scheduleOf(window: { start: number; end: number | null }): AssignmentRecord["schedule"] {
  return {
    startDateTime: iso(window.start),
    expiration: window.end === null ? { type: "noExpiration", duration: null, endDateTime: null } : { type: "afterDateTime", duration: null, endDateTime: iso(window.end) },
    recurrence: null,
  };
}

/** Delivery completes: access granted (or extended, or removed) and the request `delivered`. */
function completeDelivery(state: TenantState, request: AssignmentRequestRecord, at: number): void {
  const policy = state.policies.get(request.assignmentPolicyId);
  if (request.requestType.endsWith("Add")) {
    let assignment = request.assignmentId ? state.assignments.get(request.assignmentId) : undefined;
    if (!assignment && policy) {
      assignment = createAssignment(state, request, assignmentWindow(policy, request.schedule, at), at);
      request.assignmentId = assignment.id;
    }
    if (assignment) {
      assignment.state = "delivered";
      assignment.status = "Delivered";
      grantPackageResources(state, assignment);
      scheduleEnd(state, assignment);
    }
  } else if (request.requestType.endsWith("Update")) {
    const assignment = request.assignmentId ? state.assignments.get(request.assignmentId) : undefined;
    if (assignment?.state === "delivered" && policy) {
      const window = assignmentWindow(policy, request.schedule, at);
      assignment.schedule = { ...scheduleOf(window), startDateTime: assignment.schedule.startDateTime };
      assignment.status = "Delivered";
      scheduleEnd(state, assignment);
    }
  } else {
    const assignment = request.assignmentId ? state.assignments.get(request.assignmentId) : undefined;
    if (assignment && assignment.state !== "expired") endAssignment(state, assignment, at);
  }
  finishRequest(request, "delivered", "Delivered", at);
}

function scheduleEnd(state: TenantState, assignment: AssignmentRecord): void {
  const end = assignment.schedule.expiration?.endDateTime;
  if (!end) return;
  const endMs = Date.parse(end);
  state.schedule(new Date(endMs), ENTITLEMENT_EVENTS.assignmentExpiry, assignment.id);
  const start = Date.parse(assignment.schedule.startDateTime ?? end);
  // Entra flags assignments a day before they end (it emails the target then).
  if (endMs - start > DAY) state.schedule(new Date(endMs - DAY), ENTITLEMENT_EVENTS.assignmentNearExpiry, assignment.id);
}

function endAssignment(state: TenantState, assignment: AssignmentRecord, at: number): void {
  assignment.state = "expired";
  assignment.status = "Expired";
  assignment.expiredDateTime = iso(at);
  revokePackageResources(state, assignment);
}

/** Registers the entitlement handlers on the tenant's timeline. */
export function registerEntitlementLifecycle(state: TenantState): void {
  state.onEvent(ENTITLEMENT_EVENTS.requestProcessing, (s, event, at) => {
    const request = s.requests.get(event.id);
    if (!request || request.state !== "submitted") return;
    if (request.stages.length > 0) startStage(s, request, 0, at.getTime());
    else beginDelivery(s, request, at.getTime());
  });

  state.onEvent(ENTITLEMENT_EVENTS.stageAutoDeny, (s, event, at) => {
    const request = s.requests.get(event.id);
    const stage = request?.stages.find((x) => x.status === "InProgress");
    if (!request || request.state !== "pendingApproval" || !stage?.autoDenyDateTime || Date.parse(stage.autoDenyDateTime) !== at.getTime()) return;
    stage.status = "Expired";
    finishRequest(request, "denied", "Expired", at.getTime());
  });

  state.onEvent(ENTITLEMENT_EVENTS.stageEscalation, (s, event, at) => {
    const request = s.requests.get(event.id);
    const stage = request?.stages.find((x) => x.status === "InProgress");
    if (!request || request.state !== "pendingApproval" || !stage?.escalationDateTime || Date.parse(stage.escalationDateTime) !== at.getTime()) return;
    stage.escalated = true;
    request.status = "PendingApprovalEscalated";
  });

  state.onEvent(ENTITLEMENT_EVENTS.delivery, (s, event, at) => {
    const request = s.requests.get(event.id);
    if (!request || (request.state !== "delivering" && request.state !== "scheduled")) return;
    if (!request.deliverAtDateTime || Date.parse(request.deliverAtDateTime) !== at.getTime()) return;
    completeDelivery(s, request, at.getTime());
  });

  state.onEvent(ENTITLEMENT_EVENTS.assignmentExpiry, (s, event, at) => {
    const assignment = s.assignments.get(event.id);
    const end = assignment?.schedule.expiration?.endDateTime;
    if (!assignment || assignment.state !== "delivered" || !end || Date.parse(end) !== at.getTime()) return;
    endAssignment(s, assignment, at.getTime());
    // Entra records the removal as a request of its own.
    s.requests.insert({
      id: stableId("systemRemove", assignment.id, end),
      requestType: "systemRemove",
      state: "delivered",
      status: "Delivered",
      createdDateTime: end,
      completedDateTime: end,
      schedule: { startDateTime: null, expiration: { type: "notSpecified", duration: null, endDateTime: null }, recurrence: null },
      answers: [],
      justification: null,
      accessPackageId: assignment.accessPackageId,
      assignmentPolicyId: assignment.assignmentPolicyId,
      targetId: assignment.targetId,
      requestorId: null,
      assignmentId: assignment.id,
      stages: [],
      deliverAtDateTime: null,
    });
  });

  state.onEvent(ENTITLEMENT_EVENTS.assignmentNearExpiry, (s, event, at) => {
    const assignment = s.assignments.get(event.id);
    const end = assignment?.schedule.expiration?.endDateTime;
    if (!assignment || assignment.state !== "delivered" || !end || Date.parse(end) - DAY !== at.getTime()) return;
    assignment.status = "NearExpiry1DayNotificationTriggered";
  });
}
