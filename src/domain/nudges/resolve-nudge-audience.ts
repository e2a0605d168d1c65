import type { NudgeRecipient } from "./nudge-recipient.js";
import type { ApprovalStageSubject, NudgeSubject, ReviewInstanceSubject } from "./nudge-subject.js";
import type { ReroutedFrom } from "./planned-nudge.js";

/** Someone to nudge about a subject, and whose share they carry when they stand in. */
export interface NudgeAudienceMember {
  readonly recipientId: string;
  /** Non-empty when they are told in place of out-of-office people. */
  readonly reroutedFrom: readonly ReroutedFrom[];
}

/** Finds the facts about a person; the planner supplies defaults for people it was not told about. */
export type RecipientLookup = (userId: string) => NudgeRecipient;

/**
 * Who hears about a subject: its approvers, reviewers with pending decisions, requester or owner, minus
 * anyone out of office. An out-of-office person's share goes to stand-ins who are in, each told whose
 * share it is; someone who is both an approver and a stand-in gets one nudge carrying both.
 */
export function resolveNudgeAudience(subject: NudgeSubject, lookup: RecipientLookup): NudgeAudienceMember[] {
  const isIn = (userId: string) => !lookup(userId).isOutOfOffice;
  switch (subject.kind) {
    case "approvalStage":
      return approvalAudience(subject, isIn);
    case "reviewInstance":
      return reviewAudience(subject, isIn);
    case "pimApproval":
      return direct(subject.approverIds.filter(isIn));
    case "pimActivation":
      return direct([subject.principalId].filter(isIn));
    case "assignmentExpiry":
      return direct([subject.requesterId].filter(isIn));
    case "ownerDigest":
      return direct([subject.ownerId].filter(isIn));
  }
}

/**
 * Any approver may decide a stage, so stand-ins are told only when every first-line approver (primary,
 * or fallback primary when no primary resolved) is away: told otherwise, they would be pinged for stages
 * someone else is already deciding. The stage's own escalation approvers stand in first, since they can
 * decide it now; the fallback list only when none of them is in.
 */
function approvalAudience(subject: ApprovalStageSubject, isIn: (userId: string) => boolean): NudgeAudienceMember[] {
  const approvers = unique(subject.approvers.map((a) => a.userId));
  const firstLine = unique(subject.approvers.filter((a) => a.source === "primary" || a.source === "fallbackPrimary").map((a) => a.userId));
  const escalation = approvers.filter((id) => !firstLine.includes(id));
  const away = firstLine.filter((id) => !isIn(id));
  const audience = new Audience();
  for (const id of approvers.filter(isIn)) audience.add(id, []);
  if (away.length > 0 && away.length === firstLine.length) {
    const standIns = firstAvailable([escalation, subject.fallbackApproverIds], away, isIn);
    const reroutedFrom = away.map((userId): ReroutedFrom => ({ userId, reason: "outOfOffice" }));
    for (const id of standIns) audience.add(id, reroutedFrom);
  }
  return audience.members();
}

/**
 * A reviewer's pending decisions are theirs alone, so each away reviewer's share goes to the fallback
 * reviewers who are in, or, with none, to the review's owners, who can act on the review itself.
 */
function reviewAudience(subject: ReviewInstanceSubject, isIn: (userId: string) => boolean): NudgeAudienceMember[] {
  const pending = unique(subject.reviewers.filter((r) => r.pendingCount > 0).map((r) => r.reviewerId));
  const away = pending.filter((id) => !isIn(id));
  const audience = new Audience();
  for (const id of pending.filter(isIn)) audience.add(id, []);
  if (away.length > 0) {
    const standIns = firstAvailable([subject.fallbackReviewerIds, subject.ownerIds], away, isIn);
    const reroutedFrom = away.map((userId): ReroutedFrom => ({ userId, reason: "outOfOffice" }));
    for (const id of standIns) audience.add(id, reroutedFrom);
  }
  return audience.members();
}

/** The members who are in of the first tier that has any, leaving out the people being stood in for. */
function firstAvailable(tiers: readonly (readonly string[])[], away: readonly string[], isIn: (userId: string) => boolean): string[] {
  for (const tier of tiers) {
    const available = unique(tier).filter((id) => !away.includes(id) && isIn(id));
    if (available.length > 0) return available;
  }
  return [];
}

function direct(userIds: readonly string[]): NudgeAudienceMember[] {
  return unique(userIds).map((recipientId) => ({ recipientId, reroutedFrom: [] }));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Members in first-seen order, merging the shares of someone added twice. */
class Audience {
  private readonly byId = new Map<string, ReroutedFrom[]>();

  add(recipientId: string, reroutedFrom: readonly ReroutedFrom[]): void {
    const shares = this.byId.get(recipientId) ?? [];
    for (const share of reroutedFrom) if (!shares.some((s) => s.userId === share.userId)) shares.push(share);
    this.byId.set(recipientId, shares);
  }

  members(): NudgeAudienceMember[] {
    return [...this.byId].map(([recipientId, reroutedFrom]) => ({ recipientId, reroutedFrom }));
  }
}
