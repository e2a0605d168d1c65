import type { Timer } from "../../../src/use-cases/nudges/timer.js";

/** A timer whose time moves only when the test says, waking sleepers in order. */
export class FakeTimer implements Timer {
  private time: number;
  private sleepers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((wake) => this.sleepers.push({ at: this.time + ms, seq: this.seq++, wake }));
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way at its own instant. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.sleepers[0];
      if (next === undefined || next.at > end) break;
      this.sleepers.shift();
      this.time = Math.max(this.time, next.at);
      next.wake();
      await settle();
    }
    this.time = end;
    await settle();
  }

  /**
   * Moves time forward by `ms` in one jump, as a blocked event loop does: sleepers due on the way all
   * wake late, at the end.
   */
  async jump(ms: number): Promise<void> {
    this.time += ms;
    await this.advance(0);
  }
}

/** Lets every pending promise callback run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
