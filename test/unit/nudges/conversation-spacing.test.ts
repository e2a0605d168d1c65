import { describe, expect, it } from "vitest";
import { ConversationSpacing, TEAMS_CONVERSATION_LIMITS } from "../../../src/use-cases/nudges/conversation-spacing.js";
import { FakeTimer } from "./fake-timer.js";

function reserveMany(spacing: ConversationSpacing, conversationId: string, n: number, now = 0): number[] {
  return Array.from({ length: n }, () => spacing.reserve(conversationId, now));
}

function mostInWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("ConversationSpacing (Teams' limits per conversation)", () => {
  it("lets 7 through in a second, then holds the 8th and 9th to the 1 s and 2 s windows", () => {
    const slots = reserveMany(new ConversationSpacing(), "a:1", 9);
    expect(slots).toEqual([0, 0, 0, 0, 0, 0, 0, 1_000, 2_000]);
  });

  it("keeps every window within its limit over a long run", () => {
    const slots = reserveMany(new ConversationSpacing(), "a:1", 200);
    for (const { limit, windowMs } of TEAMS_CONVERSATION_LIMITS) expect(mostInWindow(slots, windowMs)).toBeLessThanOrEqual(limit);
    // 60 per 30 s is what binds a long run.
    expect(slots[60]).toBeGreaterThanOrEqual(30_000);
    expect(slots[120]).toBeGreaterThanOrEqual(60_000);
  });

  it("keeps conversations apart", () => {
    const spacing = new ConversationSpacing();
    reserveMany(spacing, "a:1", 7);
    expect(spacing.reserve("a:2", 0)).toBe(0);
    expect(spacing.reserve("a:1", 0)).toBe(1_000);
  });

  it("counts only the sends within the windows", () => {
    const spacing = new ConversationSpacing();
    reserveMany(spacing, "a:1", 7, 0);
    expect(spacing.reserve("a:1", 5_000)).toBe(5_000);
  });

  it("waits for the slot with the timer", async () => {
    const timer = new FakeTimer();
    const spacing = new ConversationSpacing(timer, [{ limit: 1, windowMs: 500 }]);
    const done: number[] = [];
    for (let i = 0; i < 3; i++) void spacing.acquire("a:1").then(() => done.push(timer.now()));
    await timer.advance(2_000);
    expect(done).toEqual([0, 500, 1_000]);
  });

  it("forgets conversations idle for longer than the longest window", () => {
    const spacing = new ConversationSpacing(undefined, [{ limit: 1, windowMs: 1_000 }]);
    for (let i = 0; i < 999; i++) spacing.reserve(`old-${i}`, 0);
    expect(spacing.size).toBe(999);
    for (let i = 0; i < 10; i++) spacing.reserve(`new-${i}`, 5_000);
    expect(spacing.size).toBeLessThan(20);
  });

  it("refuses a limit that makes no sense", () => {
    expect(() => new ConversationSpacing(undefined, [{ limit: 0, windowMs: 1_000 }])).toThrow(RangeError);
  });
});
