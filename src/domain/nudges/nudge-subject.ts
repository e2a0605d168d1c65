import type { ApproverSource } from "../approvals/resolve-stage-approvers.js";

/**
 * A pending approval stage of an access package request: its approvers are nudged toward the automatic
 * denial, and told when it escalates.
 */
export interface ApprovalStageSubject {
  readonly kind: "approvalStage";
  readonly requestId: string;
  /** 0-based, as `ApprovalStage.index`: each stage is its own subject, with its own cadence. */
  readonly stageIndex: number;
  /** When the stage began waiting on its approvers (the request's creation for stage 1). */
  readonly startedAt: Date;
  /** When Entra denies the request if nobody decides (`durationBeforeAutomaticDenial` after `startedAt`). */
  readonly autoDenyAt: Date;
  /** When the stage escalates (or escalated); null when escalation is off. */
  readonly escalationAt: Date | null;
  /** True once Entra reports the stage escalated; the escalation notice goes out only then. */
  readonly escalated: boolean;
  /** The stage's current approvers as Entra resolves them (see `resolveStageApprovers`). */
  readonly approvers: readonly { readonly userId: string; readonly source: ApproverSource }[];
  /**
   * People told instead when every first-line approver is out of office and no escalation approver of the
   * stage is available (e.g. the policy's fallback or escalation approvers before the stage escalates).
   */
  readonly fallbackApproverIds: readonly string[];
}

/** One reviewer's share of an access review instance. */
export interface ReviewerShare {
  readonly reviewerId: string;
  /** Decisions still waiting on this reviewer; a reviewer with none is not nudged. */
  readonly pendingCount: number;
}

/** An access review instance in progress: each reviewer with pending decisions gets one digest per window. */
export interface ReviewInstanceSubject {
  readonly kind: "reviewInstance";
  readonly instanceId: string;
  /** The review definition's name, for the card. */
  readonly definitionName: string;
  readonly startAt: Date;
  /** When the instance ends and Entra applies its default decisions. */
  readonly endAt: Date;
  readonly reviewers: readonly ReviewerShare[];
  /** Told about an out-of-office reviewer's share when no fallback reviewer is available. */
  readonly ownerIds: readonly string[];
  /** Told first about an out-of-office reviewer's share. */
  readonly fallbackReviewerIds: readonly string[];
}

/** A PIM activation (role or group) waiting on approvers, who have 24 hours before Entra times it out. */
export interface PimApprovalSubject {
  readonly kind: "pimApproval";
  readonly requestId: string;
  readonly createdAt: Date;
  readonly approverIds: readonly string[];
}

/** How a PIM activation request was settled. */
export interface PimActivationOutcome {
  readonly status: "granted" | "denied";
  readonly at: Date;
}

/** A person's own PIM activation: they hear when it is granted or denied, and shortly before it ends. */
export interface PimActivationSubject {
  readonly kind: "pimActivation";
  readonly requestId: string;
  /** The person who asked for the activation. */
  readonly principalId: string;
  /** Null while the request waits; nothing is planned then. */
  readonly outcome: PimActivationOutcome | null;
  /** When the granted activation ends; null when it does not (or was denied). */
  readonly endsAt: Date | null;
}

/** Someone's time-bound access package assignment: they are warned before it expires. */
export interface AssignmentExpirySubject {
  readonly kind: "assignmentExpiry";
  readonly assignmentId: string;
  /** The person whose access ends. */
  readonly requesterId: string;
  readonly start: Date;
  readonly end: Date;
  /** Whether the policy lets them ask for more time (the card's "Extend"); planning does not depend on it. */
  readonly canExtend: boolean;
}

/** How often an owner hears how their reviews and requests are going. */
export type OwnerDigestPeriod = "daily" | "weekly";

/** A periodic progress digest for an owner (of reviews, of AI tools). */
export interface OwnerDigestSubject {
  readonly kind: "ownerDigest";
  readonly ownerId: string;
  readonly period: OwnerDigestPeriod;
}

/** Everything a nudge can be about, discriminated by `kind`. */
export type NudgeSubject =
  | ApprovalStageSubject
  | ReviewInstanceSubject
  | PimApprovalSubject
  | PimActivationSubject
  | AssignmentExpirySubject
  | OwnerDigestSubject;

/** What kind of thing a nudge is about; part of its key. */
export type NudgeKind = NudgeSubject["kind"];

/** Every nudge kind, e.g. for validating stored "muted kinds". */
export const NUDGE_KINDS: readonly NudgeKind[] = [
  "approvalStage",
  "reviewInstance",
  "pimApproval",
  "pimActivation",
  "assignmentExpiry",
  "ownerDigest",
];
