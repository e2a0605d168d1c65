import type { ApprovalStageSettings, AssignmentRequestRecord, SubjectSet } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { isStageApprover } from "./resolve-stage-approvers.js";

/**
 * Requests waiting on a decision the user may make now (an in-progress stage they approve). An inbox
 * scans every pending request in the tenant, so a cheap test first drops the requests whose stage
 * cannot name the user at all (not their report, not their group, not them), and only the rest get
 * the full rule check.
 */
export function pendingFor(state: TenantState, userId: string, now: Date): AssignmentRequestRecord[] {
  const scope = new InboxScope(state, userId);
  const out: AssignmentRequestRecord[] = [];
  for (const request of state.requests.values()) {
    if (request.state !== "pendingApproval") continue;
    const stage = request.stages.find((s) => s.status === "InProgress");
    if (!stage) continue;
    const settings = state.policies.get(request.assignmentPolicyId)?.requestApprovalSettings.stages[stage.index];
    if (!settings || !scope.couldName(settings, request.targetId)) continue;
    if (isStageApprover(state, request, stage.index, userId, now)) out.push(request);
  }
  return out;
}

/** What could make one user an approver: being named, a group they are in, or managing the target. */
class InboxScope {
  private readonly groups = new Map<string, boolean>();
  private readonly reports = new Map<number, Set<string>>();

  constructor(
    private readonly state: TenantState,
    private readonly userId: string,
  ) {}

  couldName(settings: ApprovalStageSettings, targetId: string): boolean {
    return (
      this.anyNames(settings.primaryApprovers, targetId) ||
      this.anyNames(settings.fallbackPrimaryApprovers, targetId) ||
      this.anyNames(settings.escalationApprovers, targetId) ||
      this.anyNames(settings.fallbackEscalationApprovers, targetId)
    );
  }

  private anyNames(sets: readonly SubjectSet[], targetId: string): boolean {
    for (const set of sets) if (this.names(set, targetId)) return true;
    return false;
  }

  private names(set: SubjectSet, targetId: string): boolean {
    switch (set["@odata.type"]) {
      case "#microsoft.graph.singleUser":
        return set.userId === this.userId;
      case "#microsoft.graph.groupMembers": {
        let member = this.groups.get(set.groupId);
        if (member === undefined) this.groups.set(set.groupId, (member = this.state.groups.get(set.groupId)?.memberIds.includes(this.userId) ?? false));
        return member;
      }
      case "#microsoft.graph.requestorManager":
        return this.reportsAt(set.managerLevel).has(targetId);
      case "#microsoft.graph.internalSponsors":
      case "#microsoft.graph.targetUserSponsors":
        return this.state.users.get(targetId)?.sponsorIds.includes(this.userId) ?? false;
      default:
        return false;
    }
  }

  /** The people whose manager `level` steps up is this user. */
  private reportsAt(level: number): Set<string> {
    const depth = Math.max(1, level);
    let found = this.reports.get(depth);
    if (!found) {
      let layer = [this.userId];
      for (let i = 0; i < depth; i++) layer = layer.flatMap((id) => this.state.users.by("managerId", id).map((u) => u.id));
      this.reports.set(depth, (found = new Set(layer)));
    }
    return found;
  }
}
