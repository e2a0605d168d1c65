/** Paces sends under a ceiling: every sender of one tenant shares one. */
export interface RateLimiter {
  /** The ceiling, in sends per second. */
  readonly ratePerSecond: number;
  /** Waits until one more send may go, and takes that slot. */
  acquire(): Promise<void>;
  /** Holds every slot back for `ms` from now: the connector answered 429 with this Retry-After. */
  pause(ms: number): Promise<void>;
}

/** Checks a ceiling and burst from settings; they come from configuration, so say what to fix. */
export function requireRate(ratePerSecond: number, burst: number): void {
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(`The send rate must be a positive number of sends per second (NUDGE_RATE_PER_SECOND); got ${ratePerSecond}.`);
  }
  if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`The burst must be a whole number of sends, at least 1; got ${burst}.`);
}
