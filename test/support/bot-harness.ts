import { pino } from "pino";
import { startGatepass, type RunningGatepass } from "../../src/start-gatepass.js";
import { TeamsDriver, type TeamsPerson } from "./teams-driver.js";
import { TEST_EPOCH } from "./demo-tenant-harness.js";

export const PERSONAS = {
  alex: { aadObjectId: "00000000-0000-0000-0000-0000000000020", name: "Alex Wilber" },
  megan: { aadObjectId: "00000000-0000-0000-0000-0000000000021", name: "Megan Bowen" },
  adele: { aadObjectId: "00000000-0000-0000-0000-0000000000022", name: "Adele Vance" },
  isaiah: { aadObjectId: "00000000-0000-0000-0000-0000000000023", name: "Isaiah Langer" },
  patti: { aadObjectId: "00000000-0000-0000-0000-0000000000024", name: "Patti Fernandez" },
} satisfies Record<string, TeamsPerson>;

export interface BotHarness {
  bot: RunningGatepass;
  teams: TeamsDriver;
  /** Moves the demo tenant's clock (and so the bot's) forward. */
  advance(duration: string): Promise<void>;
  /** One reconcile pass, as the loop would run it. */
  reconcile(): Promise<void>;
  /** One nudge pass, as the loop would run it. */
  nudge(): Promise<import("../../src/use-cases/nudge-pass.js").NudgePassReport | null>;
  close(): Promise<void>;
}

/**
 * The bot as `npm start` runs it (demo mode: in-process demo tenant, embedded store), on free ports,
 * with the demo clock frozen at TEST_EPOCH and the reconcile loop driven by the test; Teams is the
 * local driver and connector.
 */
export async function startBotHarness(env: Record<string, string> = {}): Promise<BotHarness> {
  const bot = await startGatepass({
    env: {
      PORT: "0",
      GATEPASS_MODE: "demo",
      PGLITE_DATA_DIR: "memory://",
      LOG_LEVEL: "silent",
      RECONCILE_INTERVAL_SECONDS: "0",
      NUDGE_INTERVAL_SECONDS: "0",
      ...env,
    },
    demoTenant: { startAt: TEST_EPOCH, frozenClock: true, stateFile: null },
    reconcileIntervalMs: 0,
    nudgeIntervalMs: 0,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
  });
  const tenantId = bot.demoTenant!.tenant.state.settings.tenantId;
  const teams = await new TeamsDriver(`${bot.url}/api/messages`, tenantId).start();
  return {
    bot,
    teams,
    async advance(duration) {
      bot.demoTenant!.tenant.clock.advance(duration);
      bot.demoTenant!.tenant.catchUp();
    },
    async reconcile() {
      await bot.reconcile.runOnce();
    },
    nudge() {
      return bot.nudgeLoop.runOnce();
    },
    async close() {
      await teams.stop();
      await bot.close();
    },
  };
}
