import { mapInTurns } from "../domain/async/map-in-turns.js";
import type {
  AccessReviewInstance,
  AccessReviewInstanceDecisionItem,
  AccessReviewReviewerScope,
  AccessReviewScheduleDefinition,
  User,
} from "@microsoft/microsoft-graph-types";
import type { PendingReview, ReviewerDecision, ReviewInstance, ReviewItem } from "../domain/model/access-review.js";
import type { DecisionTally } from "../domain/model/decision-tally.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { readBatchItem } from "./batch-item.js";
import type { BatchRequest, BatchResponse, GraphHttp } from "./graph-http.js";
import { mapReviewerScope, reviewersOf, staticReviewers, type ReviewerFacts, type ReviewerRule } from "./map-graph-review-reviewers.js";
import { mapReviewInstance, mapReviewItem } from "./map-graph-review.js";

/** Where access reviews live in Graph. */
export const REVIEW_DEFINITIONS = "/identityGovernance/accessReviews/definitions";

const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
/** Graph's default cap on values in one `in (...)` filter over directory objects. */
const IDS_PER_FILTER = 15;
/** `$batch` takes 20 requests; a few batches in flight at once keep a 20,000-item review quick without a burst. */
const BATCH_SIZE = 20;
const BATCHES_IN_FLIGHT = 4;

const DEFINITION_SELECT = "$select=id,displayName,descriptionForReviewers,settings,reviewers,fallbackReviewers,createdBy";
const PENDING_SELECT = "$select=id,principal,resource,recommendation,decision,justification,reviewedBy,reviewedDateTime";

/** Options of {@link AccessReviewGateway}. */
export interface AccessReviewGatewayOptions {
  /** `$batch`es sent at once by the bulk reads (default 4). */
  readonly batchesInFlight?: number;
}

/**
 * Access reviews through Graph. Reads of definitions, instances and all decisions use the app's token;
 * what is a reviewer's own (their items, their decisions, accepting recommendations) uses their
 * delegated token, passed in as `reviewer` (Entra refuses the app's for decisions). Graph failures
 * surface as GovernanceError; Graph's JSON never leaves this layer.
 */
export class AccessReviewGateway {
  private readonly inFlight: number;

  constructor(
    private readonly graph: GraphHttp,
    private readonly app: GraphTokenSource,
    options: AccessReviewGatewayOptions = {},
  ) {
    this.inFlight = Math.max(1, options.batchesInFlight ?? BATCHES_IN_FLIGHT);
  }

  /**
   * Every instance in progress, with its definition's name and settings (app-only). Calls: the pages of
   * definitions, then one `$batch` per 20 definitions for their in-progress instances (plus a page for
   * any definition with more in-progress instances than a page holds).
   */
  async listInstancesInProgress(): Promise<ReviewInstance[]> {
    const definitions = await this.graph.listAll<AccessReviewScheduleDefinition>(this.app, `${REVIEW_DEFINITIONS}?${DEFINITION_SELECT}`);
    const filter = encodeURIComponent("status eq 'InProgress'");
    const lists = await this.batchedLists<AccessReviewInstance>(
      definitions.map((d) => `${definitionPath(d.id ?? "")}/instances?$filter=${filter}`),
      "read the instances of an access review",
    );
    return definitions.flatMap((d, i) => (lists[i] ?? []).filter((x) => x.status === "InProgress").map((instance) => mapReviewInstance(d, instance)));
  }

  /**
   * The instances in progress that the signed-in reviewer is asked to review, with their definitions'
   * names and settings (delegated: Entra answers from the reviewer's own token, so this is what they
   * may see). Calls: one list of `definitions/filterByCurrentUser(on='reviewer')`, then one `$batch` per
   * 20 of those definitions for their `instances/filterByCurrentUser(on='reviewer')` in progress. An
   * instance is listed even when the reviewer has decided all their items: read them to know.
   */
  async listMyInstancesInProgress(reviewer: GraphTokenSource): Promise<ReviewInstance[]> {
    const definitions = await this.graph.listAll<AccessReviewScheduleDefinition>(reviewer, `${REVIEW_DEFINITIONS}/filterByCurrentUser(on='reviewer')?${DEFINITION_SELECT}`);
    const filter = encodeURIComponent("status eq 'InProgress'");
    const lists = await this.batchedLists<AccessReviewInstance>(
      definitions.map((d) => `${definitionPath(d.id ?? "")}/instances/filterByCurrentUser(on='reviewer')?$filter=${filter}`),
      "read the access reviews you review",
      reviewer,
    );
    return definitions.flatMap((d, i) => (lists[i] ?? []).filter((x) => x.status === "InProgress").map((instance) => mapReviewInstance(d, instance)));
  }

  /**
   * The instance with this id under whichever definition holds it, or null (app-only). Graph reads an
   * instance only under its definition, so this asks every definition: the pages of definitions, then
   * one `$batch` per 20 of them. For cards whose instance is no longer in progress; rare.
   */
  async findInstance(instanceId: string): Promise<ReviewInstance | null> {
    const definitions = await this.graph.listAll<AccessReviewScheduleDefinition>(this.app, `${REVIEW_DEFINITIONS}?${DEFINITION_SELECT}`);
    const filter = encodeURIComponent(`id eq '${instanceId.replace(/'/g, "''")}'`);
    const lists = await this.batchedLists<AccessReviewInstance>(
      definitions.map((d) => `${definitionPath(d.id ?? "")}/instances?$filter=${filter}`),
      "look for an access review instance",
    );
    for (const [i, definition] of definitions.entries()) {
      const instance = (lists[i] ?? []).find((x) => x.id === instanceId);
      if (instance) return mapReviewInstance(definition, instance);
    }
    return null;
  }

  /** One instance with its definition's name and settings (app-only): one `$batch` of two reads. */
  async getInstance(definitionId: string, instanceId: string): Promise<ReviewInstance> {
    const { definition, instance } = await this.readInstance(definitionId, instanceId);
    return mapReviewInstance(definition, instance);
  }

  /**
   * The items the reviewer is asked to decide, decided or not, with the principal's last sign-in
   * (delegated `filterByCurrentUser(on='reviewer')` with `$expand=insights`; every page). Someone who
   * reviews nothing in the instance gets an empty list: that is how Entra says "not a reviewer".
   */
  async listReviewerItems(reviewer: GraphTokenSource, definitionId: string, instanceId: string): Promise<ReviewItem[]> {
    const rows = await this.graph.listAll<AccessReviewInstanceDecisionItem>(
      reviewer,
      `${instancePath(definitionId, instanceId)}/decisions/filterByCurrentUser(on='reviewer')?$expand=insights`,
    );
    return rows.map(mapReviewItem);
  }

  /**
   * The undecided items of an instance by reviewer, app-only. Graph tells no item's reviewers to the app,
   * so they are resolved from the instance's reviewer scopes as Entra assigns them (see
   * {@link reviewersOf}): named users as they are, group owners or members from one list per group, and
   * managers for `./manager` reviews in bulk, 15 principals per `/users?$filter=id in (...)&$expand=manager`
   * request and 20 requests per `$batch`.
   *
   * HTTP calls: 1 (`$batch` of definition and instance) + ceil(N / page size) pages of undecided items
   * + ceil(P / 300) `$batch`es of managers (P distinct principals, only for manager reviews) + one list
   * per named group. 20,000 undecided items of 20,000 people under 10,000 managers, at Graph's page size
   * of 100: 1 + 200 + 67 = 268 calls, 1,536 Graph requests counting each batched one (2 + 200 + 1,334);
   * one manager read per item would be 1,201 calls and 20,202 requests.
   *
   * Managers are read now, not when the instance started; someone whose manager changed since may be
   * listed under the new one. Nudges are planned from this; what a reviewer may decide is always read
   * with their own token.
   */
  async listPendingByReviewer(definitionId: string, instanceId: string): Promise<PendingReview> {
    const { definition, instance } = await this.readInstance(definitionId, instanceId);
    const rows = await this.graph.listAll<AccessReviewInstanceDecisionItem>(
      this.app,
      `${instancePath(definitionId, instanceId)}/decisions?$filter=decision eq 'NotReviewed'&${PENDING_SELECT}`,
    );
    const items = rows.map(mapReviewItem).filter((item) => item.decision === "NotReviewed");

    const scopes = (s: AccessReviewReviewerScope[] | null | undefined) => (s ?? []).map(mapReviewerScope);
    // The instance carries the scopes it was started with; a definition edited since applies to later instances.
    const primary = scopes(instance.reviewers ?? definition.reviewers);
    const fallback = scopes(instance.fallbackReviewers ?? definition.fallbackReviewers);
    const facts = await this.readReviewerFacts([...primary, ...fallback], items);

    const byReviewer = new Map<string, ReviewItem[]>();
    const unassigned: ReviewItem[] = [];
    for (const item of items) {
      const reviewers = reviewersOf(item.principal.id, primary, fallback, facts);
      if (reviewers.length === 0) unassigned.push(item);
      for (const id of reviewers) {
        const list = byReviewer.get(id);
        if (list) list.push(item);
        else byReviewer.set(id, [item]);
      }
    }
    const creator = definition.createdBy?.id;
    return {
      instance: mapReviewInstance(definition, instance),
      byReviewer,
      unassigned,
      pendingCount: items.length,
      fallbackReviewerIds: staticReviewers(fallback, facts),
      ownerIds: creator && creator !== EMPTY_GUID ? [creator] : [],
    };
  }

  /**
   * Every decision item of an instance counted by decision (app-only; the owners' digest shows how far
   * a review is). Graph has no count of decided items, so this pages through `id,decision` of every
   * item: ceil(N / page size) calls, 200 for a 20,000-item review at Graph's page size of 100.
   */
  async tallyDecisions(definitionId: string, instanceId: string): Promise<DecisionTally> {
    const tally = { total: 0, approved: 0, denied: 0, dontKnow: 0, notReviewed: 0 };
    for await (const page of this.graph.pages<AccessReviewInstanceDecisionItem>(this.app, `${instancePath(definitionId, instanceId)}/decisions?$select=id,decision`)) {
      for (const row of page) {
        tally.total++;
        if (row.decision === "Approve") tally.approved++;
        else if (row.decision === "Deny") tally.denied++;
        else if (row.decision === "DontKnow") tally.dontKnow++;
        else tally.notReviewed++;
      }
    }
    return tally;
  }

  /**
   * Records the reviewer's decision on one item (delegated PATCH; a reviewer may change it while the
   * instance runs). A non-reviewer gets Forbidden, an ended instance Conflict, and an Approve without
   * the reason the review requires BadRequest. One call.
   */
  async recordDecision(
    reviewer: GraphTokenSource,
    definitionId: string,
    instanceId: string,
    decisionId: string,
    decision: ReviewerDecision,
    justification: string | null,
  ): Promise<void> {
    await this.graph.patch(reviewer, `${instancePath(definitionId, instanceId)}/decisions/${encodeURIComponent(decisionId)}`, {
      decision,
      justification: justification?.trim() ?? "",
    });
  }

  /** Takes Entra's recommendation for every item the reviewer has not decided (delegated POST). One call. */
  async acceptRecommendations(reviewer: GraphTokenSource, definitionId: string, instanceId: string): Promise<void> {
    await this.graph.post<unknown>(reviewer, `${instancePath(definitionId, instanceId)}/acceptRecommendations`, undefined);
  }

  private async readInstance(definitionId: string, instanceId: string): Promise<{ definition: AccessReviewScheduleDefinition; instance: AccessReviewInstance }> {
    const [definition, instance] = await this.graph.batch(this.app, [
      { id: "definition", method: "GET", url: `${definitionPath(definitionId)}?${DEFINITION_SELECT}` },
      { id: "instance", method: "GET", url: instancePath(definitionId, instanceId) },
    ]);
    return {
      definition: readBatchItem<AccessReviewScheduleDefinition>(definition!, `Could not read the access review ${definitionId}`),
      instance: readBatchItem<AccessReviewInstance>(instance!, `Could not read the access review instance ${instanceId}`),
    };
  }

  /** Group owners and members the rules name, and the managers of the principals when a rule asks for them. */
  private async readReviewerFacts(rules: readonly ReviewerRule[], items: readonly ReviewItem[]): Promise<ReviewerFacts> {
    const ownerGroups = unique(rules.flatMap((r) => (r.kind === "groupOwners" ? [r.groupId] : [])));
    const memberGroups = unique(rules.flatMap((r) => (r.kind === "groupMembers" ? [r.groupId] : [])));
    const needsManagers = rules.some((r) => r.kind === "manager");
    const userIds = (users: User[]) => users.filter(isUser).map((u) => u.id ?? "").filter(Boolean);
    const [owners, members, managers] = await Promise.all([
      this.batchedLists<User>(ownerGroups.map((id) => `/groups/${encodeURIComponent(id)}/owners?$select=id`), "read a reviewing group's owners"),
      this.batchedLists<User>(memberGroups.map((id) => `/groups/${encodeURIComponent(id)}/members?$select=id`), "read a reviewing group's members"),
      needsManagers ? this.readManagers(unique(items.map((i) => i.principal.id).filter(Boolean))) : Promise.resolve(new Map<string, string>()),
    ]);
    return {
      groupOwners: new Map(ownerGroups.map((id, i) => [id, userIds(owners[i] ?? [])])),
      groupMembers: new Map(memberGroups.map((id, i) => [id, userIds(members[i] ?? [])])),
      managers,
    };
  }

  /** Managers of many users: 15 per filtered request, 20 requests per `$batch`. */
  private async readManagers(userIds: readonly string[]): Promise<Map<string, string>> {
    const urls: string[] = [];
    for (let i = 0; i < userIds.length; i += IDS_PER_FILTER) {
      const ids = userIds.slice(i, i + IDS_PER_FILTER).map((id) => `'${id.replace(/'/g, "''")}'`);
      urls.push(`/users?$filter=${encodeURIComponent(`id in (${ids.join(",")})`)}&$select=id&$expand=manager($select=id)`);
    }
    const lists = await this.batchedLists<User & { manager?: User | null }>(urls, "read the managers of reviewed people");
    const managers = new Map<string, string>();
    for (const user of lists.flat()) if (user.id && user.manager?.id) managers.set(user.id, user.manager.id);
    return managers;
  }

  /**
   * Whole collections for many list URLs: their first pages through `$batch` (20 per call, a few calls
   * in flight), then any further pages followed one by one, all with `token` (the app's unless given).
   * Answers in URL order.
   */
  private async batchedLists<T>(urls: readonly string[], doing: string, token: GraphTokenSource = this.app): Promise<T[][]> {
    const chunks: BatchRequest[][] = [];
    for (let i = 0; i < urls.length; i += BATCH_SIZE) {
      chunks.push(urls.slice(i, i + BATCH_SIZE).map((url, k) => ({ id: String(i + k), method: "GET", url })));
    }
    const answers = await mapInTurns(chunks, this.inFlight, (chunk) => this.graph.batch(token, chunk));
    const responses: BatchResponse[] = answers.flat();
    return Promise.all(
      responses.map(async (response) => {
        const page = readBatchItem<{ value?: T[]; "@odata.nextLink"?: string }>(response, `Could not ${doing}`);
        const rest = page["@odata.nextLink"] ? await this.graph.listAll<T>(token, afterVersion(page["@odata.nextLink"])) : [];
        return [...(page.value ?? []), ...rest];
      }),
    );
  }
}

function definitionPath(definitionId: string): string {
  return `${REVIEW_DEFINITIONS}/${encodeURIComponent(definitionId)}`;
}

function instancePath(definitionId: string, instanceId: string): string {
  return `${definitionPath(definitionId)}/instances/${encodeURIComponent(instanceId)}`;
}

/** A next link as a path under the version, which GraphHttp takes for any host (the link itself is not rebuilt). */
function afterVersion(link: string): string {
  return link.replace(/^https?:\/\/[^/]+(?:\/[^/]+)*?\/(?:v1\.0|beta)(?=\/)/i, "");
}

/** Owners and members may be groups, devices or service principals; only users review. */
function isUser(object: User): boolean {
  const type = (object as { "@odata.type"?: string })["@odata.type"];
  return type === undefined || type.toLowerCase() === "#microsoft.graph.user";
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
