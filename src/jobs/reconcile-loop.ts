import type { Logger } from "pino";
import type { Gatepass } from "../use-cases/gatepass.js";
import { PeriodicJob } from "./periodic-job.js";

/**
 * The reconcile pass on a timer: Entra publishes no change notifications for requests, so the bot polls
 * and brings cards in step (decisions made elsewhere, automatic denials, delivery, expiry).
 */
export class ReconcileLoop extends PeriodicJob<{ reconciled: number; failed: number }> {
  constructor(gatepass: Gatepass, log: Logger, intervalMs: number) {
    super(
      "reconcile",
      async () => {
        const result = await gatepass.reconcileAll();
        if (result.failed > 0) log.warn(result, "reconcile pass finished with failures");
        return result;
      },
      log,
      intervalMs,
    );
  }
}
