import { parseIsoDuration } from "./iso-duration.js";

/**
 * The demo tenant's time. Real time by default; tests and scripts move it forward or set it, and may
 * freeze it so that a test reads exactly the instants it set. Lifecycle transitions are evaluated
 * against this clock, never against Date.now().
 */
export class DemoClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  /** Moves time forward by an ISO 8601 duration such as `PT3H` or `P2D`. Time never goes back this way. */
  advance(duration: string): Date {
    const ms = parseIsoDuration(duration);
    if (ms < 0) throw new RangeError(`The clock only moves forward; '${duration}' is negative.`);
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
    return this.now();
  }

  set(instant: Date): Date {
    if (Number.isNaN(instant.getTime())) throw new RangeError("The clock needs a valid ISO date-time.");
    if (this.frozenAt !== null) this.frozenAt = instant.getTime();
    else this.offsetMs = instant.getTime() - this.realNow();
    return this.now();
  }

  freeze(): void {
    this.frozenAt ??= this.nowMs();
  }

  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = null;
  }

  /** Back to the machine's real time, running. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }

  /** What to persist so a restarted demo keeps its time: the offset from real time, or the frozen instant. */
  toJSON(): { offsetMs: number; frozenAt: number | null } {
    return { offsetMs: this.offsetMs, frozenAt: this.frozenAt };
  }

  restore(saved: { offsetMs: number; frozenAt: number | null }): void {
    this.offsetMs = saved.offsetMs;
    this.frozenAt = saved.frozenAt;
  }
}
