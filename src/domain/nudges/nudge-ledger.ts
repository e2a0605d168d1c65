/**
 * The planner's view of nudge history: which keys were sent or are claimed (a `ReadonlySet<string>` of
 * keys will do). A planned key found here is never planned again.
 */
export interface NudgeLedger {
  has(key: string): boolean;
  /**
   * When the person last got any nudge. Only needed with `recipientCooldownMs`, which holds back
   * non-urgent nudges to someone nudged a moment ago so they arrive together instead of as a stream.
   */
  lastNudgedAt?(recipientId: string): Date | undefined;
}
