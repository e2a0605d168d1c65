import type { ApproverRef, StagePolicy } from "../model/approval-policy.js";

/** Which of a stage's approver lists put someone among its approvers. */
export type ApproverSource = "primary" | "fallbackPrimary" | "escalation" | "fallbackEscalation";

/** One person who may decide a stage, and why. */
export interface ResolvedApprover {
  readonly userId: string;
  readonly source: ApproverSource;
}

/** The directory facts about the person a request is for that approver lists refer to. */
export interface ApproverFacts {
  /** The person the request is for (in self-service, also who asked): never an approver of it. */
  readonly requesterId: string;
  /** Their managers upwards: index 0 is the manager, 1 the manager's manager. Empty without a manager. */
  readonly managerChain: readonly string[];
  /** Their sponsors. */
  readonly sponsorIds: readonly string[];
  /** Members of every group the stage names, by group id (a group left out counts as empty). */
  readonly groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Disabled accounts, which Entra never asks to approve. */
  readonly disabledUserIds?: ReadonlySet<string>;
}

/**
 * Who may decide a stage, as Entra resolves it: the primary approvers, or the fallback primary approvers
 * when the primary ones resolve to nobody (no manager, an empty group, only the requester); once the
 * stage has escalated, the escalation approvers (or their fallbacks) join them, and the primary
 * approvers keep their right to decide. The requester and disabled accounts are never approvers.
 * Each person appears once, under the first list that named them.
 */
export function resolveStageApprovers(stage: StagePolicy, facts: ApproverFacts, escalated: boolean): ResolvedApprover[] {
  const resolve = (refs: readonly ApproverRef[]) => resolveRefs(refs, facts);
  let primary = resolve(stage.primaryApprovers).map((userId): ResolvedApprover => ({ userId, source: "primary" }));
  if (primary.length === 0) primary = resolve(stage.fallbackPrimaryApprovers).map((userId) => ({ userId, source: "fallbackPrimary" }));
  let escalation: ResolvedApprover[] = [];
  if (escalated && stage.isEscalationEnabled) {
    escalation = resolve(stage.escalationApprovers).map((userId) => ({ userId, source: "escalation" }));
    if (escalation.length === 0) escalation = resolve(stage.fallbackEscalationApprovers).map((userId) => ({ userId, source: "fallbackEscalation" }));
  }
  const seen = new Set<string>();
  return [...primary, ...escalation].filter((a) => !seen.has(a.userId) && seen.add(a.userId));
}

/** The people a list of approver references stands for, in order, without duplicates, the requester or disabled accounts. */
function resolveRefs(refs: readonly ApproverRef[], facts: ApproverFacts): string[] {
  const out = new Set<string>();
  for (const ref of refs) {
    for (const id of resolveRef(ref, facts)) {
      if (id !== facts.requesterId && !facts.disabledUserIds?.has(id)) out.add(id);
    }
  }
  return [...out];
}

function resolveRef(ref: ApproverRef, facts: ApproverFacts): readonly string[] {
  switch (ref.kind) {
    case "user":
      return [ref.userId];
    case "groupMembers":
      return facts.groupMembers.get(ref.groupId) ?? [];
    case "requestorManager": {
      const manager = facts.managerChain[Math.max(1, ref.level) - 1];
      return manager === undefined ? [] : [manager];
    }
    case "internalSponsors":
    case "targetUserSponsors":
      // For people in the directory, both name their own sponsors (as the demo tenant resolves them);
      // external sponsors belong to connected organizations, which the bot does not model.
      return facts.sponsorIds;
    case "externalSponsors":
      return [];
  }
}
