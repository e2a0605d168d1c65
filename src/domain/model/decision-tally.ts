/** How far an access review instance is: its decision items counted by decision. */
export interface DecisionTally {
  /** Every decision item of the instance. */
  readonly total: number;
  readonly approved: number;
  readonly denied: number;
  readonly dontKnow: number;
  /** Items nobody has decided yet. */
  readonly notReviewed: number;
}

/** Decided items: approved, denied or "don't know" (Entra counts a "don't know" as reviewed). */
export function decidedCount(tally: DecisionTally): number {
  return tally.approved + tally.denied + tally.dontKnow;
}
