import { z } from "zod";
import { isIsoDuration } from "../clock/iso-duration.js";
import { GraphError } from "../http/graph-error.js";
import { planRequest, type RequestActor } from "../routes/entitlement/plan-request.js";
import { cancelRequest, decideStage } from "../routes/entitlement/request-actions.js";
import type { RequestInput, SubmittableType } from "../routes/entitlement/request-input.js";
import { submitRequest } from "../routes/entitlement/request-lifecycle.js";
import { stableId } from "../routes/entitlement/stable-id.js";
import type { AccessPackageQuestion, AssignmentPolicyRecord, ResourceRecord, SubjectSet } from "../state/model.js";
import { ScenarioError, type ScenarioContext } from "./scenario-context.js";

const duration = z.string().refine(isIsoDuration, "must be an ISO 8601 duration such as PT2H or -P1D");

/** `manager`, `manager:2`, `user:<alias>`, `group:<alias>`, `sponsors`, `internalSponsors`, `externalSponsors`. */
const subject = z.string();

const stageDoc = z.object({
  approvers: z.array(subject).min(1),
  fallbackApprovers: z.array(subject).default([]),
  escalation: z.object({ after: duration, approvers: z.array(subject).min(1), fallbackApprovers: z.array(subject).default([]) }).optional(),
  autoDenyAfter: duration.default("P14D"),
  approverJustificationRequired: z.boolean().default(false),
});

const questionDoc = z.object({
  alias: z.string(),
  id: z.string(),
  text: z.string(),
  required: z.boolean().default(false),
  regex: z.string().optional(),
  multiline: z.boolean().default(false),
  choices: z.array(z.object({ value: z.string(), text: z.string() })).optional(),
  multiple: z.boolean().default(false),
});

const policyDoc = z.object({
  alias: z.string(),
  id: z.string(),
  displayName: z.string(),
  description: z.string().default(""),
  /** `allMemberUsers`, `allDirectoryUsers`, `allExternalUsers`, `none` (admin direct assignment only), or subjects. */
  allowedTargets: z.union([z.enum(["allMemberUsers", "allDirectoryUsers", "allExternalUsers", "none"]), z.array(subject).min(1)]),
  /** How long an assignment lasts (ISO duration), or `never`. */
  expiration: z.union([duration, z.literal("never")]),
  customSchedule: z.boolean().default(false),
  selfAdd: z.boolean().default(true),
  selfUpdate: z.boolean().default(false),
  selfRemove: z.boolean().default(true),
  justificationRequired: z.boolean().default(false),
  approvalForUpdate: z.boolean().default(false),
  stages: z.array(stageDoc).max(3).default([]),
  questions: z.array(questionDoc).default([]),
});

const grantDoc = z.union([z.object({ group: z.string() }).strict(), z.object({ app: z.string(), role: z.string() }).strict()]);

const packageDoc = z.object({
  alias: z.string(),
  id: z.string(),
  catalog: z.string(),
  displayName: z.string(),
  description: z.string(),
  hidden: z.boolean().default(false),
  grants: z.array(grantDoc).min(1),
  policies: z.array(policyDoc).min(1),
});

const catalogDoc = z.object({
  alias: z.string(),
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  externallyVisible: z.boolean().default(false),
  /** People (aliases) who hold the catalog owner role in it. */
  owners: z.array(z.string()).default([]),
  /** People (aliases) who hold the access package manager role in it. */
  packageManagers: z.array(z.string()).default([]),
});

/** Built-in entitlement management role definitions (the same ids in every tenant). */
const CATALOG_OWNER_ROLE = "ae79f266-94d4-4dab-b730-feca7e132178";
const ACCESS_PACKAGE_MANAGER_ROLE = "7f480852-ebdc-47d4-87de-0d8498384a83";

const requestDoc = z.object({
  alias: z.string(),
  target: z.string(),
  package: z.string(),
  policy: z.string().optional(),
  type: z.enum(["userAdd", "userUpdate", "userRemove", "adminAdd", "adminUpdate", "adminRemove"]).default("userAdd"),
  /** When the request was submitted (offset from the anchor). */
  at: duration,
  justification: z.string().optional(),
  /** Answers by question alias. */
  answers: z.record(z.string(), z.string()).default({}),
  schedule: z.object({ start: duration.optional(), duration: duration.optional() }).optional(),
  /** Decisions on the request's stages, in order. */
  decisions: z.array(z.object({ by: z.string(), result: z.enum(["Approve", "Deny"]), at: duration, justification: z.string().optional() })).default([]),
  canceledAt: duration.optional(),
});

const entitlementDoc = z.object({
  catalogs: z.array(catalogDoc).default([]),
  accessPackages: z.array(packageDoc).default([]),
  requests: z.array(requestDoc).default([]),
});

export type EntitlementDocument = z.input<typeof entitlementDoc>;

/**
 * Seeds scenario/entitlement.yaml: catalogs, their resources (from the packages' grants), access
 * packages and policies, then the requests, replayed in time order through the same rules and lifecycle
 * the API uses (submit, approve or deny, cancel), with the timeline played up to each step. Seeded
 * requests and assignments are therefore exactly what the API would have produced, and their future
 * events (escalation, automatic denial, delivery, expiry) are already scheduled.
 */
export function seedEntitlement(ctx: ScenarioContext, raw: unknown): void {
  const doc = entitlementDoc.parse(raw);
  const created = ctx.at("-P200D");
  for (const c of doc.catalogs) {
    ctx.state.catalogs.insert({
      id: c.id,
      displayName: c.displayName,
      description: c.description,
      catalogType: "userManaged",
      state: "published",
      isExternallyVisible: c.externallyVisible,
      createdDateTime: created,
      modifiedDateTime: created,
      roleAssignments: [
        ...c.owners.map((alias) => ({ roleDefinitionId: CATALOG_OWNER_ROLE, principalId: ctx.userId(alias) })),
        ...c.packageManagers.map((alias) => ({ roleDefinitionId: ACCESS_PACKAGE_MANAGER_ROLE, principalId: ctx.userId(alias) })),
      ],
    });
    ctx.objectAliases.set(`catalog:${c.alias}`, c.id);
  }
  for (const p of doc.accessPackages) seedPackage(ctx, p, created);
  replayRequests(ctx, doc.requests);
}

type PackageDoc = z.infer<typeof packageDoc>;
type PolicyDoc = z.infer<typeof policyDoc>;
type RequestDoc = z.infer<typeof requestDoc>;

function seedPackage(ctx: ScenarioContext, p: PackageDoc, created: string): void {
  const catalogId = ctx.objectId(`catalog:${p.catalog}`);
  const resourceRoleScopes = p.grants.map((grant) => {
    const { resource, roleOriginId } = "group" in grant ? groupResource(ctx, catalogId, grant.group, created) : appResource(ctx, catalogId, grant, created);
    return { id: stableId("accessPackageResourceRoleScope", p.id, resource.id, roleOriginId), resourceId: resource.id, roleOriginId, createdDateTime: created };
  });
  ctx.state.accessPackages.insert({
    id: p.id,
    catalogId,
    displayName: p.displayName,
    description: p.description,
    isHidden: p.hidden,
    createdDateTime: created,
    modifiedDateTime: created,
    resourceRoleScopes,
  });
  ctx.objectAliases.set(`accessPackage:${p.alias}`, p.id);
  for (const policy of p.policies) {
    ctx.state.policies.insert(buildPolicy(ctx, p.id, policy, created));
    ctx.objectAliases.set(`assignmentPolicy:${policy.alias}`, policy.id);
    for (const q of policy.questions) ctx.objectAliases.set(`question:${policy.alias}/${q.alias}`, q.id);
  }
}

/** The catalog resource for a group (added once per catalog), granting its Member role. */
function groupResource(ctx: ScenarioContext, catalogId: string, alias: string, created: string): { resource: ResourceRecord; roleOriginId: string } {
  const group = ctx.state.groups.get(ctx.groupId(alias))!;
  const resource = catalogResource(ctx, {
    id: stableId("accessPackageResource", catalogId, group.id),
    catalogId,
    displayName: group.displayName,
    description: group.description,
    originId: group.id,
    originSystem: "AadGroup",
    createdDateTime: created,
    roles: ["Member", "Owner"].map((role) => ({ id: stableId("accessPackageResourceRole", group.id, role), displayName: role, description: null, originId: `${role}_${group.id}` })),
  });
  return { resource, roleOriginId: `Member_${group.id}` };
}

/** The catalog resource for an enterprise app (its service principal), granting one of its app roles. */
function appResource(ctx: ScenarioContext, catalogId: string, grant: { app: string; role: string }, created: string): { resource: ResourceRecord; roleOriginId: string } {
  const app = ctx.app(grant.app);
  const role = app.appRoles.find((r) => r.value === grant.role || r.displayName === grant.role);
  if (!role) throw new ScenarioError(`Application '${grant.app}' has no app role '${grant.role}'.`);
  const resource = catalogResource(ctx, {
    id: stableId("accessPackageResource", catalogId, app.id),
    catalogId,
    displayName: app.displayName,
    description: null,
    originId: app.id,
    originSystem: "AadApplication",
    createdDateTime: created,
    roles: app.appRoles.map((r) => ({ id: stableId("accessPackageResourceRole", app.id, r.id), displayName: r.displayName, description: r.description, originId: r.id })),
  });
  return { resource, roleOriginId: role.id };
}

function catalogResource(ctx: ScenarioContext, resource: ResourceRecord): ResourceRecord {
  return ctx.state.resources.get(resource.id) ?? ctx.state.resources.insert(resource);
}

function subjectSet(ctx: ScenarioContext, text: string): SubjectSet {
  const [kind, arg] = text.split(":", 2) as [string, string | undefined];
  switch (kind) {
    case "manager": {
      const managerLevel = arg ? Number(arg) : 1;
      if (!Number.isInteger(managerLevel) || managerLevel < 1) throw new ScenarioError(`'${text}': the manager level must be a whole number from 1, as in manager:2.`);
      return { "@odata.type": "#microsoft.graph.requestorManager", managerLevel };
    }
    case "user":
      return { "@odata.type": "#microsoft.graph.singleUser", userId: ctx.userId(arg ?? ""), description: ctx.state.users.get(ctx.userId(arg ?? ""))?.displayName ?? null };
    case "group":
      return { "@odata.type": "#microsoft.graph.groupMembers", groupId: ctx.groupId(arg ?? ""), description: ctx.state.groups.get(ctx.groupId(arg ?? ""))?.displayName ?? null };
    case "sponsors":
      return { "@odata.type": "#microsoft.graph.targetUserSponsors" };
    case "internalSponsors":
      return { "@odata.type": "#microsoft.graph.internalSponsors" };
    case "externalSponsors":
      return { "@odata.type": "#microsoft.graph.externalSponsors" };
    default:
      throw new ScenarioError(`Unknown approver or target '${text}': use manager, manager:2, user:<alias>, group:<alias>, sponsors, internalSponsors or externalSponsors.`);
  }
}

function buildPolicy(ctx: ScenarioContext, accessPackageId: string, p: PolicyDoc, created: string): AssignmentPolicyRecord {
  const sets = (list: string[]) => list.map((s) => subjectSet(ctx, s));
  const approval = p.stages.length > 0;
  return {
    id: p.id,
    accessPackageId,
    displayName: p.displayName,
    description: p.description,
    allowedTargetScope: Array.isArray(p.allowedTargets) ? "specificDirectoryUsers" : p.allowedTargets === "none" ? "notSpecified" : p.allowedTargets,
    specificAllowedTargets: Array.isArray(p.allowedTargets) ? sets(p.allowedTargets) : [],
    expiration: p.expiration === "never" ? { type: "noExpiration", duration: null, endDateTime: null } : { type: "afterDuration", duration: p.expiration, endDateTime: null },
    requestorSettings: {
      enableTargetsToSelfAddAccess: p.allowedTargets !== "none" && p.selfAdd,
      enableTargetsToSelfUpdateAccess: p.allowedTargets !== "none" && p.selfUpdate,
      enableTargetsToSelfRemoveAccess: p.allowedTargets !== "none" && p.selfRemove,
      allowCustomAssignmentSchedule: p.customSchedule,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: [],
    },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: approval,
      isApprovalRequiredForUpdate: approval && p.approvalForUpdate,
      isRequestorJustificationRequired: p.justificationRequired,
      stages: p.stages.map((s) => ({
        durationBeforeAutomaticDenial: s.autoDenyAfter,
        isApproverJustificationRequired: s.approverJustificationRequired,
        isEscalationEnabled: s.escalation !== undefined,
        durationBeforeEscalation: s.escalation?.after ?? "PT0S",
        primaryApprovers: sets(s.approvers),
        fallbackPrimaryApprovers: sets(s.fallbackApprovers),
        escalationApprovers: sets(s.escalation?.approvers ?? []),
        fallbackEscalationApprovers: sets(s.escalation?.fallbackApprovers ?? []),
      })),
    },
    automaticRequestSettings: null,
    questions: p.questions.map((q, i) => buildQuestion(q, i + 1)),
    createdDateTime: created,
    modifiedDateTime: created,
  };
}

function buildQuestion(q: z.infer<typeof questionDoc>, sequence: number): AccessPackageQuestion {
  const common = { id: q.id, sequence, isRequired: q.required, isAnswerEditable: false, text: q.text, localizations: [] };
  if (q.choices) {
    return {
      "@odata.type": "#microsoft.graph.accessPackageMultipleChoiceQuestion",
      ...common,
      isMultipleSelectionAllowed: q.multiple,
      choices: q.choices.map((c) => ({ actualValue: c.value, text: c.text, localizations: [] })),
    };
  }
  return { "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", ...common, isSingleLineQuestion: !q.multiline, regexPattern: q.regex ?? null };
}

interface Step {
  at: number;
  order: number;
  alias: string;
  run: () => void;
}

/** Replays every request's submission, decisions and cancellation in time order. */
function replayRequests(ctx: ScenarioContext, requests: RequestDoc[]): void {
  const steps: Step[] = [];
  for (const r of requests) {
    const id = stableId("accessPackageAssignmentRequest", r.alias);
    ctx.objectAliases.set(`accessPackageAssignmentRequest:${r.alias}`, id);
    const at = (offset: string) => Date.parse(ctx.at(offset));
    steps.push({ at: at(r.at), order: steps.length, alias: r.alias, run: () => submitSeeded(ctx, r, id, at(r.at)) });
    for (const d of r.decisions) {
      steps.push({
        at: at(d.at),
        order: steps.length,
        alias: r.alias,
        run: () => {
          const request = ctx.state.requests.get(id)!;
          const stage = request.stages.find((s) => s.status === "InProgress");
          if (!stage) throw new GraphError(409, "Conflict", `request is ${request.state} at ${d.at}, with no stage waiting for ${d.by}'s decision`);
          decideStage(ctx.state, id, stage.id, ctx.userId(d.by), { reviewResult: d.result, justification: d.justification }, new Date(at(d.at)));
        },
      });
    }
    if (r.canceledAt) {
      const when = at(r.canceledAt);
      steps.push({ at: when, order: steps.length, alias: r.alias, run: () => cancelRequest(ctx.state, id, ctx.userId(r.target), new Date(when)) });
    }
  }
  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const step of steps) {
    // Earlier lifecycle events (processing, delivery, escalation, expiry) happen first, at their own instants.
    ctx.state.runDue(step.at);
    try {
      step.run();
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      throw new ScenarioError(`Request '${step.alias}' breaks a rule at ${new Date(step.at).toISOString()}: ${error.message}`);
    }
  }
}

function submitSeeded(ctx: ScenarioContext, r: RequestDoc, id: string, at: number): void {
  const targetId = ctx.userId(r.target);
  const policyId = r.policy ? ctx.objectId(`assignmentPolicy:${r.policy}`) : null;
  const packageId = ctx.objectId(`accessPackage:${r.package}`);
  const answers = Object.entries(r.answers).map(([alias, value]) => {
    const policyAlias = r.policy ?? policyAliasFor(ctx, packageId);
    return { questionId: ctx.objectId(`question:${policyAlias}/${alias}`), value, displayValue: null };
  });
  const input: RequestInput = {
    requestType: r.type as SubmittableType,
    accessPackageId: packageId,
    assignmentPolicyId: policyId,
    targetId,
    assignmentId: null,
    schedule: r.schedule
      ? {
          startDateTime: r.schedule.start ? ctx.at(r.schedule.start) : null,
          expiration: r.schedule.duration ? { type: "afterDuration", duration: r.schedule.duration, endDateTime: null } : null,
        }
      : null,
    answers,
    justification: r.justification ?? null,
  };
  const actor: RequestActor = r.type.startsWith("user") ? { kind: "user", userId: targetId, isAdmin: false } : { kind: "app" };
  const when = new Date(at);
  submitRequest(ctx.state, planRequest(ctx.state, input, actor, when), actor, when, id);
}

/** The alias of the package's policy that asks questions, for answers of a request that names no policy. */
function policyAliasFor(ctx: ScenarioContext, packageId: string): string {
  for (const [key, id] of ctx.objectAliases) {
    const policy = key.startsWith("assignmentPolicy:") ? ctx.state.policies.get(id) : undefined;
    if (policy?.accessPackageId === packageId && policy.questions.length > 0) return key.slice("assignmentPolicy:".length);
  }
  throw new ScenarioError("Answers need a policy with questions; name it with 'policy'.");
}
