import type {
  AccessPackageAssignment,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentRequest,
  ApprovalStage as GraphApprovalStage,
} from "@microsoft/microsoft-graph-types";
import type { AccessAssignment } from "../domain/model/access-assignment.js";
import type { PackageSummary } from "../domain/model/package-summary.js";
import { readPackageSummary } from "./read-package-summary.js";
import type { AccessPackageOffer } from "../domain/model/access-package-offer.js";
import type { AccessRequest } from "../domain/model/access-request.js";
import type { ApprovalPolicy } from "../domain/model/approval-policy.js";
import type { ApprovalStage } from "../domain/model/approval-stage.js";
import type { RequestDraft, SubmitTarget } from "../domain/requests/request-draft.js";
import { systemClock, type Clock } from "../domain/clock.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { readBatchItem } from "./batch-item.js";
import { buildRequestBody, type RequestContent } from "./build-request-body.js";
import { EM, REQUEST_EXPAND } from "./entitlement-paths.js";
import { GovernanceError } from "./governance-error.js";
import type { GraphHttp } from "./graph-http.js";
import { mapApprovalStage } from "./map-graph-approval.js";
import { mapApprovalPolicy } from "./map-graph-policy.js";
import { inferPolicyId, mapAccessAssignment, mapAccessRequest } from "./map-graph-request.js";
import { readOffers } from "./read-offers.js";
import { TtlCache } from "../domain/async/ttl-cache.js";

/** The signed-in person's own assignments and requests (delegated), as "my access" and the expiry flow read them. */
const MY_ASSIGNMENTS = `${EM}/assignments/filterByCurrentUser(on='target')?$expand=accessPackage($select=id,displayName),assignmentPolicy($select=id),target`;
const MY_REQUESTS = `${EM}/assignmentRequests/filterByCurrentUser(on='target')?${REQUEST_EXPAND}`;

/** A request waiting for the signed-in approver, with its stages as they may see them. */
export interface PendingApproval {
  readonly request: AccessRequest;
  readonly stages: readonly ApprovalStage[];
}

/** An approver's decision on a stage. */
export type StageDecision = "Approve" | "Deny";

/** The states in which a request can still change by itself or by someone's decision. */
const OPEN_STATES = ["submitted", "pendingApproval", "delivering", "scheduled"] as const;

/**
 * Entitlement management through Graph. Reads of packages, policies, requests and assignments use the
 * app's token; what is a person's own act (requesting, cancelling, deciding, reading what they may
 * request or approve) uses their delegated token, passed in as `user`. Graph failures surface as
 * GovernanceError; Graph's JSON never leaves this layer.
 */
export class EntitlementGateway {
  /**
   * Policies change rarely and are read on every card and status (a request's policy, a package's
   * policies to infer it): kept a minute, so a policy edited in Entra shows here within a minute.
   */
  private readonly policies: TtlCache<ApprovalPolicy>;
  private readonly packagePolicies: TtlCache<AccessPackageAssignmentPolicy[] | null>;

  constructor(
    private readonly graph: GraphHttp,
    private readonly app: GraphTokenSource,
    clock: Clock = systemClock,
    policyTtlMs = 60_000,
  ) {
    this.policies = new TtlCache(clock, policyTtlMs, 2_000);
    this.packagePolicies = new TtlCache(clock, policyTtlMs, 2_000);
  }

  /** What the person may request, with what each policy asks and who approves. See {@link readOffers} for the calls. */
  listOffers(user: GraphTokenSource): Promise<AccessPackageOffer[]> {
    return readOffers(this.graph, this.app, user);
  }

  /** What approvers' cards show about a package (app-only, one call). */
  getPackageSummary(packageId: string): Promise<PackageSummary> {
    return readPackageSummary(this.graph, this.app, packageId);
  }

  /** A policy's approval settings (app-only, one call). */
  getApprovalPolicy(policyId: string): Promise<ApprovalPolicy> {
    return this.policies.get(policyId, async () =>
      mapApprovalPolicy(await this.graph.get<AccessPackageAssignmentPolicy>(this.app, `${EM}/assignmentPolicies/${encodeURIComponent(policyId)}`)),
    );
  }

  /** One request (app-only): one call, plus one to infer its policy before it has an assignment. */
  async getRequest(requestId: string): Promise<AccessRequest> {
    return this.readRequest(requestId, null);
  }

  /** Every request still open (submitted, pending approval, delivering, scheduled), app-only, every page. */
  async listOpenRequests(): Promise<AccessRequest[]> {
    const filter = OPEN_STATES.map((s) => `state eq '${s}'`).join(" or ");
    return this.withPolicies(await this.graph.listAll<AccessPackageAssignmentRequest>(this.app, `${EM}/assignmentRequests?$filter=${filter}&${REQUEST_EXPAND}`));
  }

  /** The person's requests, current and past (delegated `filterByCurrentUser(on='target')`). */
  async listRequestsOf(user: GraphTokenSource): Promise<AccessRequest[]> {
    return this.withPolicies(await this.graph.listAll<AccessPackageAssignmentRequest>(user, MY_REQUESTS));
  }

  /**
   * The person's assignments and requests together ("my access"): both lists' first pages in one `$batch`
   * with the person's token, then as `listAssignmentsOf` and `listRequestsOf`.
   */
  async listMine(user: GraphTokenSource): Promise<{ assignments: AccessAssignment[]; requests: AccessRequest[] }> {
    const [assignments, requests] = await this.graph.listAllTogether<[AccessPackageAssignment, AccessPackageAssignmentRequest]>(user, [MY_ASSIGNMENTS, MY_REQUESTS]);
    return { assignments: assignments.map(mapAccessAssignment), requests: await this.withPolicies(requests) };
  }

  /** The person's assignments, active and ended (delegated `filterByCurrentUser(on='target')`), with package names. */
  async listAssignmentsOf(user: GraphTokenSource): Promise<AccessAssignment[]> {
    return (await this.graph.listAll<AccessPackageAssignment>(user, MY_ASSIGNMENTS)).map(mapAccessAssignment);
  }

  /** Every delivered assignment in the tenant (app-only, paged), for expiry warnings. */
  async listDeliveredAssignments(): Promise<AccessAssignment[]> {
    const rows = await this.graph.listAll<AccessPackageAssignment>(
      this.app,
      `${EM}/assignments?$filter=state eq 'delivered'&$expand=accessPackage($select=id,displayName),assignmentPolicy($select=id),target`,
    );
    return rows.map(mapAccessAssignment);
  }

  /**
   * Files the person's own request for a package (`userAdd`, delegated; the draft names the policy). One
   * call: the answer is Graph's reply to the POST (usually `submitted`, Entra not having taken it further
   * yet), completed with the package and requester the caller knows, as Graph does not expand them there.
   * The reconcile that follows reads the request again for its cards.
   */
  async submitRequest(user: GraphTokenSource, target: SubmitTarget, draft: RequestDraft): Promise<AccessRequest> {
    const assignment = { accessPackageId: target.packageId, assignmentPolicyId: draft.policyId, targetId: user.principal };
    const created = await this.graph.post<AccessPackageAssignmentRequest>(user, `${EM}/assignmentRequests`, buildRequestBody("userAdd", assignment, draft));
    return mapAccessRequest(
      {
        ...created,
        accessPackage: created.accessPackage ?? { id: target.packageId, displayName: target.packageDisplayName },
        requestor: created.requestor ?? { objectId: user.principal, displayName: target.requesterDisplayName },
      },
      draft.policyId,
    );
  }

  /** Asks to extend or change the person's assignment (`userUpdate`, delegated), then reads it back. Two calls. */
  async submitExtension(user: GraphTokenSource, assignmentId: string, content: RequestContent): Promise<AccessRequest> {
    const created = await this.graph.post<AccessPackageAssignmentRequest>(user, `${EM}/assignmentRequests`, buildRequestBody("userUpdate", { id: assignmentId }, content));
    return this.readBack(created, user);
  }

  /** Cancels the person's own waiting request (delegated). One call. */
  async cancelRequest(user: GraphTokenSource, requestId: string): Promise<void> {
    await this.graph.post<unknown>(user, `${EM}/assignmentRequests/${encodeURIComponent(requestId)}/cancel`, undefined);
  }

  /** A request's approval stages, in order, as the approver reading them sees them (delegated; others get Forbidden). One call. */
  async getApprovalStages(user: GraphTokenSource, requestId: string): Promise<ApprovalStage[]> {
    const stages = await this.graph.listAll<GraphApprovalStage>(user, `${EM}/accessPackageAssignmentApprovals/${encodeURIComponent(requestId)}/stages`);
    return stages.map(mapApprovalStage);
  }

  /**
   * Records the approver's decision on a stage (delegated). A stage someone else decided, that expired,
   * or whose request was canceled fails as GovernanceError `Conflict`. One call.
   */
  async decideStage(user: GraphTokenSource, requestId: string, stageId: string, decision: StageDecision, justification: string | null): Promise<void> {
    await this.graph.patch(user, `${EM}/accessPackageAssignmentApprovals/${encodeURIComponent(requestId)}/stages/${encodeURIComponent(stageId)}`, {
      reviewResult: decision,
      justification: justification?.trim() ?? "",
    });
  }

  /**
   * What waits for the person's decision now (delegated `filterByCurrentUser(on='approver')`): the
   * requests with their details and their approvals' stages, read side by side and joined by id.
   */
  async listMyApprovals(user: GraphTokenSource): Promise<PendingApproval[]> {
    const [requests, approvals] = await Promise.all([
      this.graph.listAll<AccessPackageAssignmentRequest>(user, `${EM}/assignmentRequests/filterByCurrentUser(on='approver')?${REQUEST_EXPAND}`),
      this.graph.listAll<{ id: string; stages?: GraphApprovalStage[] }>(user, `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`),
    ]);
    const stagesById = new Map(approvals.map((a) => [a.id.toLowerCase(), (a.stages ?? []).map(mapApprovalStage)]));
    return (await this.withPolicies(requests)).map((request) => ({ request, stages: stagesById.get(request.id.toLowerCase()) ?? [] }));
  }

  private async readRequest(requestId: string, knownPolicyId: string | null): Promise<AccessRequest> {
    const json = await this.graph.get<AccessPackageAssignmentRequest>(this.app, `${EM}/assignmentRequests/${encodeURIComponent(requestId)}?${REQUEST_EXPAND}`);
    if (knownPolicyId !== null || json.assignment?.assignmentPolicy?.id) return mapAccessRequest(json, knownPolicyId);
    const [request] = await this.withPolicies([json]);
    return request!;
  }

  /**
   * A just-created request as Entra shows it now. Graph may not serve a new request at once (replication);
   * then the POST's own answer stands, completed with what the caller knows.
   */
  private async readBack(created: AccessPackageAssignmentRequest, user: GraphTokenSource): Promise<AccessRequest> {
    try {
      return await this.readRequest(created.id ?? "", null);
    } catch (error) {
      if (!(error instanceof GovernanceError && error.code === "NotFound")) throw error;
      return mapAccessRequest({ ...created, accessPackage: created.accessPackage ?? null, requestor: created.requestor ?? { objectId: user.principal } }, null);
    }
  }

  /**
   * Maps requests, inferring the policy of those without an assignment yet from their packages'
   * policies: one app-only `$batch` for all the packages concerned.
   */
  private async withPolicies(rows: readonly AccessPackageAssignmentRequest[]): Promise<AccessRequest[]> {
    const packageIds = [...new Set(rows.filter((r) => !r.assignment?.assignmentPolicy?.id && r.accessPackage?.id).map((r) => r.accessPackage!.id!))];
    const policiesByPackage = new Map<string, AccessPackageAssignmentPolicy[]>();
    // Packages read within the last minute come from the cache; the rest in one $batch.
    let batch: Promise<Map<string, AccessPackageAssignmentPolicy[] | null>> | null = null;
    const readMissing = (missing: string[]) =>
      (batch ??= this.graph
        .batch(
          this.app,
          missing.map((id, i) => ({ id: `p${i}`, method: "GET" as const, url: `${EM}/accessPackages/${id}/assignmentPolicies?$select=id,requestorSettings` })),
        )
        .then((answers) => {
          const out = new Map<string, AccessPackageAssignmentPolicy[] | null>();
          missing.forEach((id, i) => {
            const answer = answers[i]!;
            // A package deleted since leaves its requests without a known policy rather than failing the read.
            out.set(id, answer.status === 404 ? null : (readBatchItem<{ value?: AccessPackageAssignmentPolicy[] }>(answer, "Could not read the policies of an access package").value ?? []));
          });
          return out;
        }));
    const missing: string[] = [];
    const loads = packageIds.map((id) => this.packagePolicies.get(id, () => {
      missing.push(id);
      return Promise.resolve().then(() => readMissing(missing)).then((read) => read.get(id) ?? null);
    }));
    (await Promise.all(loads)).forEach((policies, i) => {
      if (policies) policiesByPackage.set(packageIds[i]!, policies);
    });
    return rows.map((row) => {
      const policies = row.accessPackage?.id ? policiesByPackage.get(row.accessPackage.id) : undefined;
      return mapAccessRequest(row, policies ? inferPolicyId(row.requestType as AccessRequest["requestType"], policies) : null);
    });
  }
}
