import { ConversationSpacing } from "./conversation-spacing.js";
import { requireRate, type RateLimiter } from "./rate-limiter.js";
import { systemTimer, type Timer } from "./timer.js";

/** The store's shared schedule (`NudgePacing`). */
export interface PacingStore {
  /** Reserves `count` slots `intervalMs` apart; returns the first (epoch ms). */
  reserve(scope: string, intervalMs: number, toleranceMs: number, nowMs: number, count?: number): Promise<number>;
  pauseUntil(scope: string, untilMs: number): Promise<void>;
}

/** Options of {@link SharedTokenBucket}. */
export interface SharedTokenBucketOptions {
  /** Sends allowed at once after a quiet spell (default 1: evenly spaced). */
  burst?: number;
  /**
   * Slots reserved per round trip to the store (default: a tenth of a second's worth). Slots a process
   * reserved but did not use are lost to everyone; a pass wastes at most this many less one.
   */
  block?: number;
}

/**
 * The tenant's send ceiling across every bot instance on one database: each instance reserves its
 * slots in the store (one atomic statement per block of slots), then waits for each. A 429 pauses the
 * shared schedule, so every instance holds back. Slots are wall-clock instants; instances' clocks are
 * assumed in step (NTP) to well within one slot.
 */
export class SharedTokenBucket implements RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly block: number;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  // Waiters woken late (a busy event loop) would go out together: no second may hold more than the ceiling.
  private readonly lastSecond: ConversationSpacing;
  private slots: number[] = [];
  private refill: Promise<void> | null = null;

  constructor(
    private readonly store: PacingStore,
    private readonly scope: string,
    readonly ratePerSecond: number,
    private readonly timer: Timer = systemTimer,
    options: SharedTokenBucketOptions = {},
  ) {
    const burst = options.burst ?? 1;
    requireRate(ratePerSecond, burst);
    this.intervalMs = 1000 / ratePerSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    this.lastSecond = new ConversationSpacing(timer, [{ limit: Math.max(burst, Math.floor(ratePerSecond)), windowMs: 1_000 }]);
    this.block = Math.max(1, Math.floor(options.block ?? Math.round(ratePerSecond / 10)));
  }

  async acquire(): Promise<void> {
    for (;;) {
      const slot = await this.nextSlot();
      const wait = slot - this.timer.now();
      if (wait > 0) await this.timer.sleep(wait);
      // A pause this process learnt of while waiting holds it too (other instances' pauses hold new slots).
      if (this.timer.now() < this.pausedUntil) continue;
      await this.lastSecond.acquire("sends");
      return;
    }
  }

  async pause(ms: number): Promise<void> {
    const until = this.timer.now() + Math.max(0, ms);
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.slots = this.slots.filter((slot) => slot >= until);
    await this.store.pauseUntil(this.scope, until);
  }

  /** The earliest of this process's reserved slots, reserving a block first when none is left. */
  private async nextSlot(): Promise<number> {
    while (this.slots.length === 0) {
      // One reservation at a time; callers arriving meanwhile share its block.
      this.refill ??= this.reserveBlock().finally(() => {
        this.refill = null;
      });
      await this.refill;
    }
    return this.slots.shift()!;
  }

  private async reserveBlock(): Promise<void> {
    const first = await this.store.reserve(this.scope, this.intervalMs, this.toleranceMs, this.timer.now(), this.block);
    for (let i = 0; i < this.block; i++) this.slots.push(first + i * this.intervalMs);
  }
}
