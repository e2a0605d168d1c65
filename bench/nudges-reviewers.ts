/**
 * Nudging 10,000 access reviewers (`npm run bench:nudges`; BENCH_REVIEWERS, NUDGE_RATE_PER_SECOND to vary).
 *
 * This process runs the demo tenant with a generated access review whose decisions are due from
 * BENCH_REVIEWERS reviewers (none of whom ever opened the bot), and a local Bot Connector
 * (test/support/teams-driver.ts). The bot runs in a process of its own (bench/nudges-reviewers-bot.ts)
 * and runs one nudge pass. Printed: the time to nudge everyone beside the least the ceiling allows
 * (N / NUDGE_RATE_PER_SECOND), Graph calls counted at the demo tenant beside the least that paging and
 * `$batch` allow, duplicates counted per conversation at the connector, and the bot's peak RSS.
 * Loopback only; the bot process exits after its pass, this one after printing.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemoTenant } from "../src/demo-tenant/start-demo-tenant.js";
import pg from "pg";
import { TeamsDriver } from "../test/support/teams-driver.js";
import { buildBenchBots } from "./build-bots.js";
import { botNodeFlags } from "./image-node-flags.js";

const N = Number(process.env.BENCH_REVIEWERS ?? 10_000);
const RATE = Number(process.env.NUDGE_RATE_PER_SECOND ?? 50);
const START = new Date("2026-03-02T17:00:00.000Z");

const built = performance.now();
// Reviewers are the principals' managers: 5 people per reviewer give the org chart enough managers.
const tenant = await startDemoTenant({
  startAt: START,
  frozenClock: true,
  stateFile: null,
  httpsPort: 0,
  large: { users: N * 5, accessPackages: 20, assignments: N * 2, reviewDecisions: N * 2, reviewers: N, pendingRequests: 0, completedRequests: 0 },
});
const state = tenant.tenant.state;
const instance = [...state.reviewInstances.values()].find((i) => i.id.startsWith("5ca1e"))!;
const reviewers = new Set<string>();
let pendingDecisions = 0;
for (const d of state.reviewDecisions.values()) {
  if (d.instanceId !== instance.id || d.decision !== "NotReviewed") continue;
  pendingDecisions++;
  d.reviewerIds.forEach((r) => reviewers.add(r));
}
const buildMs = performance.now() - built;

// Graph calls, counted as the tenant receives them (the https listener only serves tokens).
const calls = new Map<string, number>();
/** Requests inside `$batch`es, by shape. */
const batchShapes = new Map<string, number>();
let batchItems = 0;
tenant.server.prependListener("request", (req) => {
  const path = (req.url ?? "").split("?")[0]!;
  if (path.startsWith("/_demo")) return;
  const shape = `${req.method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, "{id}").replace(/5ca1e[0-9a-f-]+/gi, "{id}")}`;
  calls.set(shape, (calls.get(shape) ?? 0) + 1);
  if (path.endsWith("/$batch")) {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      try {
        const requests = (JSON.parse(body) as { requests: { method: string; url: string }[] }).requests;
        batchItems += requests.length;
        for (const r of requests) {
          const inner = `  in $batch: ${r.method} ${r.url.split("?")[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, "{id}").replace(/5ca1e[0-9a-f-]+/gi, "{id}")}`;
          batchShapes.set(inner, (batchShapes.get(inner) ?? 0) + 1);
        }
      } catch {
        // not ours to judge
      }
    });
  }
});

const teams = await new TeamsDriver("http://127.0.0.1:9/api/messages", state.settings.tenantId).start();
const dir = mkdtempSync(join(tmpdir(), "gatepass-bench-nudges-"));
// The bot runs compiled, under plain node, as a deployment would. Its store: a scratch PostgreSQL
// database when DATABASE_URL is set (created here, dropped at the end), else PGlite on disk, created
// and migrated by another process first (as the bot finds it from its second start on).
const buildDir = buildBenchBots();
let storeEnv: Record<string, string>;
let storeText: string;
let dropScratch = async () => {};
if (process.env.DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const scratch = `gatepass_bench_nudges_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.query(`CREATE DATABASE ${scratch}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${scratch}`;
  storeEnv = { DATABASE_URL: url.toString() };
  storeText = `PostgreSQL (a scratch database, ${scratch})`;
  dropScratch = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  };
} else {
  execFileSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "bot-turns-init-store.ts"), join(dir, "pglite")], { stdio: "inherit" });
  storeEnv = { DATABASE_URL: "", PGLITE_DATA_DIR: join(dir, "pglite") };
  storeText = "PGlite on disk (created beforehand by another process)";
}
writeFileSync(join(dir, "ca.pem"), tenant.caPem!);
writeFileSync(join(dir, "reviewers.json"), JSON.stringify([...reviewers]));

/** Node flags for the bot's process, e.g. "--max-old-space-size=160" (see bench/README.md). */
const nodeFlags = botNodeFlags();
const child = spawn(process.execPath, ["--no-deprecation", ...nodeFlags, join(buildDir, "bench", "nudges-reviewers-bot.js")], {
  env: {
    ...process.env,
    PORT: "0",
    GATEPASS_MODE: "demo",
    LOG_LEVEL: "warn",
    ...storeEnv,
    DEMO_TENANT_URL: tenant.url,
    DEMO_TENANT_AUTHORITY_URL: tenant.httpsUrl!,
    DEMO_TENANT_CA_FILE: join(dir, "ca.pem"),
    TEAMS_SERVICE_URL: teams.connectorUrl,
    NUDGE_RATE_PER_SECOND: String(RATE),
    BENCH_REVIEWERS_FILE: join(dir, "reviewers.json"),
    BENCH_KNOWN_CHATS: process.env.BENCH_KNOWN_CHATS ?? "",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
let out = "";
child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
await teams.stop();
await tenant.close();
await dropScratch();
rmSync(dir, { recursive: true, force: true });
const line = out.trim().split("\n").reverse().find((l) => l.startsWith("{"));
if (code !== 0 || !line) {
  console.error(`The bot process exited with ${code}:\n${out}`);
  process.exit(1);
}
const bot = JSON.parse(line) as { report: { sent: number; failed: number; skipped: number; planned: number; subjects: number }; elapsedMs: number; ratePerSecond: number; peakRssMb: number; rssBeforeMb: number };

const sends = teams.captured.filter((c) => c.kind === "send");
const perConversation = new Map<string, number>();
for (const s of sends) perConversation.set(s.conversationId, (perConversation.get(s.conversationId) ?? 0) + 1);
const reached = [...reviewers].filter((id) => perConversation.has(`a:personal-${id}`)).length;
// Duplicates among the reviewers: each should see exactly one message (the digest). The scenario's own
// people (Megan, Alex...) legitimately get several (a decisions digest and one per review they review).
const duplicates = [...reviewers].reduce((n, id) => n + Math.max(0, (perConversation.get(`a:personal-${id}`) ?? 0) - 1), 0);
const others = sends.filter((s) => !reviewers.has(s.conversationId.replace(/^a:personal-/, ""))).length;
const messages = sends.length;
const floorMs = (messages / bot.ratePerSecond) * 1000;
// The ceiling is Teams' per app and tenant (50 requests per second, teams-platform.md), and opening a 1:1
// conversation with someone who never talked to the bot is such a request too: for them, the least the
// ceiling allows is two requests each.
const opened = teams.conversationsOpened;
const connectorFloorMs = ((messages + opened) / bot.ratePerSecond) * 1000;
const graphCalls = [...calls.values()].reduce((a, b) => a + b, 0);
// The least Graph allows (see bench/README.md): per reviewer one delegated read of their own items (a
// delegated token is one person's, so these cannot share a $batch) and one app install (app-only, 20
// per $batch); the pending decisions once, 999 per page; the reviewers' managers resolved 15 principals
// per `id in (...)` filter, 20 filters per $batch; the reviewers' time zones the same way.
const knownChats = process.env.BENCH_KNOWN_CHATS === "1";
const minimum = N + (knownChats ? 0 : Math.ceil(N / 20)) + Math.ceil(pendingDecisions / 999) + Math.ceil(pendingDecisions / 15 / 20) + Math.ceil(N / 15 / 20) + 3;

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;
console.log(`Nudge benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log(`Tenant: ${reviewers.size} reviewers with ${pendingDecisions} pending decisions (build ${(buildMs / 1000).toFixed(1)} s); ceiling ${bot.ratePerSecond}/s; bot compiled, under plain node${nodeFlags.length ? ` ${nodeFlags.join(" ")}` : " (V8 defaults)"}; store: ${storeText}`);
console.log(`| measure | measured | bound | ratio |\n|---|---:|---:|---:|`);
console.log(`| time to nudge everyone (one pass) | ${(bot.elapsedMs / 1000).toFixed(1)} s | ${(floorMs / 1000).toFixed(1)} s (${messages} messages / ${bot.ratePerSecond}/s) | ${(bot.elapsedMs / floorMs).toFixed(2)} |`);
console.log(`| the same, beside every connector request the ceiling counts | ${(bot.elapsedMs / 1000).toFixed(1)} s | ${(connectorFloorMs / 1000).toFixed(1)} s ((${messages} messages + ${opened} conversations opened) / ${bot.ratePerSecond}/s) | ${(bot.elapsedMs / connectorFloorMs).toFixed(2)} |`);
console.log(`| Graph HTTP calls | ${graphCalls} (${batchItems} inside $batch) | ${minimum} | ${(graphCalls / minimum).toFixed(2)} |`);
console.log(`| reviewers reached | ${reached} of ${reviewers.size} | all | ${pct(reached, reviewers.size)} |`);
console.log(`| duplicates (extra messages to a reviewer) | ${duplicates} | 0 | |`);
console.log(`| messages to the scenario's other people | ${others} | | |`);
console.log(`| bot peak RSS (RSS before the pass) | ${bot.peakRssMb.toFixed(0)} MB (${bot.rssBeforeMb.toFixed(0)} MB) | 300 MB | ${(bot.peakRssMb / 300).toFixed(2)} |`);
console.log(`Pass: ${JSON.stringify(bot.report)}`);
// The bot's own warnings and errors (pino JSON on its stdout), when a nudge failed: the first few say why.
const complaints = out.split("\n").filter((l) => /"level":(40|50|60)/.test(l));
if (complaints.length) console.log(`Bot warnings and errors (${complaints.length}; first 5):\n${complaints.slice(0, 5).map((l) => `  ${l.slice(0, 400)}`).join("\n")}`);
console.log("Graph calls by shape:");
for (const [shape, n] of [...calls.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(6)}  ${shape}`);
console.log("Requests inside $batch by shape:");
for (const [shape, n] of [...batchShapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${String(n).padStart(6)}  ${shape}`);
process.exit(0);
