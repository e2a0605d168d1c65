import type { ApproverFacts } from "../domain/approvals/resolve-stage-approvers.js";
import type { AccessAssignment } from "../domain/model/access-assignment.js";
import type { AccessPackageOffer } from "../domain/model/access-package-offer.js";
import type { AccessRequest } from "../domain/model/access-request.js";
import type { ApprovalPolicy, StagePolicy } from "../domain/model/approval-policy.js";
import type { ApprovalStage } from "../domain/model/approval-stage.js";
import type { PackageSummary } from "../domain/model/package-summary.js";
import type { Person } from "../domain/model/person.js";
import type { DraftAnswer, DraftSchedule, RequestDraft, SubmitTarget } from "../domain/requests/request-draft.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";

/** A follow-up request's content: the policy's own schedule unless the person chose one. */
export interface RequestContent {
  readonly schedule: DraftSchedule;
  readonly justification?: string;
  readonly answers: readonly DraftAnswer[];
}

/**
 * What the use cases need of Entra's entitlement management. Calls that act for a person take that
 * person's token source; the others read with the app's own token (entra-governance.md).
 */
export interface EntitlementPort {
  listOffers(user: GraphTokenSource): Promise<AccessPackageOffer[]>;
  getApprovalPolicy(policyId: string): Promise<ApprovalPolicy>;
  getPackageSummary(packageId: string): Promise<PackageSummary>;
  getRequest(requestId: string): Promise<AccessRequest>;
  listOpenRequests(): Promise<AccessRequest[]>;
  listRequestsOf(user: GraphTokenSource): Promise<AccessRequest[]>;
  listAssignmentsOf(user: GraphTokenSource): Promise<AccessAssignment[]>;
  /** Both of the above in one round trip. */
  listMine(user: GraphTokenSource): Promise<{ assignments: AccessAssignment[]; requests: AccessRequest[] }>;
  /** Files the person's own request (`userAdd`), as the person; the answer is Graph's reply to the filing. */
  submitRequest(user: GraphTokenSource, target: SubmitTarget, draft: RequestDraft): Promise<AccessRequest>;
  /** Asks to extend the person's assignment (`userUpdate`), as the person. */
  submitExtension(user: GraphTokenSource, assignmentId: string, content: RequestContent): Promise<AccessRequest>;
  listDeliveredAssignments(): Promise<AccessAssignment[]>;
  cancelRequest(user: GraphTokenSource, requestId: string): Promise<void>;
  /** Only a stage's approvers may read them: `user` must be one. */
  getApprovalStages(user: GraphTokenSource, requestId: string): Promise<ApprovalStage[]>;
  decideStage(user: GraphTokenSource, requestId: string, stageId: string, decision: "Approve" | "Deny", justification: string): Promise<void>;
  /** What waits for the person's decision as an approver, with the stages as they may read them. */
  listMyApprovals(user: GraphTokenSource): Promise<{ readonly request: AccessRequest; readonly stages: readonly ApprovalStage[] }[]>;
}

/** What the use cases need of the directory. */
export interface DirectoryPort {
  getPerson(userId: string): Promise<Person>;
  /** Reads many people at once ahead of `getPerson` (batched); optional, `getPerson` alone works too. */
  preloadPeople?(userIds: readonly string[]): Promise<void>;
  /** The facts {@link resolveStageApprovers} needs; the escalation lists' only when `escalated` (default true). */
  getApproverFacts(requesterId: string, stage: StagePolicy, escalated?: boolean): Promise<ApproverFacts>;
}
