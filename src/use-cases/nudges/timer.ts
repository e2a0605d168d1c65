/**
 * Real time for pacing: the connector's rate limits count wall-clock milliseconds, whatever the bot's
 * Clock says (in demo mode that is the demo tenant's clock, which tests freeze and move by hours).
 */
export interface Timer {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds (at once when `ms` is 0 or less). */
  sleep(ms: number): Promise<void>;
}

/** The process's own clock and timers. */
export const systemTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))),
};
