import { GraphError } from "../../http/graph-error.js";
import type { RouteContext } from "../../http/route.js";
import type {
  AccessReviewDecisionRecord,
  AccessReviewDefinitionRecord,
  AccessReviewInstanceRecord,
} from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/** Built-in role template ids. */
const ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  securityReader: "5d6b6bb7-de71-4623-b4af-96380a352509",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  identityGovernanceAdministrator: "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e",
} as const;

/** Roles that may read every group and app review in delegated calls (Graph's access review RBAC). */
const READER_ROLES = new Set<string>(Object.values(ROLE));
/** Roles that may manage (remind, stop, apply, reset) every group and app review. */
const MANAGER_ROLES = new Set<string>([ROLE.globalAdministrator, ROLE.userAdministrator, ROLE.identityGovernanceAdministrator]);

/** Template ids of the directory roles the user holds actively right now. */
function activeRoleTemplates(state: TenantState, userId: string, nowIso: string): Set<string> {
  const now = Date.parse(nowIso);
  const templates = new Set<string>();
  for (const a of state.activeAssignments.by("principalId", userId)) {
    if (a.kind !== "role" || !a.roleDefinitionId) continue;
    if (Date.parse(a.startDateTime) > now || (a.endDateTime !== null && Date.parse(a.endDateTime) <= now)) continue;
    templates.add(state.roleDefinitions.get(a.roleDefinitionId)?.templateId ?? a.roleDefinitionId);
  }
  return templates;
}

function holdsAny(ctx: RouteContext, roles: ReadonlySet<string>): boolean {
  const c = ctx.caller;
  if (c.kind === "app") return true;
  for (const t of activeRoleTemplates(ctx.state, c.userId, ctx.nowIso)) if (roles.has(t)) return true;
  return false;
}

/** The signed-in user's id, or null for an app-only token. */
export function callerUserId(ctx: RouteContext): string | null {
  return ctx.caller.kind === "user" ? ctx.caller.userId : null;
}

/** True for app tokens and for users in a role that reads every access review. */
export function canReadAllReviews(ctx: RouteContext): boolean {
  return holdsAny(ctx, READER_ROLES);
}

function isReviewerOfDefinition(state: TenantState, definitionId: string, userId: string): boolean {
  return state.reviewInstances.by("definitionId", definitionId).some((i) => i.reviewerIds.includes(userId));
}

/**
 * Delegated readers of a review: directory roles that read reviews, the review's creator, and its
 * reviewers (Graph lets a reviewer read the definition and instances they review).
 */
export function assertCanReadReview(ctx: RouteContext, definition: AccessReviewDefinitionRecord, instance?: AccessReviewInstanceRecord): void {
  const userId = callerUserId(ctx);
  if (userId === null || canReadAllReviews(ctx) || definition.createdById === userId) return;
  const reviewer = instance ? instance.reviewerIds.includes(userId) : isReviewerOfDefinition(ctx.state, definition.id, userId);
  if (reviewer) return;
  throw GraphError.forbidden(
    "The signed-in user is neither a reviewer nor the creator of this access review, and holds no directory role that reads access reviews (such as Identity Governance Administrator or Global Reader).",
  );
}

/** Admin actions (sendReminder, stop, applyDecisions, resetDecisions): the app, the creator or a managing role. */
export function assertCanManageReview(ctx: RouteContext, definition: AccessReviewDefinitionRecord): void {
  const userId = callerUserId(ctx);
  if (userId === null || definition.createdById === userId || holdsAny(ctx, MANAGER_ROLES)) return;
  throw GraphError.forbidden(
    "Only the review's creator, an Identity Governance Administrator or a User Administrator may manage this access review; reviewers record decisions instead.",
  );
}

/** The reviewer filter of `filterByCurrentUser(on='reviewer')`; Graph knows no other value for reviews. */
export function assertOnReviewer(ctx: RouteContext): void {
  const on = ctx.fnArgs.on ?? "";
  if (on !== "reviewer") {
    throw GraphError.badRequest(`The value '${on}' is not valid for the function parameter 'on'. Use filterByCurrentUser(on='reviewer').`);
  }
}

export function requireDefinition(ctx: RouteContext): AccessReviewDefinitionRecord {
  const id = ctx.params.definitionId ?? "";
  const definition = ctx.state.reviewDefinitions.get(id);
  if (!definition) throw GraphError.notFound(`The access review definition '${id}' does not exist.`);
  return definition;
}

export function requireInstance(ctx: RouteContext, definition: AccessReviewDefinitionRecord): AccessReviewInstanceRecord {
  const id = ctx.params.instanceId ?? "";
  const instance = ctx.state.reviewInstances.get(id);
  if (!instance || instance.definitionId !== definition.id) {
    throw GraphError.notFound(`The access review instance '${id}' does not exist in definition '${definition.id}'.`);
  }
  return instance;
}

export function requireDecision(ctx: RouteContext, instance: AccessReviewInstanceRecord): AccessReviewDecisionRecord {
  const id = ctx.params.decisionId ?? "";
  const decision = ctx.state.reviewDecisions.get(id);
  if (!decision || decision.instanceId !== instance.id) {
    throw GraphError.notFound(`The access review decision '${id}' does not exist in instance '${instance.id}'.`);
  }
  return decision;
}
