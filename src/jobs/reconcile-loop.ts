import type { Logger } from "pino";
import type { Gatepass } from "../use-cases/gatepass.js";

/**
 * Runs the reconcile pass on a timer: Entra publishes no change notifications for requests, so the bot
 * polls and brings cards in step (decisions made elsewhere, automatic denials, delivery, expiry). A pass
 * never overlaps the previous one.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly gatepass: Gatepass,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass now (tests call it after moving the demo clock); joins a pass already under way. */
  runOnce(): Promise<unknown> {
    if (this.running) return this.running;
    this.running = this.gatepass
      .reconcileAll()
      .then((result) => {
        if (result.failed > 0) this.log.warn(result, "reconcile pass finished with failures");
        return result;
      })
      .catch((error: unknown) => this.log.error({ err: error }, "reconcile pass failed"))
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
