import type { Logger } from "pino";
import type { NudgePass, NudgePassReport } from "../use-cases/nudge-pass.js";

/**
 * Runs the nudge pass on a timer (about a minute by default; seconds in tests and demos). Passes never
 * overlap in one process; across processes the ledger's claims keep each nudge to one send.
 */
export class NudgeLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<NudgePassReport | null> | null = null;

  constructor(
    private readonly pass: NudgePass,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  runOnce(): Promise<NudgePassReport | null> {
    if (this.running) return this.running;
    this.running = this.pass
      .run()
      .then((report) => {
        if (report.sent + report.failed + report.blocked + report.unreachable > 0) {
          this.log.info({ planned: report.planned, sent: report.sent, failed: report.failed, blocked: report.blocked, unreachable: report.unreachable }, "nudge pass");
        }
        return report;
      })
      .catch((error: unknown) => {
        this.log.error({ err: error }, "nudge pass failed; the next one retries");
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
