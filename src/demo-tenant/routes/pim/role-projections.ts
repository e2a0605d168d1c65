import type { NavigationTarget, Projection } from "../../http/projection.js";
import { plainProjection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type { ActiveAssignmentRecord, EligibilityRecord, PimRequestRecord, RoleDefinitionRecord } from "../../state/model.js";
import { principalOf, principalProjection, createdByIdentitySet } from "./principal-projections.js";
import { eligibilityEndIso, eligibilityWindow, roleInstanceId } from "./pim-records.js";

/** How Entra role definitions and PIM schedules, instances and requests for directory roles appear in Graph. */

export const roleDefinitionProjection: Projection<RoleDefinitionRecord> = {
  typeName: "unifiedRoleDefinition",
  toGraph: (r) => ({
    id: r.id,
    description: r.description,
    displayName: r.displayName,
    isBuiltIn: r.isBuiltIn,
    isEnabled: r.isEnabled,
    resourceScopes: ["/"],
    templateId: r.templateId,
    version: "1",
    rolePermissions: r.rolePermissions.map((p) => ({ allowedResourceActions: p.allowedResourceActions, condition: p.condition, excludedResourceActions: [] })),
  }),
  navigations: {
    inheritsPermissionsFrom: () => ({ projection: roleDefinitionProjection, value: [] }),
  },
};

const nothing = (): NavigationTarget => ({ projection: plainProjection("directoryObject"), value: null });

/** Navigations every directory-role schedule type has. */
function roleNavigations<T extends { principalId: string; roleDefinitionId: string | null }>() {
  return {
    roleDefinition: (r: T, ctx: RouteContext): NavigationTarget => ({
      projection: roleDefinitionProjection,
      value: r.roleDefinitionId ? (ctx.state.roleDefinitions.get(r.roleDefinitionId) ?? null) : null,
    }),
    principal: (r: T, ctx: RouteContext): NavigationTarget => ({ projection: principalProjection, value: principalOf(ctx.state, r.principalId) }),
    // Tenant-wide scope ('/') is no directory object; Graph returns null for it.
    directoryScope: nothing,
    appScope: nothing,
  };
}

export const roleEligibilityScheduleProjection: Projection<EligibilityRecord> = {
  typeName: "unifiedRoleEligibilitySchedule",
  toGraph: (e) => ({
    id: e.id,
    principalId: e.principalId,
    roleDefinitionId: e.roleDefinitionId,
    directoryScopeId: e.directoryScopeId,
    appScopeId: null,
    createdUsing: e.id,
    createdDateTime: e.createdDateTime,
    modifiedDateTime: null,
    status: e.status,
    memberType: e.memberType,
    scheduleInfo: e.scheduleInfo,
  }),
  navigations: roleNavigations<EligibilityRecord>(),
};

export const roleEligibilityInstanceProjection: Projection<EligibilityRecord> = {
  typeName: "unifiedRoleEligibilityScheduleInstance",
  toGraph: (e) => ({
    id: roleInstanceId(e.roleDefinitionId ?? "", e.principalId, "eligibility"),
    principalId: e.principalId,
    roleDefinitionId: e.roleDefinitionId,
    directoryScopeId: e.directoryScopeId,
    appScopeId: null,
    startDateTime: new Date(eligibilityWindow(e).startMs).toISOString(),
    endDateTime: eligibilityEndIso(e),
    memberType: e.memberType,
    roleEligibilityScheduleId: e.id,
  }),
  navigations: roleNavigations<EligibilityRecord>(),
};

function eligibilityOf(ctx: RouteContext, id: string | null): EligibilityRecord | null {
  return id ? (ctx.state.eligibilities.get(id) ?? null) : null;
}

export const roleAssignmentScheduleProjection: Projection<ActiveAssignmentRecord> = {
  typeName: "unifiedRoleAssignmentSchedule",
  toGraph: (a) => ({
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    createdUsing: a.requestId ?? a.id,
    createdDateTime: a.createdDateTime,
    modifiedDateTime: null,
    status: a.status,
    assignmentType: a.assignmentType,
    memberType: a.memberType,
    scheduleInfo: a.scheduleInfo,
  }),
  navigations: {
    ...roleNavigations<ActiveAssignmentRecord>(),
    activatedUsing: (a, ctx) => ({ projection: roleEligibilityScheduleProjection, value: eligibilityOf(ctx, a.eligibilityId) }),
  },
};

export const roleAssignmentInstanceProjection: Projection<ActiveAssignmentRecord> = {
  typeName: "unifiedRoleAssignmentScheduleInstance",
  toGraph: (a) => ({
    id: roleInstanceId(a.roleDefinitionId ?? "", a.principalId, "assignment"),
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    startDateTime: a.startDateTime,
    endDateTime: a.endDateTime,
    assignmentType: a.assignmentType,
    memberType: a.memberType,
    roleAssignmentOriginId: a.id,
    roleAssignmentScheduleId: a.id,
  }),
  navigations: {
    ...roleNavigations<ActiveAssignmentRecord>(),
    activatedUsing: (a, ctx) => ({ projection: roleEligibilityInstanceProjection, value: eligibilityOf(ctx, a.eligibilityId) }),
  },
};

export const roleAssignmentRequestProjection: Projection<PimRequestRecord> = {
  typeName: "unifiedRoleAssignmentScheduleRequest",
  toGraph: (r, ctx) => ({
    id: r.id,
    status: r.status,
    createdDateTime: r.createdDateTime,
    completedDateTime: r.completedDateTime,
    approvalId: r.approvalId,
    customData: null,
    action: r.action,
    principalId: r.principalId,
    roleDefinitionId: r.roleDefinitionId,
    directoryScopeId: r.directoryScopeId,
    appScopeId: null,
    isValidationOnly: false,
    targetScheduleId: r.targetScheduleId,
    justification: r.justification,
    createdBy: createdByIdentitySet(ctx.state, r.createdById),
    scheduleInfo: r.scheduleInfo,
    ticketInfo: r.ticketInfo ?? { ticketNumber: null, ticketSystem: null },
  }),
  navigations: {
    ...roleNavigations<PimRequestRecord>(),
    activatedUsing: (r, ctx) => {
      const assignment = r.targetScheduleId ? ctx.state.activeAssignments.get(r.targetScheduleId) : undefined;
      return { projection: roleEligibilityScheduleProjection, value: r.action === "selfActivate" ? eligibilityOf(ctx, assignment?.eligibilityId ?? null) : null };
    },
    targetSchedule: (r, ctx) => ({
      projection: roleAssignmentScheduleProjection,
      value: r.targetScheduleId ? (ctx.state.activeAssignments.get(r.targetScheduleId) ?? null) : null,
    }),
  },
};
