import { systemTimer, type Timer } from "./timer.js";

/** At most `limit` sends in any `windowMs` window. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Teams' limits per bot and conversation (teams-platform.md): 7 per second, 8 per 2 s, 60 per 30 s, 1800 per hour. */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

// Forgetting idle conversations now and then keeps the memory to those active within the longest window.
const SWEEP_EVERY = 1_000;

/**
 * Spacing per conversation, under every window of `limits` at once: each send reserves the earliest
 * instant no window would be exceeded, then waits for it. Kept in memory: one person's messages go
 * out through one process at a time (claims and one delivery per person per pass see to that).
 */
export class ConversationSpacing {
  private readonly sends = new Map<string, number[]>();
  private readonly longestMs: number;
  private reservations = 0;

  constructor(
    private readonly timer: Timer = systemTimer,
    private readonly limits: readonly WindowLimit[] = TEAMS_CONVERSATION_LIMITS,
  ) {
    for (const { limit, windowMs } of limits) {
      if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) throw new RangeError(`Invalid window limit: ${limit} per ${windowMs} ms.`);
    }
    this.longestMs = Math.max(0, ...limits.map((l) => l.windowMs));
  }

  /** Waits until one more message may go to `conversationId`, and takes that slot. */
  async acquire(conversationId: string): Promise<void> {
    const now = this.timer.now();
    const slot = this.reserve(conversationId, now);
    if (slot > now) await this.timer.sleep(slot - now);
  }

  /** Takes the earliest slot at or after `now` that keeps every window within its limit, and returns it. */
  reserve(conversationId: string, now: number): number {
    if (++this.reservations % SWEEP_EVERY === 0) this.sweep(now);
    const times = this.sends.get(conversationId) ?? [];
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - this.longestMs) drop++;
    if (drop > 0) times.splice(0, drop);
    let slot = Math.max(now, times.at(-1) ?? now);
    for (const { limit, windowMs } of this.limits) {
      const oldestThatCounts = times[times.length - limit];
      if (oldestThatCounts !== undefined) slot = Math.max(slot, oldestThatCounts + windowMs);
    }
    times.push(slot);
    this.sends.set(conversationId, times);
    return slot;
  }

  /** How many conversations are remembered (for tests and memory checks). */
  get size(): number {
    return this.sends.size;
  }

  private sweep(now: number): void {
    for (const [id, times] of this.sends) if ((times.at(-1) ?? 0) <= now - this.longestMs) this.sends.delete(id);
  }
}
