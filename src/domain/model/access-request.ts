import type { AssignmentExpiration } from "./assignment-expiration.js";

/** Graph's `accessPackageRequestState`; `unknownFutureValue` also stands for values Graph adds later. */
export type AccessRequestState =
  | "submitted"
  | "pendingApproval"
  | "delivering"
  | "delivered"
  | "deliveryFailed"
  | "denied"
  | "scheduled"
  | "canceled"
  | "partiallyDelivered"
  | "unknownFutureValue";

/** Graph's `accessPackageRequestType`: who filed the request (`user*`, `admin*`, Entra itself `system*`) and what for. */
export type AccessRequestType =
  | "userAdd"
  | "userUpdate"
  | "userRemove"
  | "adminAdd"
  | "adminUpdate"
  | "adminRemove"
  | "systemAdd"
  | "systemUpdate"
  | "systemRemove"
  | "onBehalfAdd"
  | "unknownFutureValue";

/** One answer to a policy question, as Entra stored it (one entry per selected choice). */
export interface RequestAnswer {
  readonly questionId: string;
  readonly value: string;
  /** What the requester saw (the choice's label); the value itself when Entra kept none. */
  readonly displayValue: string;
}

/**
 * An access package assignment request as the bot reads it from Entra, independent of Graph's JSON.
 * Entra is the truth: this is a reading at one instant, never a record the bot keeps.
 */
export interface AccessRequest {
  readonly id: string;
  readonly packageId: string;
  readonly packageDisplayName: string;
  /**
   * The assignment policy the request went through. Graph v1.0 names it only on the request's assignment
   * (which exists once delivery starts); before that the gateway infers it from the package's policies,
   * and it is null when several policies could apply.
   */
  readonly policyId: string | null;
  readonly requestType: AccessRequestType;
  readonly state: AccessRequestState;
  /** Entra's finer status (`PendingApproval`, `PendingApprovalEscalated`, `Expired`, `Denied`, ...). */
  readonly status: string;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  /** Who gets (or loses) the access. */
  readonly targetUserId: string;
  readonly targetDisplayName: string;
  /** Who asked, when a person did; null for Entra's own requests and administrators' direct assignments. */
  readonly requestorUserId: string | null;
  readonly justification: string | null;
  readonly answers: readonly RequestAnswer[];
  /**
   * When access starts and ends: the assignment's actual window once it exists, else what was asked
   * (a start, and an end only when asked as a date). Null where not known yet.
   */
  readonly schedule: { readonly start: Date | null; readonly end: Date | null };
  /** How long the requester asked for (null when they left it to the policy). */
  readonly requestedExpiration: AssignmentExpiration | null;
  readonly assignmentId: string | null;
}
