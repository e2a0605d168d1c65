import type { Group } from "@microsoft/microsoft-graph-types";
import { systemClock, type Clock } from "../domain/clock.js";
import type { PendingPimApproval, PimActivation, PimApproval, PimApprovalStage, PimKind, PimRequest } from "../domain/model/pim-request.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { isBatchSuccess, readBatchItem } from "./batch-item.js";
import { GovernanceError } from "./governance-error.js";
import type { BatchRequest, GraphHttp } from "./graph-http.js";
import {
  mapApproval,
  mapGroupInstance,
  mapGroupRequest,
  mapRoleInstance,
  mapRoleRequest,
  type GraphGroupInstance,
  type GraphGroupRequest,
  type GraphPimApproval,
  type GraphRoleInstance,
  type GraphRoleRequest,
} from "./map-graph-pim.js";
import { readPimApprovalRule, type GraphPolicyAssignment, type PimApprovalRule } from "./map-graph-pim-policy.js";
import { TtlCache } from "../domain/async/ttl-cache.js";

/** Where PIM lives in Graph. */
export const PIM_PATHS = {
  roleRequests: "/roleManagement/directory/roleAssignmentScheduleRequests",
  roleInstances: "/roleManagement/directory/roleAssignmentScheduleInstances",
  /** Beta only: Graph v1.0 has no way to decide an Entra role activation. */
  roleApprovals: "/beta/roleManagement/directory/roleAssignmentApprovals",
  groupRequests: "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests",
  groupInstances: "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
  groupApprovals: "/identityGovernance/privilegedAccess/group/assignmentApprovals",
  policyAssignments: "/policies/roleManagementPolicyAssignments",
} as const;

/** The directory reads approver resolution needs (DirectoryGateway has them, cached). */
export interface GroupMemberSource {
  getGroupMemberIds(groupId: string): Promise<string[]>;
}

/** Options of {@link PimGateway}. */
export interface PimGatewayOptions {
  /** Resolves `groupMembers` approvers; without one, members are read here, uncached. */
  readonly directory?: GroupMemberSource;
  /**
   * The groups PIM for Groups governs. Graph lists PIM for Groups requests and activations only per group
   * (or per principal) and has no list of governed groups, so by default they are found by probing each
   * group for a PIM policy (one `$batch` per 20 groups, kept for `cacheTtlMs`). A large tenant should
   * name them instead.
   */
  readonly groupIds?: readonly string[] | (() => Promise<readonly string[]>);
  /** "Now" for the caches; the demo tenant's clock in demo mode. */
  readonly clock?: Clock;
  /** How long PIM settings and the list of governed groups are reused (default 10 minutes). */
  readonly cacheTtlMs?: number;
}

const BATCH_SIZE = 20;
const ROLE_EXPAND = "$expand=principal,roleDefinition";
const GROUP_EXPAND = "$expand=principal,group";

/**
 * PIM (Entra roles and PIM for Groups) through Graph. Lists, requests, settings and activations are
 * read with the app's token; approvals are read and decided with the approver's delegated token
 * (Entra allows nothing else). Role approvals exist only in beta (`/beta/...`). Graph failures surface
 * as GovernanceError; Graph's JSON never leaves this layer.
 */
export class PimGateway {
  private readonly directory: GroupMemberSource;
  private readonly groupIdsOption: PimGatewayOptions["groupIds"];
  private readonly rules: TtlCache<PimApprovalRule>;
  private readonly governedGroups: TtlCache<readonly string[]>;
  /** Which kind each request id turned out to be, so lookups by id alone ask once. */
  private readonly kinds = new Map<string, PimKind>();

  constructor(
    private readonly graph: GraphHttp,
    private readonly app: GraphTokenSource,
    options: PimGatewayOptions = {},
  ) {
    const clock = options.clock ?? systemClock;
    const ttl = options.cacheTtlMs ?? 10 * 60_000;
    this.directory = options.directory ?? { getGroupMemberIds: (id) => this.readGroupMembers(id) };
    this.groupIdsOption = options.groupIds;
    this.rules = new TtlCache(clock, ttl);
    this.governedGroups = new TtlCache(clock, ttl);
  }

  /**
   * Role activations waiting for approval, with their approvers (app-only). Calls: the pages of pending
   * requests, plus one policy read per role not read in the last `cacheTtlMs`, plus member lists of
   * approving groups (DirectoryGateway's cache).
   */
  async listPendingRoleActivations(): Promise<PendingPimApproval[]> {
    const filter = encodeURIComponent("status eq 'PendingApproval'");
    const rows = await this.graph.listAll<GraphRoleRequest>(this.app, `${PIM_PATHS.roleRequests}?$filter=${filter}&${ROLE_EXPAND}`);
    return this.withApprovers(rows.map(mapRoleRequest));
  }

  /**
   * PIM for Groups activations waiting for approval, with their approvers (app-only). Graph insists on a
   * group (or principal) in the filter, so: one `$batch` per 20 governed groups, plus policy reads.
   */
  async listPendingGroupActivations(): Promise<PendingPimApproval[]> {
    const groups = await this.listGovernedGroupIds();
    const lists = await this.batchedLists<GraphGroupRequest>(
      groups.map((id) => `${PIM_PATHS.groupRequests}?$filter=${encodeURIComponent(`groupId eq '${quote(id)}' and status eq 'PendingApproval'`)}&${GROUP_EXPAND}`),
      "read a group's PIM requests",
    );
    return this.withApprovers(lists.flat().map(mapGroupRequest));
  }

  /** Both kinds, roles first. */
  async listPendingActivations(): Promise<PendingPimApproval[]> {
    const [roles, groups] = await Promise.all([this.listPendingRoleActivations(), this.listPendingGroupActivations()]);
    return [...roles, ...groups];
  }

  /** One role request with its requester's and role's names (app-only). */
  async getRoleRequest(id: string): Promise<PimRequest> {
    const request = mapRoleRequest(await this.graph.get<GraphRoleRequest>(this.app, `${PIM_PATHS.roleRequests}/${encodeURIComponent(id)}?${ROLE_EXPAND}`));
    this.kinds.set(id, "role");
    return request;
  }

  /** One PIM for Groups request with its requester's and group's names (app-only). */
  async getGroupRequest(id: string): Promise<PimRequest> {
    const request = mapGroupRequest(await this.graph.get<GraphGroupRequest>(this.app, `${PIM_PATHS.groupRequests}/${encodeURIComponent(id)}?${GROUP_EXPAND}`));
    this.kinds.set(id, "group");
    return request;
  }

  /** A request by id, of the kind given or, when unknown, whichever kind Entra has it as (role first). */
  async getRequest(id: string, kind?: PimKind): Promise<PimRequest> {
    const known = kind ?? this.kinds.get(id);
    if (known === "group") return this.getGroupRequest(id);
    if (known === "role") return this.getRoleRequest(id);
    try {
      return await this.getRoleRequest(id);
    } catch (error) {
      if (error instanceof GovernanceError && error.code === "NotFound") return this.getGroupRequest(id);
      throw error;
    }
  }

  /**
   * Who may approve the request, from its PIM setting's approval rule: named users, and the members of
   * named groups; never the requester. Empty when the setting needs no approval.
   */
  async approversOf(request: PimRequest): Promise<string[]> {
    const rule = await this.approvalRuleOf(request);
    const ids = new Set<string>();
    for (const ref of rule.approvers) {
      if (ref.kind === "user") ids.add(ref.userId);
      else for (const member of await this.directory.getGroupMemberIds(ref.groupId)) ids.add(member);
    }
    ids.delete(request.principalId);
    return [...ids];
  }

  /**
   * The request's approval as `reader` sees it (delegated: Graph answers only its approvers and
   * requester; anyone else gets Forbidden). Each stage says whether it waits on the reader.
   */
  async getApproval(reader: GraphTokenSource, request: PimRequest): Promise<PimApproval> {
    if (!request.approvalId) throw new GovernanceError("NotFound", `The PIM request ${request.id} has no approval.`);
    const { base, list } = approvalPath(request.kind, request.approvalId);
    return mapApproval(await this.graph.get<GraphPimApproval>(reader, `${base}?$expand=${list}`));
  }

  /**
   * Records the approver's decision on an Entra role activation (beta): reads the approval as the
   * approver to find the step waiting on them, then PATCHes that step. Someone it does not wait on gets
   * Forbidden; an approval already decided or lapsed gets Conflict; a blank justification BadRequest
   * (PIM approvals require one). Two calls.
   */
  async decideRoleActivation(approver: GraphTokenSource, approvalId: string, decision: "Approve" | "Deny", justification: string): Promise<void> {
    await this.decide(approver, "role", approvalId, decision, justification);
  }

  /** The same for PIM for Groups (v1.0 `assignmentApprovals/{id}/stages/{stageId}`). Two calls. */
  async decideGroupActivation(approver: GraphTokenSource, approvalId: string, decision: "Approve" | "Deny", justification: string): Promise<void> {
    await this.decide(approver, "group", approvalId, decision, justification);
  }

  /**
   * Activations (roles and groups, app-only) that end at or before `instant`, ended ones included while
   * Entra still lists them. The end is compared here: the lists are short (activations last hours).
   */
  async listActivationsEndingBefore(instant: Date): Promise<PimActivation[]> {
    const all = await this.listActivations();
    return all.filter((a) => a.end !== null && a.end.getTime() <= instant.getTime());
  }

  /** Every activation in force (roles and governed groups), app-only. */
  async listActivations(): Promise<PimActivation[]> {
    const roleFilter = encodeURIComponent("assignmentType eq 'Activated'");
    const groups = await this.listGovernedGroupIds();
    const [roles, groupLists] = await Promise.all([
      this.graph.listAll<GraphRoleInstance>(this.app, `${PIM_PATHS.roleInstances}?$filter=${roleFilter}&$expand=roleDefinition`),
      this.batchedLists<GraphGroupInstance>(
        groups.map((id) => `${PIM_PATHS.groupInstances}?$filter=${encodeURIComponent(`groupId eq '${quote(id)}' and assignmentType eq 'activated'`)}&$expand=group`),
        "read a group's PIM activations",
      ),
    ]);
    const activated = (type: string | null | undefined) => type?.toLowerCase() === "activated";
    return [...roles.filter((r) => activated(r.assignmentType)).map(mapRoleInstance), ...groupLists.flat().filter((g) => activated(g.assignmentType)).map(mapGroupInstance)];
  }

  /** The activation a granted request created, while it is in force; null before it starts or after it ends. */
  async getActivationOf(request: PimRequest): Promise<PimActivation | null> {
    if (!request.targetScheduleId) return null;
    const id = quote(request.targetScheduleId);
    if (request.kind === "role") {
      const filter = encodeURIComponent(`roleAssignmentScheduleId eq '${id}'`);
      const rows = await this.graph.listAll<GraphRoleInstance>(this.app, `${PIM_PATHS.roleInstances}?$filter=${filter}&$expand=roleDefinition`);
      return rows.map(mapRoleInstance)[0] ?? null;
    }
    if (request.target.kind !== "group") return null;
    const filter = encodeURIComponent(`groupId eq '${quote(request.target.groupId)}' and assignmentScheduleId eq '${id}'`);
    const rows = await this.graph.listAll<GraphGroupInstance>(this.app, `${PIM_PATHS.groupInstances}?$filter=${filter}&$expand=group`);
    return rows.map(mapGroupInstance)[0] ?? null;
  }

  /**
   * Activation requests (roles and governed groups) that needed approval and were settled (granted,
   * denied, lapsed) at or after `since`, app-only: what requesters are told about. Requests are asked for
   * from 24 hours before `since`, the longest an approval can wait.
   */
  async listSettledActivationRequests(since: Date): Promise<PimRequest[]> {
    const from = new Date(since.getTime() - 24 * 3_600_000).toISOString();
    const groups = await this.listGovernedGroupIds();
    const [roles, groupLists] = await Promise.all([
      this.graph.listAll<GraphRoleRequest>(this.app, `${PIM_PATHS.roleRequests}?$filter=${encodeURIComponent(`action eq 'selfActivate' and createdDateTime ge ${from}`)}&${ROLE_EXPAND}`),
      this.batchedLists<GraphGroupRequest>(
        groups.map((id) => `${PIM_PATHS.groupRequests}?$filter=${encodeURIComponent(`groupId eq '${quote(id)}' and action eq 'selfActivate' and createdDateTime ge ${from}`)}&${GROUP_EXPAND}`),
        "read a group's PIM requests",
      ),
    ]);
    return [...roles.map(mapRoleRequest), ...groupLists.flat().map(mapGroupRequest)].filter(
      (r) => r.approvalId !== null && r.status !== "PendingApproval" && r.completedAt !== null && r.completedAt.getTime() >= since.getTime(),
    );
  }

  /** The groups PIM for Groups governs: as configured, or found by their PIM policies (see the options). */
  listGovernedGroupIds(): Promise<readonly string[]> {
    const option = this.groupIdsOption;
    if (Array.isArray(option)) return Promise.resolve(option);
    return this.governedGroups.get("all", () => (typeof option === "function" ? option() : this.discoverGovernedGroups()));
  }

  private async decide(approver: GraphTokenSource, kind: PimKind, approvalId: string, decision: "Approve" | "Deny", justification: string): Promise<void> {
    const reason = justification.trim();
    if (!reason) throw new GovernanceError("BadRequest", "PIM approvals need the approver's justification, for Approve and for Deny.");
    const { base, list } = approvalPath(kind, approvalId);
    const approval = mapApproval(await this.graph.get<GraphPimApproval>(approver, `${base}?$expand=${list}`));
    const stage = stageWaitingOn(approval);
    await this.graph.patch(approver, `${base}/${list}/${encodeURIComponent(stage.id)}`, { reviewResult: decision, justification: reason });
  }

  private async withApprovers(requests: PimRequest[]): Promise<PendingPimApproval[]> {
    return Promise.all(requests.map(async (request) => ({ request, approverIds: await this.approversOf(request) })));
  }

  private approvalRuleOf(request: PimRequest): Promise<PimApprovalRule> {
    const t = request.target;
    const [key, filter] =
      t.kind === "role"
        ? [`role:${t.roleDefinitionId}`, `scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${quote(t.roleDefinitionId)}'`]
        : [`group:${t.groupId}/${t.accessId}`, `scopeId eq '${quote(t.groupId)}' and scopeType eq 'Group' and roleDefinitionId eq '${t.accessId}'`];
    return this.rules.get(key, async () => {
      const rows = await this.graph.listAll<GraphPolicyAssignment>(this.app, `${PIM_PATHS.policyAssignments}?$filter=${encodeURIComponent(filter)}&$expand=policy($expand=rules)`);
      return readPimApprovalRule(rows);
    });
  }

  /** Groups with a PIM policy: every group's policy assignments asked for, 20 groups per `$batch`. */
  private async discoverGovernedGroups(): Promise<string[]> {
    const groups = await this.graph.listAll<Group>(this.app, "/groups?$select=id&$top=999");
    const ids = groups.map((g) => g.id ?? "").filter(Boolean);
    const lists = await this.batchedLists<{ id?: string }>(
      ids.map((id) => `${PIM_PATHS.policyAssignments}?$filter=${encodeURIComponent(`scopeId eq '${quote(id)}' and scopeType eq 'Group'`)}&$select=id`),
      "read a group's PIM settings",
      // A group PIM cannot govern (or may not show) is simply not governed.
      (status) => status === 400 || status === 403 || status === 404,
    );
    return ids.filter((_, i) => (lists[i] ?? []).length > 0);
  }

  /**
   * Whole collections for many list URLs: first pages through `$batch` (20 per call), then any further
   * pages one by one. Answers in URL order; an item failing with a status `skip` accepts counts as empty.
   */
  private async batchedLists<T>(urls: readonly string[], doing: string, skip: (status: number) => boolean = () => false): Promise<T[][]> {
    const out: T[][] = [];
    for (let i = 0; i < urls.length; i += BATCH_SIZE) {
      const chunk: BatchRequest[] = urls.slice(i, i + BATCH_SIZE).map((url, k) => ({ id: String(i + k), method: "GET", url }));
      const responses = await this.graph.batch(this.app, chunk);
      for (const response of responses) {
        if (!isBatchSuccess(response) && skip(response.status)) {
          out.push([]);
          continue;
        }
        const page = readBatchItem<{ value?: T[]; "@odata.nextLink"?: string }>(response, `Could not ${doing}`);
        const rest = page["@odata.nextLink"] ? await this.graph.listAll<T>(this.app, afterVersion(page["@odata.nextLink"])) : [];
        out.push([...(page.value ?? []), ...rest]);
      }
    }
    return out;
  }

  private async readGroupMembers(groupId: string): Promise<string[]> {
    const members = await this.graph.listAll<{ id?: string; "@odata.type"?: string }>(this.app, `/groups/${encodeURIComponent(groupId)}/members?$select=id`);
    return members.filter((m) => (m["@odata.type"] ?? "#microsoft.graph.user").toLowerCase() === "#microsoft.graph.user").map((m) => m.id ?? "").filter(Boolean);
  }
}

/** Role approvals are beta and call their stages `steps`; PIM for Groups approvals are v1.0 `stages`. */
function approvalPath(kind: PimKind, approvalId: string): { base: string; list: "steps" | "stages" } {
  const id = encodeURIComponent(approvalId);
  return kind === "role" ? { base: `${PIM_PATHS.roleApprovals}/${id}`, list: "steps" } : { base: `${PIM_PATHS.groupApprovals}/${id}`, list: "stages" };
}

/** The stage waiting on the reader, or why there is none as Graph would answer a PATCH. */
function stageWaitingOn(approval: PimApproval): PimApprovalStage {
  const mine = approval.stages.find((s) => s.assignedToMe && s.status === "InProgress");
  if (mine) return mine;
  if (approval.stages.some((s) => s.reviewResult !== "NotReviewed" || s.status === "Expired" || s.status === "Completed")) {
    throw new GovernanceError("Conflict", "This approval is no longer pending: it was decided or lapsed.", { status: 409 });
  }
  throw new GovernanceError("Forbidden", "This approval does not wait on you: only its approvers can decide it.", { status: 403 });
}

/** A next link as a path under the version (the link itself is not rebuilt). */
function afterVersion(link: string): string {
  return link.replace(/^https?:\/\/[^/]+(?:\/[^/]+)*?\/(?:v1\.0)(?=\/)/i, "");
}

/** A value inside single quotes in an OData filter. */
function quote(value: string): string {
  return value.replace(/'/g, "''");
}
