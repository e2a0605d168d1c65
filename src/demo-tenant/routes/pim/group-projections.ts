import type { NavigationTarget, Projection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type { ActiveAssignmentRecord, EligibilityRecord, PimRequestRecord } from "../../state/model.js";
import { createdByIdentitySet, groupProjection, principalOf, principalProjection } from "./principal-projections.js";
import { eligibilityEndIso, eligibilityWindow } from "./pim-records.js";

/**
 * PIM for Groups objects as Graph shows them. Unlike directory roles, their `memberType` and
 * `assignmentType` are real enums, written in lower camel case (`direct`, `activated`).
 */

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function groupNavigations<T extends { principalId: string; groupId: string | null }>() {
  return {
    principal: (r: T, ctx: RouteContext): NavigationTarget => ({ projection: principalProjection, value: principalOf(ctx.state, r.principalId) }),
    group: (r: T, ctx: RouteContext): NavigationTarget => ({ projection: groupProjection, value: r.groupId ? (ctx.state.groups.get(r.groupId) ?? null) : null }),
  };
}

export const groupEligibilityScheduleProjection: Projection<EligibilityRecord> = {
  typeName: "privilegedAccessGroupEligibilitySchedule",
  toGraph: (e) => ({
    id: e.id,
    createdDateTime: e.createdDateTime,
    createdUsing: e.id,
    modifiedDateTime: null,
    status: e.status,
    scheduleInfo: e.scheduleInfo,
    accessId: e.accessId,
    groupId: e.groupId,
    memberType: lower(e.memberType),
    principalId: e.principalId,
  }),
  navigations: groupNavigations<EligibilityRecord>(),
};

export const groupEligibilityInstanceProjection: Projection<EligibilityRecord> = {
  typeName: "privilegedAccessGroupEligibilityScheduleInstance",
  toGraph: (e) => ({
    id: e.id,
    startDateTime: new Date(eligibilityWindow(e).startMs).toISOString(),
    endDateTime: eligibilityEndIso(e),
    accessId: e.accessId,
    eligibilityScheduleId: e.id,
    groupId: e.groupId,
    memberType: lower(e.memberType),
    principalId: e.principalId,
  }),
  navigations: groupNavigations<EligibilityRecord>(),
};

const eligibilityOf = (ctx: RouteContext, id: string | null) => (id ? (ctx.state.eligibilities.get(id) ?? null) : null);

export const groupAssignmentScheduleProjection: Projection<ActiveAssignmentRecord> = {
  typeName: "privilegedAccessGroupAssignmentSchedule",
  toGraph: (a) => ({
    id: a.id,
    createdDateTime: a.createdDateTime,
    createdUsing: a.requestId ?? a.id,
    modifiedDateTime: null,
    status: a.status,
    scheduleInfo: a.scheduleInfo,
    accessId: a.accessId,
    assignmentType: lower(a.assignmentType),
    groupId: a.groupId,
    memberType: lower(a.memberType),
    principalId: a.principalId,
  }),
  navigations: {
    ...groupNavigations<ActiveAssignmentRecord>(),
    activatedUsing: (a, ctx) => ({ projection: groupEligibilityScheduleProjection, value: eligibilityOf(ctx, a.eligibilityId) }),
  },
};

export const groupAssignmentInstanceProjection: Projection<ActiveAssignmentRecord> = {
  typeName: "privilegedAccessGroupAssignmentScheduleInstance",
  toGraph: (a) => ({
    id: a.id,
    startDateTime: a.startDateTime,
    endDateTime: a.endDateTime,
    accessId: a.accessId,
    assignmentScheduleId: a.id,
    assignmentType: lower(a.assignmentType),
    groupId: a.groupId,
    memberType: lower(a.memberType),
    principalId: a.principalId,
  }),
  navigations: {
    ...groupNavigations<ActiveAssignmentRecord>(),
    activatedUsing: (a, ctx) => ({ projection: groupEligibilityInstanceProjection, value: eligibilityOf(ctx, a.eligibilityId) }),
  },
};

export const groupAssignmentRequestProjection: Projection<PimRequestRecord> = {
  typeName: "privilegedAccessGroupAssignmentScheduleRequest",
  toGraph: (r, ctx) => ({
    id: r.id,
    status: r.status,
    createdDateTime: r.createdDateTime,
    completedDateTime: r.completedDateTime,
    approvalId: r.approvalId,
    customData: null,
    createdBy: createdByIdentitySet(ctx.state, r.createdById),
    action: r.action,
    isValidationOnly: false,
    justification: r.justification,
    scheduleInfo: r.scheduleInfo,
    ticketInfo: r.ticketInfo ?? { ticketNumber: null, ticketSystem: null },
    principalId: r.principalId,
    accessId: r.accessId,
    groupId: r.groupId,
    targetScheduleId: r.targetScheduleId,
  }),
  navigations: {
    ...groupNavigations<PimRequestRecord>(),
    activatedUsing: (r, ctx) => {
      const assignment = r.targetScheduleId ? ctx.state.activeAssignments.get(r.targetScheduleId) : undefined;
      return { projection: groupEligibilityScheduleProjection, value: r.action === "selfActivate" ? eligibilityOf(ctx, assignment?.eligibilityId ?? null) : null };
    },
  },
};
