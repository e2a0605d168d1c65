/** Graph's `accessPackageAssignmentState`; `unknownFutureValue` also stands for values Graph adds later. */
export type AccessAssignmentState = "delivering" | "partiallyDelivered" | "delivered" | "expired" | "deliveryFailed" | "unknownFutureValue";

/** Someone's access through an access package, as read from Entra. */
export interface AccessAssignment {
  readonly id: string;
  readonly packageId: string;
  readonly packageDisplayName: string;
  readonly policyId: string | null;
  readonly state: AccessAssignmentState;
  readonly start: Date | null;
  /** When access ends (or ended); null for access without expiration. */
  readonly end: Date | null;
  readonly targetUserId: string;
}
