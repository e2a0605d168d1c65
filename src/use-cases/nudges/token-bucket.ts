import { ConversationSpacing } from "./conversation-spacing.js";
import { requireRate, type RateLimiter } from "./rate-limiter.js";
import { systemTimer, type Timer } from "./timer.js";

/**
 * The tenant's send ceiling inside one process: a token bucket of `burst` tokens refilled at
 * `ratePerSecond`, kept as the generic cell rate algorithm (one "theoretical arrival time"), so waiters
 * are served in the order they asked and never two in one slot. With the default burst of 1 the sends
 * are evenly spaced; and however late a busy process wakes its waiters, no second of sends holds more
 * than the ceiling.
 */
export class TokenBucket implements RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private tat = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  // Waiters woken late (a busy event loop) would go out together: no second may hold more than the ceiling.
  private readonly lastSecond: ConversationSpacing;

  constructor(
    readonly ratePerSecond: number,
    private readonly timer: Timer = systemTimer,
    burst = 1,
  ) {
    requireRate(ratePerSecond, burst);
    this.intervalMs = 1000 / ratePerSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    this.lastSecond = new ConversationSpacing(timer, [{ limit: Math.max(burst, Math.floor(ratePerSecond)), windowMs: 1_000 }]);
  }

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.timer.now();
      const slot = Math.max(now, this.tat - this.toleranceMs, this.pausedUntil);
      this.tat = Math.max(this.tat, now, this.pausedUntil) + this.intervalMs;
      if (slot > now) await this.timer.sleep(slot - now);
      // A pause that began while this caller waited holds it too: it takes a slot after the pause.
      if (this.timer.now() < this.pausedUntil) continue;
      await this.lastSecond.acquire("sends");
      return;
    }
  }

  async pause(ms: number): Promise<void> {
    const until = this.timer.now() + Math.max(0, ms);
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.tat = Math.max(this.tat, this.pausedUntil);
  }
}
