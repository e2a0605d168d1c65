import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../../src/use-cases/nudges/token-bucket.js";
import { SharedTokenBucket, type PacingStore } from "../../../src/use-cases/nudges/shared-token-bucket.js";
import type { RateLimiter } from "../../../src/use-cases/nudges/rate-limiter.js";
import { FakeTimer, settle } from "./fake-timer.js";

/** Starts `n` acquisitions at once and records when each got its slot, in the order they were granted. */
function acquireMany(limiter: RateLimiter, timer: FakeTimer, n: number): { times: number[]; order: number[] } {
  const times: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    void limiter.acquire().then(() => {
      times.push(timer.now());
      order.push(i);
    });
  }
  return { times, order };
}

/** The most sends within any half-open window of `windowMs`. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The store's GCRA statement, in memory: what NudgePacing does in one atomic UPDATE. */
class MemoryPacing implements PacingStore {
  private rows = new Map<string, { tat: number; paused: number }>();
  reservations = 0;
  async reserve(scope: string, intervalMs: number, toleranceMs: number, nowMs: number, count = 1): Promise<number> {
    this.reservations++;
    const row = this.rows.get(scope) ?? { tat: Number.NEGATIVE_INFINITY, paused: 0 };
    const slot = Math.max(nowMs, row.tat - toleranceMs, row.paused);
    this.rows.set(scope, { tat: Math.max(row.tat, nowMs, row.paused) + count * intervalMs, paused: row.paused });
    return slot;
  }
  async pauseUntil(scope: string, untilMs: number): Promise<void> {
    const row = this.rows.get(scope) ?? { tat: untilMs, paused: untilMs };
    this.rows.set(scope, { tat: Math.max(row.tat, untilMs), paused: Math.max(row.paused, untilMs) });
  }
}

describe("TokenBucket", () => {
  it("spaces sends evenly at the ceiling, first come first served", async () => {
    const timer = new FakeTimer(1_000);
    const { times, order } = acquireMany(new TokenBucket(50, timer), timer, 5);
    await timer.advance(1_000);
    expect(times).toEqual([1_000, 1_020, 1_040, 1_060, 1_080]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("never lets more than the ceiling through in any second", async () => {
    const timer = new FakeTimer();
    const { times } = acquireMany(new TokenBucket(50, timer), timer, 400);
    await timer.advance(10_000);
    expect(times).toHaveLength(400);
    expect(busiestWindow(times, 1_000)).toBe(50);
    expect(times.at(-1)).toBe(399 * 20);
  });

  it("allows a burst of the configured size, then paces", async () => {
    const timer = new FakeTimer();
    const { times } = acquireMany(new TokenBucket(10, timer, 3), timer, 6);
    await timer.advance(1_000);
    expect(times).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it("does not save up for a burst while idle", async () => {
    const timer = new FakeTimer();
    const bucket = new TokenBucket(50, timer);
    await bucket.acquire();
    await timer.advance(60_000);
    const { times } = acquireMany(bucket, timer, 3);
    await timer.advance(1_000);
    expect(times).toEqual([60_000, 60_020, 60_040]);
  });

  it("holds every send during a pause, also those already waiting for their slot", async () => {
    const timer = new FakeTimer();
    const bucket = new TokenBucket(50, timer);
    const { times } = acquireMany(bucket, timer, 3);
    await settle();
    expect(times).toEqual([0]);
    await bucket.pause(2_000); // the first send got a 429 with Retry-After: 2
    await timer.advance(5_000);
    expect(times).toEqual([0, 2_000, 2_020]);
    const later = acquireMany(bucket, timer, 1);
    await timer.advance(100);
    expect(later.times).toEqual([5_000]);
  });

  it("keeps the ceiling when a busy event loop wakes many waiters late at once", async () => {
    const timer = new FakeTimer();
    const { times } = acquireMany(new TokenBucket(10, timer), timer, 30);
    await settle();
    await timer.jump(2_500); // slots 100..2400 all passed while the process was busy
    await timer.advance(5_000);
    expect(times).toHaveLength(30);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(10);
  });

  it("refuses a ceiling or burst that makes no sense", () => {
    expect(() => new TokenBucket(0)).toThrow(/NUDGE_RATE_PER_SECOND/);
    expect(() => new TokenBucket(Number.NaN)).toThrow(RangeError);
    expect(() => new TokenBucket(50, undefined, 0)).toThrow(RangeError);
  });
});

describe("SharedTokenBucket", () => {
  it("keeps two instances together under one ceiling, reserving a block of slots per round trip", async () => {
    const timer = new FakeTimer();
    const store = new MemoryPacing();
    const a = acquireMany(new SharedTokenBucket(store, "tenant:t", 50, timer), timer, 50);
    const b = acquireMany(new SharedTokenBucket(store, "tenant:t", 50, timer), timer, 50);
    await timer.advance(5_000);
    const all = [...a.times, ...b.times].sort((x, y) => x - y);
    expect(all).toHaveLength(100);
    expect(new Set(all).size).toBe(100);
    expect(busiestWindow(all, 1_000)).toBe(50);
    expect(all.at(-1)).toBe(99 * 20);
    // A tenth of a second's worth (5 slots) per reservation.
    expect(store.reservations).toBe(20);
    expect(a.times.slice(0, 5)).toEqual([0, 20, 40, 60, 80]);
  });

  it("drops its reserved slots that fall within a pause", async () => {
    const timer = new FakeTimer();
    const store = new MemoryPacing();
    const bucket = new SharedTokenBucket(store, "tenant:t", 50, timer, { block: 5 });
    await bucket.acquire();
    await bucket.pause(1_000);
    const { times } = acquireMany(bucket, timer, 3);
    await timer.advance(2_000);
    expect(times).toEqual([1_000, 1_020, 1_040]);
  });

  it("pauses every instance when one of them is told to wait", async () => {
    const timer = new FakeTimer();
    const store = new MemoryPacing();
    const a = new SharedTokenBucket(store, "tenant:t", 50, timer, { block: 1 });
    const b = new SharedTokenBucket(store, "tenant:t", 50, timer, { block: 1 });
    await a.acquire();
    await a.pause(3_000);
    const { times } = acquireMany(b, timer, 2);
    await timer.advance(4_000);
    expect(times).toEqual([3_000, 3_020]);
  });

  it("keeps tenants apart", async () => {
    const timer = new FakeTimer();
    const store = new MemoryPacing();
    const a = acquireMany(new SharedTokenBucket(store, "tenant:a", 10, timer), timer, 2);
    const b = acquireMany(new SharedTokenBucket(store, "tenant:b", 10, timer), timer, 2);
    await timer.advance(1_000);
    expect(a.times).toEqual([0, 100]);
    expect(b.times).toEqual([0, 100]);
  });
});
