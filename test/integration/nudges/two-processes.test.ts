import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import pg from "pg";
import { startDemoTenant, type StartedDemoTenant } from "../../../src/demo-tenant/start-demo-tenant.js";
import { startGatepass, type RunningGatepass } from "../../../src/start-gatepass.js";
import type { RemoteDemoClock } from "../../../src/demo/remote-demo-clock.js";
import { openDb, type Db } from "../../../src/store/index.js";
import { TeamsDriver } from "../../support/teams-driver.js";
import { TEST_EPOCH } from "../../support/demo-tenant-harness.js";

/**
 * Issue 4's "two bot processes on one PostgreSQL, 1,000 reviewers due, each gets exactly one nudge".
 *
 * One demo tenant, started here on its own (the bots reach it only over HTTP, through DEMO_TENANT_URL,
 * as `npm start` does against `npm run demo-tenant`), with a generated access review of 1,000 reviewers
 * who all have decisions due and none of whom ever opened the bot; one local Teams connector; two bot
 * instances whose nudge loops run at the same time.
 *
 * The two "processes" are two `startGatepass` instances in this test process: each has its own
 * composition (adapter, gateways, token sources, sender, limiter, ledger objects, HTTP server) and
 * shares nothing in memory with the other except, on PGlite, the store. With DATABASE_URL set each
 * opens its own PostgreSQL pool on one schema, so the only thing they share is the database, exactly as
 * two processes would. Without DATABASE_URL there is no PostgreSQL to share, and an embedded PGlite
 * cannot be opened by two processes, so both instances get the same PGlite Db object (the `db` option
 * of startGatepass): the claims, ledger and race are the same SQL, only the pool differs.
 *
 * The reviewers live from Redmond to Sydney, and nobody is nudged in their quiet hours (20:00-08:00),
 * so no single instant suits all of them: both loops run at 09:00 in Redmond (the Americas and Europe
 * are awake) and again twelve hours later (Asia and Australia are), and the test counts at the
 * connector that every reviewer got exactly one digest over the two rounds.
 */

const REVIEWERS = 1_000;
const databaseUrl = process.env.DATABASE_URL?.trim() || null;

let tenant: StartedDemoTenant;
let teams: TeamsDriver;
let bots: RunningGatepass[] = [];
let sharedDb: Db | null = null;
let dropSchema: (() => Promise<void>) | null = null;
let workDir: string;

beforeAll(async () => {
  const started = Date.now();
  tenant = await startDemoTenant({
    startAt: TEST_EPOCH,
    frozenClock: true,
    stateFile: null,
    httpsPort: 0,
    // Reviewers are managers, so the org chart needs enough people for 1,000 of them.
    large: { users: 6_000, accessPackages: 5, assignments: 2_000, reviewDecisions: 1_500, reviewers: REVIEWERS, pendingRequests: 0, completedRequests: 0 },
  });
  workDir = mkdtempSync(join(tmpdir(), "gatepass-two-"));
  const caFile = join(workDir, "demo-tenant-ca.pem");
  writeFileSync(caFile, tenant.caPem!);
  teams = await new TeamsDriver("http://127.0.0.1:9/api/messages", tenant.tenant.state.settings.tenantId).start();

  let storeUrl: string | undefined;
  if (databaseUrl) {
    // A schema of its own, so this file runs beside others on one database.
    const schema = `gatepass_two_${randomBytes(6).toString("hex")}`;
    await withAdmin(databaseUrl, (c) => c.query(`CREATE SCHEMA ${schema}`));
    dropSchema = () => withAdmin(databaseUrl, (c) => c.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined);
    const url = new URL(databaseUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    storeUrl = url.toString();
  } else {
    sharedDb = await openDb({ pgliteDataDir: "memory://" });
  }
  const env: Record<string, string> = {
    PORT: "0",
    GATEPASS_MODE: "demo",
    LOG_LEVEL: "silent",
    DEMO_TENANT_URL: tenant.url,
    DEMO_TENANT_AUTHORITY_URL: tenant.httpsUrl!,
    DEMO_TENANT_CA_FILE: caFile,
    TEAMS_SERVICE_URL: teams.connectorUrl,
    RECONCILE_INTERVAL_SECONDS: "0",
    NUDGE_INTERVAL_SECONDS: "0",
    // Well above what two instances reach here, so the machine, not the ceiling, sets the pace.
    NUDGE_RATE_PER_SECOND: "500",
    ...(storeUrl ? { DATABASE_URL: storeUrl } : { PGLITE_DATA_DIR: "memory://" }),
  };
  for (let i = 0; i < 2; i++) {
    bots.push(
      await startGatepass({
        env,
        db: sharedDb ?? undefined,
        reconcileIntervalMs: 0,
        nudgeIntervalMs: 0,
        log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
      }),
    );
  }
  console.log(`[two-processes] setup ${Date.now() - started} ms (${databaseUrl ? "PostgreSQL" : "one shared PGlite"})`);
}, 120_000);

afterAll(async () => {
  for (const bot of bots) await bot.close().catch(() => undefined);
  bots = [];
  await sharedDb?.close();
  await dropSchema?.();
  await teams?.stop();
  await tenant?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Both bots' nudge loops, at the same time, after they read the demo tenant's clock again. */
async function bothLoops() {
  await Promise.all(bots.map((b) => (b.gatepass.deps.clock as RemoteDemoClock).refresh()));
  const started = Date.now();
  const reports = await Promise.all(bots.map((b) => b.nudgeLoop.runOnce()));
  return { reports, ms: Date.now() - started };
}

describe(`two bot instances on one ${databaseUrl ? "PostgreSQL" : "store (PGlite without DATABASE_URL)"}`, () => {
  it(
    "nudge each of 1,000 reviewers exactly once, reaching people who never opened the bot",
    async () => {
      const state = tenant.tenant.state;
      // The generated review (its ids start with 5ca1e): who has decisions due in it.
      const instance = [...state.reviewInstances.values()].find((i) => i.id.startsWith("5ca1e"))!;
      expect(instance).toBeTruthy();
      const reviewers = new Set<string>();
      for (const d of state.reviewDecisions.values()) {
        if (d.instanceId === instance.id && d.decision === "NotReviewed") for (const r of d.reviewerIds ?? []) reviewers.add(r);
      }
      expect(reviewers.size).toBe(REVIEWERS);
      const reviewName = state.reviewDefinitions.get(instance.definitionId)!.displayName;

      const first = await bothLoops();
      tenant.tenant.clock.advance("PT12H");
      tenant.tenant.catchUp();
      const second = await bothLoops();
      const third = await bothLoops(); // nothing left: a pass after the work is done sends nothing

      const sends = teams.captured.filter((c) => c.kind === "send");
      const perConversation = new Map<string, number>();
      for (const s of sends) perConversation.set(s.conversationId, (perConversation.get(s.conversationId) ?? 0) + 1);
      const counts = [...reviewers].map((id) => perConversation.get(`a:personal-${id}`) ?? 0);
      const missing = counts.filter((n) => n === 0).length;
      const duplicated = counts.filter((n) => n > 1).length;
      const all = [first, second, third].flatMap((r) => r.reports);
      const sent = all.reduce((n, r) => n + (r?.sent ?? 0), 0);
      console.log(
        `[two-processes] round 1 ${first.ms} ms (${first.reports.map((r) => r?.sent).join(" + ")} sent), ` +
          `round 2 ${second.ms} ms (${second.reports.map((r) => r?.sent).join(" + ")} sent), ` +
          `round 3 ${third.ms} ms (${third.reports.map((r) => r?.sent).join(" + ")} sent); ` +
          `${REVIEWERS} reviewers: ${missing} missing, ${duplicated} duplicated; ${sends.length} messages in all`,
      );
      expect(all.every((r) => r !== null)).toBe(true);
      if (missing > 0) {
        // Say what became of the missing reviewers' nudges, so a failure here can be understood from the log.
        const missed = new Set([...reviewers].filter((id) => !perConversation.has(`a:personal-${id}`)));
        const fates = all.flatMap((r) => (r?.outcomes ?? []).filter((o) => missed.has(o.recipientId)).map((o) => ({ status: o.status, reason: "reason" in o ? o.reason : null })));
        console.log(`[two-processes] what became of the missing reviewers' nudges: ${JSON.stringify(fates)}`);
      }
      expect({ missing, duplicated }).toEqual({ missing: 0, duplicated: 0 });
      // Nothing failed, and together the instances sent exactly what the connector received. How the work
      // splits between them is the race's business (an instance that renders first may claim it all).
      expect(all.reduce((n, r) => n + (r?.failed ?? 0), 0)).toBe(0);
      expect(third.reports.every((r) => r?.sent === 0)).toBe(true);
      expect(sent).toBe(sends.length);
      // The review digest, in each reviewer's own conversation.
      const reviewerSends = sends.filter((s) => reviewers.has(s.conversationId.replace(/^a:personal-/, "")));
      expect(reviewerSends.every((s) => JSON.stringify(s.activity).includes(reviewName))).toBe(true);
    },
    120_000,
  );
});
