import type { Logger } from "pino";

/**
 * Runs `pass` on a timer; passes never overlap in one process (a call while one runs joins it), and a
 * failed pass is logged and retried on the next tick. `runOnce` lets tests drive it after moving the
 * demo clock.
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T | null> | null = null;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<T>,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  runOnce(): Promise<T | null> {
    this.running ??= this.pass()
      .catch((error: unknown) => {
        this.log.error({ err: error, job: this.name }, `${this.name} pass failed; the next one retries`);
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
