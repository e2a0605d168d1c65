import { createHash } from "node:crypto";
import { z } from "zod";
import { isIsoDuration, parseIsoDuration } from "../clock/iso-duration.js";
import { buildPolicyRules, DEFAULT_PIM_POLICY, effectiveRules, policyFor, type PimPolicySettings, type PimTarget } from "../routes/pim/pim-policy.js";
import { grantAssignment, PIM_EVENTS } from "../routes/pim/pim-provision.js";
import { currentEligibility, eligibilityWindow, resolveApprovers } from "../routes/pim/pim-records.js";
import { PIM_APPROVAL_WINDOW_MS } from "../routes/pim/submit-pim-request.js";
import type { PimRequestRecord, SubjectSet } from "../state/model.js";
import { ScenarioError, type ScenarioContext } from "./scenario-context.js";

const duration = z.string().refine(isIsoDuration, "must be an ISO 8601 duration such as PT4H or -P2D");
const activationLength = duration.refine((d) => parseIsoDuration(d) > 0 && parseIsoDuration(d) <= 24 * 3_600_000, "must be between PT30M and PT24H, as Entra allows");

const approver = z.union([z.object({ user: z.string() }), z.object({ group: z.string() })]);
const policy = z.object({
  maxActivation: activationLength.default(DEFAULT_PIM_POLICY.maxActivation),
  requireJustification: z.boolean().default(true),
  requireMfa: z.boolean().default(true),
  requireTicket: z.boolean().default(false),
  approvers: z.array(approver).default([]),
});

const targetRef = z.object({ role: z.string().optional(), group: z.string().optional(), access: z.enum(["member", "owner"]).default("member") });

const pimDoc = z.object({
  roles: z.array(
    z.object({
      alias: z.string(),
      id: z.string(),
      displayName: z.string(),
      description: z.string(),
      allowedResourceActions: z.array(z.string()).default([]),
      policy: policy.default(policy.parse({})),
    }),
  ),
  eligibilities: z.array(z.object({ principal: z.string(), role: z.string(), start: duration.default("-P30D"), end: duration.optional() })).default([]),
  assignments: z.array(z.object({ principal: z.string(), role: z.string(), start: duration.default("-P30D") })).default([]),
  groups: z
    .array(
      z.object({
        group: z.string(),
        member: z.object({ policy: policy.default(policy.parse({})), eligible: z.array(z.string()).default([]) }).optional(),
        owner: z.object({ policy: policy.default(policy.parse({})), eligible: z.array(z.string()).default([]) }).optional(),
      }),
    )
    .default([]),
  pendingRequests: z
    .array(targetRef.extend({ principal: z.string(), created: duration, duration: activationLength, justification: z.string() }))
    .default([]),
  activeActivations: z
    .array(
      targetRef.extend({
        principal: z.string(),
        started: duration,
        duration: activationLength,
        justification: z.string(),
        ticket: z.object({ number: z.string(), system: z.string() }).optional(),
      }),
    )
    .default([]),
});

export type PimDocument = z.input<typeof pimDoc>;

/** A GUID derived from scenario names, so ids stay the same across resets and restarts. */
function stableId(...parts: string[]): string {
  const h = createHash("sha1").update(`pim:${parts.join("|")}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Seeds scenario/pim.yaml: role definitions with their PIM policies, eligibilities, permanent
 * assignments, PIM for Groups settings, approvals in flight and activations in force.
 */
export function seedPim(ctx: ScenarioContext, raw: unknown): void {
  const doc = pimDoc.parse(raw);
  const { state } = ctx;
  const roleIds = new Map<string, string>();
  const tenantId = state.settings.tenantId;

  const subjects = (approvers: z.infer<typeof approver>[]): SubjectSet[] =>
    approvers.map((a) =>
      "user" in a
        ? { "@odata.type": "#microsoft.graph.singleUser", userId: ctx.userId(a.user), description: state.users.get(ctx.userId(a.user))?.displayName ?? null }
        : { "@odata.type": "#microsoft.graph.groupMembers", groupId: ctx.groupId(a.group), description: state.groups.get(ctx.groupId(a.group))?.displayName ?? null },
    );
  const settings = (p: z.infer<typeof policy>): PimPolicySettings => ({
    ...DEFAULT_PIM_POLICY,
    maxActivation: p.maxActivation,
    requireJustification: p.requireJustification,
    requireMfa: p.requireMfa,
    requireTicket: p.requireTicket,
    requireApproval: p.approvers.length > 0,
    approvers: subjects(p.approvers),
  });

  for (const role of doc.roles) {
    roleIds.set(role.alias.toLowerCase(), role.id);
    state.roleDefinitions.insert({
      id: role.id,
      templateId: role.id,
      displayName: role.displayName,
      description: role.description,
      isBuiltIn: true,
      isEnabled: true,
      rolePermissions: [{ allowedResourceActions: role.allowedResourceActions, condition: null }],
    });
    state.roleManagementPolicies.insert({
      id: `DirectoryRole_${tenantId}_${stableId("policy", role.id)}`,
      displayName: "DirectoryRole",
      description: "DirectoryRole",
      scopeId: "/",
      scopeType: "DirectoryRole",
      roleDefinitionId: role.id,
      isOrganizationDefault: false,
      lastModifiedDateTime: ctx.at("-P90D"),
      rules: buildPolicyRules(settings(role.policy)),
    });
  }
  const roleId = (alias: string) => {
    const id = roleIds.get(alias.toLowerCase());
    if (!id) throw new ScenarioError(`Unknown role '${alias}': add it to pim.yaml's roles.`);
    return id;
  };
  const targetOf = (ref: z.infer<typeof targetRef>): PimTarget => {
    if (ref.role) return { kind: "role", roleDefinitionId: roleId(ref.role), directoryScopeId: "/" };
    if (ref.group) return { kind: "group", groupId: ctx.groupId(ref.group), accessId: ref.access };
    throw new ScenarioError("Each request or activation names a role, or a group with its access (member or owner).");
  };

  const addEligibility = (principal: string, t: PimTarget, start: string, end?: string) => {
    const principalId = ctx.userId(principal);
    const id = stableId("eligibility", principalId, t.kind === "role" ? t.roleDefinitionId : `${t.groupId}/${t.accessId}`);
    const endIso = end ? ctx.at(end) : null;
    state.eligibilities.insert({
      id,
      principalId,
      roleDefinitionId: t.kind === "role" ? t.roleDefinitionId : null,
      directoryScopeId: t.kind === "role" ? t.directoryScopeId : "/",
      groupId: t.kind === "group" ? t.groupId : null,
      accessId: t.kind === "group" ? t.accessId : null,
      memberType: "Direct",
      status: "Provisioned",
      scheduleInfo: {
        startDateTime: ctx.at(start),
        expiration: endIso ? { type: "afterDateTime", duration: null, endDateTime: endIso } : { type: "noExpiration", duration: null, endDateTime: null },
        recurrence: null,
      },
      createdDateTime: ctx.at(start),
    });
    if (endIso) state.schedule(endIso, PIM_EVENTS.eligibilityEnd, id);
  };

  for (const e of doc.eligibilities) addEligibility(e.principal, { kind: "role", roleDefinitionId: roleId(e.role), directoryScopeId: "/" }, e.start, e.end);

  for (const g of doc.groups) {
    const groupId = ctx.groupId(g.group);
    for (const accessId of ["member", "owner"] as const) {
      const access = g[accessId];
      if (!access) continue;
      state.roleManagementPolicies.insert({
        id: `Group_${groupId}_${stableId("policy", groupId, accessId)}`,
        displayName: "Group",
        description: "Group",
        scopeId: groupId,
        scopeType: "Group",
        roleDefinitionId: accessId,
        isOrganizationDefault: false,
        lastModifiedDateTime: ctx.at("-P60D"),
        rules: buildPolicyRules(settings(access.policy)),
      });
      for (const who of access.eligible) addEligibility(who, { kind: "group", groupId, accessId }, "-P60D");
    }
  }

  const nowMs = ctx.now.getTime();
  const request = (t: PimTarget, principalId: string, action: PimRequestRecord["action"], createdMs: number, span: string, justification: string | null): PimRequestRecord => ({
    id: stableId("request", action, principalId, t.kind === "role" ? t.roleDefinitionId : `${t.groupId}/${t.accessId}`, String(createdMs - nowMs)),
    kind: t.kind,
    action,
    principalId,
    roleDefinitionId: t.kind === "role" ? t.roleDefinitionId : null,
    directoryScopeId: t.kind === "role" ? t.directoryScopeId : null,
    groupId: t.kind === "group" ? t.groupId : null,
    accessId: t.kind === "group" ? t.accessId : null,
    justification,
    scheduleInfo: { startDateTime: new Date(createdMs).toISOString(), expiration: { type: "afterDuration", duration: span, endDateTime: null }, recurrence: null },
    ticketInfo: { ticketNumber: null, ticketSystem: null },
    status: "Provisioned",
    createdDateTime: new Date(createdMs).toISOString(),
    completedDateTime: null,
    createdById: principalId,
    approvalId: null,
    targetScheduleId: null,
    approvalDeadline: null,
    approvalStages: [],
  });

  for (const a of doc.assignments) {
    const principalId = ctx.userId(a.principal);
    const t: PimTarget = { kind: "role", roleDefinitionId: roleId(a.role), directoryScopeId: "/" };
    const startMs = Date.parse(ctx.at(a.start));
    const r = { ...request(t, principalId, "adminAssign", startMs, "PT1H", "Standing assignment."), createdById: state.settings.botAppId };
    r.scheduleInfo = { startDateTime: r.createdDateTime, expiration: { type: "noExpiration", duration: null, endDateTime: null }, recurrence: null };
    r.completedDateTime = r.createdDateTime;
    state.pimRequests.insert(r);
    grantAssignment(state, r, startMs, null, nowMs, null);
  }

  for (const p of doc.pendingRequests) {
    const principalId = ctx.userId(p.principal);
    const t = targetOf(p);
    const createdMs = Date.parse(ctx.at(p.created));
    if (nowMs - createdMs >= PIM_APPROVAL_WINDOW_MS) throw new ScenarioError(`A pending request created ${p.created} would already have lapsed: PIM approvals last 24 hours.`);
    if (!currentEligibility(state, principalId, t, nowMs)) throw new ScenarioError(`${p.principal} has a pending request but no eligibility for it; add one.`);
    const r = request(t, principalId, "selfActivate", createdMs, p.duration, p.justification);
    const rules = effectiveRules(policyFor(state, t), "EndUser");
    if (!rules.isApprovalRequired) throw new ScenarioError(`${p.principal}'s pending request is for a setting without approval; Entra would have activated it at once.`);
    r.status = "PendingApproval";
    r.approvalId = r.id;
    r.approvalDeadline = new Date(createdMs + PIM_APPROVAL_WINDOW_MS).toISOString();
    r.approvalStages = [
      {
        id: stableId("stage", r.id),
        approverIds: resolveApprovers(state, rules.primaryApprovers, principalId),
        status: "InProgress",
        reviewResult: "NotReviewed",
        reviewedById: null,
        reviewedDateTime: null,
        justification: null,
      },
    ];
    state.pimRequests.insert(r);
    state.schedule(r.approvalDeadline, PIM_EVENTS.approvalTimeout, r.id);
  }

  for (const a of doc.activeActivations) {
    const principalId = ctx.userId(a.principal);
    const t = targetOf(a);
    const eligibility = currentEligibility(state, principalId, t, nowMs);
    if (!eligibility) throw new ScenarioError(`${a.principal} has an active activation but no eligibility for it; add one.`);
    const startMs = Date.parse(ctx.at(a.started));
    const r = request(t, principalId, "selfActivate", startMs, a.duration, a.justification);
    r.ticketInfo = a.ticket ? { ticketNumber: a.ticket.number, ticketSystem: a.ticket.system } : r.ticketInfo;
    r.completedDateTime = r.createdDateTime;
    state.pimRequests.insert(r);
    const endMs = Math.min(startMs + parseIsoDuration(a.duration), eligibilityWindow(eligibility).endMs);
    grantAssignment(state, r, startMs, endMs, nowMs, eligibility.id);
  }
}
