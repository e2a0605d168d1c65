import type { Logger } from "pino";
import type { NudgePass, NudgePassReport } from "../use-cases/nudge-pass.js";
import { PeriodicJob } from "./periodic-job.js";

/**
 * The nudge pass on a timer (about a minute by default; seconds in tests and demos). Across processes
 * the ledger's claims keep each nudge to one send.
 */
export class NudgeLoop extends PeriodicJob<NudgePassReport> {
  constructor(pass: NudgePass, log: Logger, intervalMs: number) {
    super(
      "nudge",
      async () => {
        const report = await pass.run();
        if (report.sent + report.failed + report.blocked + report.unreachable > 0) {
          log.info({ planned: report.planned, sent: report.sent, failed: report.failed, blocked: report.blocked, unreachable: report.unreachable }, "nudge pass");
        }
        return report;
      },
      log,
      intervalMs,
    );
  }
}
