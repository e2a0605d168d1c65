import { pimApprovalDeadline } from "../nudges/pim-approval-checkpoints.js";

/** PIM for Entra roles, or PIM for Groups. */
export type PimKind = "role" | "group";

/** What PIM for Groups grants: membership or ownership of the group. */
export type PimGroupAccess = "member" | "owner";

/** What a PIM request or activation is for. */
export type PimTarget =
  | { readonly kind: "role"; readonly roleDefinitionId: string; readonly roleName: string; readonly directoryScopeId: string }
  | { readonly kind: "group"; readonly groupId: string; readonly groupName: string; readonly accessId: PimGroupAccess };

/**
 * Graph's request status (`PendingApproval`, `Granted`, `Provisioned`, `Denied`, `Canceled`, `Failed`,
 * `Revoked`, `PendingProvisioning`, ...); kept as Graph wrote it, so values Graph adds later survive.
 */
export type PimRequestStatus =
  | "PendingApproval"
  | "PendingProvisioning"
  | "Granted"
  | "Provisioned"
  | "Denied"
  | "Canceled"
  | "Failed"
  | "Revoked"
  | "TimedOut"
  | (string & {});

/** A ticket the requester named (some role settings require one). */
export interface PimTicket {
  readonly number: string;
  readonly system: string | null;
}

/** A PIM request (an activation, usually) as the bot needs it. */
export interface PimRequest {
  readonly id: string;
  readonly kind: PimKind;
  /** `selfActivate`, `adminAssign`, ...: approvals concern `selfActivate`. */
  readonly action: string;
  readonly principalId: string;
  /** The requester's name when Graph gave it ("" when not). */
  readonly principalName: string;
  readonly target: PimTarget;
  readonly justification: string | null;
  readonly ticket: PimTicket | null;
  readonly createdAt: Date;
  /** When Entra lets an undecided approval lapse: 24 hours after the request, fixed by Entra. */
  readonly deadline: Date;
  readonly status: PimRequestStatus;
  readonly completedAt: Date | null;
  /** The approval behind the request, when it needs one. */
  readonly approvalId: string | null;
  /** The requested start; activations start when approved if this has passed. */
  readonly start: Date | null;
  /** The requested end, when the request names one. */
  readonly end: Date | null;
  /** The requested length, when the request names one (`afterDuration`), else end minus start. */
  readonly durationMs: number | null;
  /** The schedule the request created, once granted: joins a request to its activation. */
  readonly targetScheduleId: string | null;
}

/** One decision step of a PIM approval (PIM approvals have one). */
export interface PimApprovalStage {
  readonly id: string;
  /** `InProgress`, `Completed`, `Expired`, `NotStarted`, ... */
  readonly status: string;
  readonly reviewResult: "NotReviewed" | "Approve" | "Deny";
  readonly reviewedBy: { readonly id: string; readonly displayName: string } | null;
  readonly reviewedAt: Date | null;
  readonly justification: string | null;
  /** Whether the stage waits on whoever read it (Graph answers this per reader). */
  readonly assignedToMe: boolean;
}

/** A PIM approval, as one of its approvers (or its requester) reads it. */
export interface PimApproval {
  readonly id: string;
  readonly stages: readonly PimApprovalStage[];
}

/** An activation in force (a schedule instance with assignment type `Activated`). */
export interface PimActivation {
  readonly id: string;
  readonly kind: PimKind;
  /** The schedule the instance belongs to; a granted request's `targetScheduleId`. */
  readonly scheduleId: string;
  readonly principalId: string;
  readonly target: PimTarget;
  readonly start: Date;
  /** Null for an activation without end (Entra requires one, so hardly ever). */
  readonly end: Date | null;
}

/** A request waiting for approval, with the people Entra's policy lets decide it. */
export interface PendingPimApproval {
  readonly request: PimRequest;
  /** User ids, groups resolved to their members, the requester left out. */
  readonly approverIds: readonly string[];
}

/** Someone who decided a stage. */
export interface PimDecider {
  readonly id: string;
  readonly displayName: string;
}

/** Where a PIM request stands, in the terms cards use. */
export type PimPhase =
  | { readonly phase: "waiting"; readonly deadline: Date }
  /** `by` and `at` are known when the approval could be read. */
  | { readonly phase: "approved"; readonly by: PimDecider | null; readonly at: Date | null; readonly reason: string | null }
  | { readonly phase: "denied"; readonly by: PimDecider | null; readonly at: Date | null; readonly reason: string | null }
  /** Nobody decided within Entra's 24 hours. */
  | { readonly phase: "timedOut"; readonly at: Date }
  | { readonly phase: "canceled"; readonly at: Date | null }
  | { readonly phase: "failed"; readonly at: Date | null }
  | { readonly phase: "other"; readonly status: string };

const GRANTED = new Set(["Granted", "Provisioned", "PendingProvisioning", "PendingScheduleCreation", "ScheduleCreated", "Revoked"]);

/** A request's approval deadline: Entra gives PIM approvers 24 hours, whatever the policy says. */
export function pimDeadline(createdAt: Date): Date {
  return pimApprovalDeadline(createdAt);
}

/** A request is settled once it no longer waits on anyone (its cards stop changing). */
export function isPimSettled(phase: PimPhase): boolean {
  return phase.phase !== "waiting";
}

/**
 * Where a request stands at `now`, from its status and, when it could be read, its approval. The
 * approval says who decided, when and why; the status alone says what happened. A request still
 * `PendingApproval` past its deadline is shown as timed out before Entra gets round to it, and Entra's
 * `Canceled` after a lapse (Graph has no `TimedOut` status) reads as timed out, not as canceled.
 */
export function describePimRequest(request: PimRequest, approval: PimApproval | null, now: Date): PimPhase {
  const decided = approval?.stages.find((s) => s.reviewResult !== "NotReviewed");
  const status = request.status;
  if (status === "Failed") return { phase: "failed", at: request.completedAt };
  if (decided) {
    const by = decided.reviewedBy;
    const detail = { by, at: decided.reviewedAt, reason: decided.justification || null };
    return decided.reviewResult === "Approve" ? { phase: "approved", ...detail } : { phase: "denied", ...detail };
  }
  if (status === "PendingApproval") {
    return now.getTime() >= request.deadline.getTime() ? { phase: "timedOut", at: request.deadline } : { phase: "waiting", deadline: request.deadline };
  }
  if (status === "TimedOut") return { phase: "timedOut", at: request.completedAt ?? request.deadline };
  if (status === "Canceled") {
    const expired = approval?.stages.some((s) => s.status === "Expired") ?? false;
    const atDeadline = request.completedAt !== null && request.completedAt.getTime() >= request.deadline.getTime();
    return expired || atDeadline ? { phase: "timedOut", at: request.completedAt ?? request.deadline } : { phase: "canceled", at: request.completedAt };
  }
  if (status === "Denied") return { phase: "denied", by: null, at: request.completedAt, reason: null };
  if (GRANTED.has(status)) return { phase: "approved", by: null, at: request.completedAt, reason: null };
  return { phase: "other", status };
}

/** "Privileged Role Administrator", "membership of AI Platform Admins", "ownership of AI Platform Admins". */
export function describePimTarget(target: PimTarget): string {
  if (target.kind === "role") return target.roleName || "an Entra role";
  return `${target.accessId === "owner" ? "ownership" : "membership"} of ${target.groupName || "a group"}`;
}
