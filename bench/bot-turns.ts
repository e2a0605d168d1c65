/**
 * `npm run bench:bot`: how long the bot takes to answer, at 50 concurrent conversations, beside a
 * minimal botbuilder + restify echo bot driven the same way in the same run (the framework's floor).
 *
 * - "my access": a message from a person; the turn ends when the bot's reply reaches the local Bot
 *   Connector (test/support/teams-driver.ts).
 * - request submission: the `request.submit` invoke of a ChatGPT request card (the card comes from
 *   "I need ChatGPT for 2 hours to summarise feedback", itself timed as an extra row); the turn ends
 *   with the invoke's HTTP answer. Every submission is a different person: Entra refuses a second open
 *   request for the same package.
 *
 * The demo tenant runs in a child process (bench/bot-turns-tenant.ts) and the bot uses it through
 * DEMO_TENANT_URL, as with `npm run demo-tenant`, so this process's memory is the bot's (plus the
 * driver and the echo bot). The demo tenant's time is taken out per turn: every HTTP call the bot makes
 * is seen through diagnostics_channel (undici for fetch, node:http for Graph, @azure/identity and the
 * connector client) and attributed to its turn through AsyncLocalStorage (entered around TeamsAdapter.process);
 * the time during which at least one call to the demo tenant was outstanding is subtracted from the
 * turn's latency. The tenant's own serving time for the same calls is measured on its side too.
 *
 * BENCH_CONCURRENCY (50), BENCH_ROUNDS (10), BENCH_WARMUP_ROUNDS (2), BENCH_CPU_PROFILE (a file: profile
 * the bot's measured rounds only, through the inspector; a `.heapprofile` file samples allocations
 * instead), BENCH_BOT_NODE_FLAGS (both bots' node flags; infra/Dockerfile's by default, "" for V8's
 * defaults), BENCH_TRACE=1 (every call of every turn on stderr), BENCH_NO_ALS=1 (no per-turn attribution).
 * See bench/README.md.
 */
import { fork, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { inputsOf } from "../test/support/bot-flows.js";
import { cardOf, cardText, TeamsDriver, type CapturedActivity, type InvokeAnswer, type TeamsPerson } from "../test/support/teams-driver.js";
import type { TenantReady, TenantStats } from "./bot-turns-tenant.js";
import type { BotSample, CallKind, ToBot, TurnCalls } from "./bot-turns-bot.js";
import { buildBenchBots } from "./build-bots.js";
import { botNodeFlags } from "./image-node-flags.js";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 2);
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE ?? "";
// A `.heapprofile` file asks for sampled allocations instead (collected ones included: what makes garbage).
const PROFILE_KIND = CPU_PROFILE.endsWith(".heapprofile") ? "allocations" : "cpu";
/** The bot's store: a PGlite directory made beforehand (as after a first start), PGlite in memory (as the tests), or PostgreSQL. */
const STORE = process.env.DATABASE_URL ? "postgres" : (process.env.BENCH_STORE ?? "pglite");
const TURN_TIMEOUT_MS = 30_000;
/** Node flags for both bots' processes (e.g. "--max-semi-space-size=2 --optimize-for-size"), the same for each. */
const BOT_NODE_FLAGS = botNodeFlags();
/** Targets: p99 of (bot latency - demo tenant time) within this many times the echo bot's p99; resident memory. */
const RATIO_TARGET = 2;
const RSS_TARGET_MB = 200;
const REQUEST_SENTENCE = "I need ChatGPT for 2 hours to summarise feedback";
const CARD = "application/vnd.microsoft.card.adaptive";
/** Absolute time in ms, comparable across this machine's processes (the bot's call intervals use it too). */
const now = () => performance.timeOrigin + performance.now();
const mb = (bytes: number) => bytes / 1024 / 1024;

// ---------------------------------------------------------------------------------------------
// Turns. The bot's process records its calls per turn (the id of the activity the driver posts).
// ---------------------------------------------------------------------------------------------
interface Turn {
  id: string;
  start: number;
  end: number;
  calls: TurnCalls;
  /** The demo tenant's serving time for this turn's tagged calls (its side). */
  tenantServerMs: number;
  tenantServerCalls: number;
  ok: boolean;
  problem?: string;
}

let turnSeq = 0;
function newTurn(label: string): Turn {
  return { id: `act-${label}-${++turnSeq}`, start: 0, end: 0, calls: { tenant: [], connector: [], store: [] }, tenantServerMs: 0, tenantServerCalls: 0, ok: true };
}

/** Milliseconds within [lo, hi] covered by at least one interval. */
function covered(intervals: [number, number][], lo: number, hi: number): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, lo), Math.min(b, hi)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let s = -1;
  let e = -1;
  for (const [a, b] of clipped) {
    if (a > e) {
      total += e - s;
      s = a;
      e = b;
    } else e = Math.max(e, b);
  }
  return total + (e - s);
}

const latency = (t: Turn) => t.end - t.start;
const waitOn = (kind: CallKind) => (t: Turn) => covered(t.calls[kind], t.start, t.end);
const tenantWait = waitOn("tenant");
const connectorWait = waitOn("connector");
const storeWait = waitOn("store");
const net = (t: Turn) => latency(t) - tenantWait(t);

// ---------------------------------------------------------------------------------------------
// Child processes: the demo tenant, and each bot in turn.
// ---------------------------------------------------------------------------------------------
function awaitMessage(child: ChildProcess, type: string, what: string): Promise<any> {
  return new Promise<any>((resolve, reject) => {
    const onMessage = (m: { type: string; message?: string }) => {
      if (m.type !== type && m.type !== "error") return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (m.type === "error") reject(new Error(`${what}: ${m.message}`));
      else resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`${what} exited (${code}).`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

class BotProcess {
  readonly child: ChildProcess;
  private readonly loaded: Promise<unknown>;
  constructor(script: string) {
    this.child = fork(script, [], { execArgv: ["--no-deprecation", ...BOT_NODE_FLAGS], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.loaded = awaitMessage(this.child, "loaded", "The bot process");
  }
  async ask<T>(message: ToBot, reply: string): Promise<T> {
    await this.loaded;
    const answer = awaitMessage(this.child, reply, "The bot process");
    this.child.send(message);
    return (await answer) as T;
  }
}
// ---------------------------------------------------------------------------------------------
// Driving turns through the local connector (the same code for both bots).
// ---------------------------------------------------------------------------------------------
interface Reply {
  turn: Turn;
  reply: CapturedActivity | null;
}

/** A message; the turn ends when the bot's first message in that conversation reaches the connector. */
async function messageTurn(driver: TeamsDriver, who: TeamsPerson, text: string, label: string): Promise<Reply> {
  const conversationId = driver.conversationIdFor(who);
  const turn = newTurn(label);
  let repliedAt = 0;
  const replied = driver.waitFor(
    (a) => {
      if (a.conversationId !== conversationId || a.activity.type !== "message") return false;
      repliedAt = now();
      return true;
    },
    TURN_TIMEOUT_MS,
    driver.captured.length,
  );
  turn.start = now();
  try {
    const answer = await driver.message(who, text, turn.id);
    const reply = await replied;
    turn.end = repliedAt;
    if (answer.status >= 400) fail(turn, `HTTP ${answer.status}`);
    return { turn, reply };
  } catch (error) {
    turn.end = now();
    fail(turn, (error as Error).message);
    return { turn, reply: null };
  }
}

/** An Action.Execute invoke; the turn ends with the invoke's HTTP answer. */
async function invokeTurn(driver: TeamsDriver, who: TeamsPerson, verb: string, data: Record<string, unknown>, replyToId: string | undefined, label: string): Promise<{ turn: Turn; answer: InvokeAnswer | null }> {
  const turn = newTurn(label);
  turn.start = now();
  try {
    const answer = await driver.execute(who, verb, data, replyToId, turn.id);
    turn.end = now();
    if (answer.status !== 200) fail(turn, `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
    return { turn, answer };
  } catch (error) {
    turn.end = now();
    fail(turn, (error as Error).message);
    return { turn, answer: null };
  }
}

function fail(turn: Turn, problem: string): void {
  if (!turn.ok) return;
  turn.ok = false;
  turn.problem = problem;
}

// ---------------------------------------------------------------------------------------------
// Operations: rounds of CONCURRENCY concurrent turns, warm-up rounds first.
// ---------------------------------------------------------------------------------------------
interface Operation {
  name: string;
  bot: "echo" | "gatepass";
  turns: Turn[];
  /** Sum of round durations (first POST to last answer). */
  wallMs: number;
  /** CPU time during the rounds: the bot's process, this process (driver and connector), the demo tenant's. */
  botCpuMs: number;
  driverCpuMs: number;
  tenantCpuMs: number;
  /** The worst of the rounds' event-loop delay p99 in the bot's process. */
  lagP99Ms: number;
  /** The bot process's peak memory during the rounds. */
  peak: NodeJS.MemoryUsage | null;
}
const operations: Operation[] = [];

function operation(name: string, bot: Operation["bot"]): Operation {
  const op: Operation = { name, bot, turns: [], wallMs: 0, botCpuMs: 0, driverCpuMs: 0, tenantCpuMs: 0, lagP99Ms: 0, peak: null };
  operations.push(op);
  return op;
}

/** The bot's process in use, and what it said at the last sample (so each round's CPU is a difference). */
let current: { proc: BotProcess; last: BotSample | null } | null = null;
async function sampleBot(): Promise<{ sample: BotSample; cpuMs: number }> {
  const sample = await current!.proc.ask<BotSample>({ type: "sample" }, "sample");
  const last = current!.last;
  current!.last = sample;
  const cpuMs = last ? sample.cpuUserMs + sample.cpuSystemMs - last.cpuUserMs - last.cpuSystemMs : 0;
  return { sample, cpuMs };
}
/** Per phase of the run, the bot process's peak memory (for the report). */
const phasePeaks: { phase: string; bot: "echo" | "gatepass"; peak: NodeJS.MemoryUsage }[] = [];
async function endPhase(phase: string, bot: "echo" | "gatepass"): Promise<void> {
  const { sample } = await sampleBot();
  phasePeaks.push({ phase, bot, peak: sample.peak });
}

/** One round: `make(i)` for i in 0..CONCURRENCY-1 at once; returns the turns and records them when `op` is given. */
async function round<T extends { turn: Turn }>(op: Operation | null, make: (i: number) => Promise<T>): Promise<T[]> {
  if (op) await sampleBot();
  const started = now();
  const cpu = process.cpuUsage();
  const results = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => make(i)));
  if (op) {
    op.wallMs += now() - started;
    const used = process.cpuUsage(cpu);
    op.driverCpuMs += (used.user + used.system) / 1000;
    const { sample, cpuMs } = await sampleBot();
    op.botCpuMs += cpuMs;
    op.lagP99Ms = Math.max(op.lagP99Ms, sample.lagP99Ms);
    if (!op.peak || sample.peak.rss > op.peak.rss) op.peak = sample.peak;
    phasePeaks.push({ phase: op.name, bot: op.bot, peak: sample.peak });
    op.turns.push(...results.map((r) => r.turn));
  }
  return results;
}

/** The bot's own record of each turn's calls (to the demo tenant, the connector, the store). */
async function collectBotSide(turns: Turn[]): Promise<void> {
  const { byTurn } = await current!.proc.ask<{ byTurn: Record<string, TurnCalls> }>({ type: "calls", ids: turns.map((t) => t.id) }, "calls");
  for (const t of turns) if (byTurn[t.id]) t.calls = byTurn[t.id]!;
}

// ---------------------------------------------------------------------------------------------
// The demo tenant, in its own process.
// ---------------------------------------------------------------------------------------------
const requesterCount = (WARMUP_ROUNDS + ROUNDS) * CONCURRENCY;
const buildDir = buildBenchBots();
const botScript = path.join(buildDir, "bench", "bot-turns-bot.js");
const child: ChildProcess = fork(fileURLToPath(new URL("./bot-turns-tenant.ts", import.meta.url)), [], {
  execArgv: ["--import", "tsx"],
  env: { ...process.env, BENCH_TENANT_REQUESTERS: String(requesterCount) },
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const tenant = (await awaitMessage(child, "ready", "The demo tenant process")) as TenantReady;
const tenantPorts = [String(tenant.port), String(tenant.httpsPort)];
let tenantCpuSoFar = 0;
let tenantCpuDelta = 0;
const tenantStats = async (): Promise<TenantStats> => {
  const reply = awaitMessage(child, "stats", "The demo tenant process");
  child.send({ type: "stats" });
  const stats = (await reply) as TenantStats;
  const cpu = stats.cpuUserMs + stats.cpuSystemMs;
  tenantCpuDelta = cpu - tenantCpuSoFar;
  tenantCpuSoFar = cpu;
  return stats;
};
/** Adds both sides of each turn: the bot's record of its calls, and the demo tenant's serving time and CPU. */
async function collect(op: Operation, turns: Turn[]): Promise<TenantStats> {
  await collectBotSide(turns);
  const stats = await tenantStats();
  op.tenantCpuMs += tenantCpuDelta;
  for (const t of turns) {
    const s = stats.byTurn[t.id];
    if (s) {
      t.tenantServerMs += s.ms;
      t.tenantServerCalls += s.calls;
    }
  }
  return stats;
}

const requesters: TeamsPerson[] = tenant.requesters.map((r) => ({ aadObjectId: r.aadObjectId, name: r.name }));
const peopleOfRound = (r: number) => requesters.slice(r * CONCURRENCY, (r + 1) * CONCURRENCY);
let exitCode = 0;
/** Seconds between the last measured turn and the last approval card reaching the connector (negative: all arrived before). */
let approvalCardsLagS = Number.NaN;
/** The bot's CPU between the last submission's answer and its last approval card. */
let approvalBacklogCpuMs = Number.NaN;
const cleanups: (() => void)[] = [];
const startInfo: Record<"echo" | "gatepass", { rssAtLoadMb: number; rssStartedMb: number }> = {} as never;

async function startBot(mode: "echo" | "gatepass", env: Record<string, string>): Promise<{ proc: BotProcess; driver: TeamsDriver }> {
  const proc = new BotProcess(botScript);
  const ready = await proc.ask<{ url: string; rssAtLoadMb: number; rssStartedMb: number }>({ type: "start", mode, env, tenantPorts }, "ready");
  startInfo[mode] = { rssAtLoadMb: ready.rssAtLoadMb, rssStartedMb: ready.rssStartedMb };
  const driver = await new TeamsDriver(`${ready.url}/api/messages`, tenant.tenantId).start();
  await proc.ask({ type: "connector", port: new URL(driver.connectorUrl).port }, "connector");
  current = { proc, last: null };
  return { proc, driver };
}
async function stopBot(proc: BotProcess, driver: TeamsDriver): Promise<void> {
  await driver.stop();
  await proc.ask({ type: "stop" }, "stopped").catch(() => undefined);
}

try {
  // -------------------------------------------------------------------------------------------
  // The echo bot: the framework's floor.
  // -------------------------------------------------------------------------------------------
  const echo = await startBot("echo", {});
  const echoDriver = echo.driver;
  await endPhase("echo start", "echo");
  const echoMessage = operation("echo: message -> reply", "echo");
  const echoInvoke = operation("echo: invoke -> answer", "echo");
  const echoOps: [Operation, (p: TeamsPerson, label: string) => Promise<{ turn: Turn }>][] = [
    [echoMessage, (p, label) => messageTurn(echoDriver, p, "my access", label)],
    [echoInvoke, (p, label) => invokeTurn(echoDriver, p, "request.submit", { packageId: "x", justification: "summarise feedback" }, undefined, label)],
  ];
  for (const [op, turn] of echoOps) {
    for (let r = 0; r < WARMUP_ROUNDS; r++) await round(null, (i) => turn(peopleOfRound(r)[i]!, `echo-warm-${r}-${i}`));
    for (let r = 0; r < ROUNDS; r++) {
      const results = await round(op, (i) => turn(peopleOfRound(WARMUP_ROUNDS + r)[i]!, `echo-${r}-${i}`));
      await collectBotSide(results.map((x) => x.turn));
    }
  }
  await stopBot(echo.proc, echoDriver);

  // -------------------------------------------------------------------------------------------
  // Gatepass, as `npm start` runs it against a demo tenant in another process.
  // -------------------------------------------------------------------------------------------
  let storeEnv: Record<string, string>;
  let storeText: string;
  if (STORE === "postgres") {
    storeEnv = { DATABASE_URL: process.env.DATABASE_URL! };
    storeText = "PostgreSQL (DATABASE_URL)";
  } else if (STORE === "memory") {
    storeEnv = { PGLITE_DATA_DIR: "memory://" };
    storeText = "PGlite in memory (memory://, initdb in the bot's process, as the test harness)";
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatepass-bench-pglite-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./bot-turns-init-store.ts", import.meta.url)), dir], { stdio: "inherit" });
    storeEnv = { PGLITE_DATA_DIR: dir };
    storeText = "PGlite on disk (a temporary directory created beforehand by another process: the bot opens it as after its first start)";
  }
  const { proc, driver } = await startBot("gatepass", {
    PORT: "0",
    GATEPASS_MODE: "demo",
    ...storeEnv,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    RECONCILE_INTERVAL_SECONDS: "0",
    NUDGE_INTERVAL_SECONDS: "0",
    DEMO_TENANT_URL: tenant.url,
    DEMO_TENANT_AUTHORITY_URL: tenant.httpsUrl,
    DEMO_TENANT_CA_FILE: tenant.caFile,
  });
  await endPhase("gatepass start", "gatepass");

  // Approvers open the bot once, so their approval cards have somewhere to go (a real posting, not "unreachable").
  for (const m of tenant.managers) {
    const answer = await driver.install(m);
    if (answer.status >= 400) throw new Error(`Installing for ${m.name} answered ${answer.status}`);
  }

  const formOp = operation(`gatepass: "${REQUEST_SENTENCE}" -> card`, "gatepass");
  const submitOp = operation("gatepass: request.submit invoke -> answer", "gatepass");
  const myAccessOp = operation('gatepass: "my access" -> reply', "gatepass");

  // Request submission: rounds of distinct people. The card message first, then the timed submit.
  const submitRound = async (r: number, measured: boolean) => {
    const people = peopleOfRound(r);
    const forms = await round(measured ? formOp : null, (i) => messageTurn(driver, people[i]!, REQUEST_SENTENCE, `form-${r}-${i}`));
    if (measured) await collect(formOp, forms.map((f) => f.turn));
    const submits = await round(measured ? submitOp : null, async (i) => {
      const form = forms[i]!;
      const card = form.reply ? cardOf(form.reply.activity) : undefined;
      const submit = card?.actions?.find((a: any) => a.verb === "request.submit");
      if (!submit) {
        const turn = newTurn(`submit-${r}-${i}`);
        fail(turn, `no request card: ${cardText(card) || form.reply?.activity.text || form.turn.problem}`);
        return { turn, answer: null };
      }
      const data: Record<string, unknown> = { ...submit.data };
      for (const input of inputsOf(card)) if (input.value !== undefined && input.value !== "") data[input.id] = input.value;
      const result = await invokeTurn(driver, people[i]!, "request.submit", data, form.reply!.activityId, `submit-${r}-${i}`);
      const body = result.answer?.body;
      const answered = body?.type === CARD ? body.value : undefined;
      if (result.turn.ok && (!answered || answered.actions?.some((a: any) => a.verb === "request.submit"))) {
        fail(result.turn, `not filed: ${cardText(answered) || JSON.stringify(body).slice(0, 200)}`);
      }
      return result;
    });
    if (measured) await collect(submitOp, submits.map((s) => s.turn));
  };
  const myAccessRound = async (r: number, measured: boolean) => {
    const people = peopleOfRound(r);
    const replies = await round(measured ? myAccessOp : null, (i) => messageTurn(driver, people[i]!, "my access", `access-${r}-${i}`));
    for (const reply of replies) {
      const card = reply.reply ? cardOf(reply.reply.activity) : undefined;
      if (reply.turn.ok && !cardText(card).includes("ChatGPT")) fail(reply.turn, `unexpected answer: ${cardText(card) || reply.reply?.activity.text}`);
    }
    if (measured) await collect(myAccessOp, replies.map((x) => x.turn));
  };

  for (let r = 0; r < WARMUP_ROUNDS; r++) await submitRound(r, false);
  await endPhase("gatepass warm-up", "gatepass");
  await tenantStats(); // drop the warm-up's figures
  if (CPU_PROFILE) await proc.ask({ type: "profile", action: "start", kind: PROFILE_KIND }, "profile");
  for (let r = 0; r < ROUNDS; r++) await submitRound(WARMUP_ROUNDS + r, true);

  // Approvers got their cards: the bot posts them after answering the submission, a few at a time, so
  // wait (up to a minute) for the last ones before the next operation, which is then measured on its own.
  const lastSubmitAt = now();
  const countApproverCards = () => tenant.managers.reduce((n, mgr) => n + [...driver.messagesOf(mgr).values()].filter((a) => cardText(cardOf(a)).includes("asks for")).length, 0);
  let approverCards = countApproverCards();
  while (approverCards < requesterCount && now() - lastSubmitAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    approverCards = countApproverCards();
  }
  const lastCardAt = Math.max(...driver.captured.filter((c) => cardText(cardOf(c.activity)).includes("asks for")).map((c) => c.at));
  approvalCardsLagS = (lastCardAt - lastSubmitAt) / 1000;
  // The cards still going out after the last answer are the submissions' work too: said beside their CPU.
  const backlog = await sampleBot();
  approvalBacklogCpuMs = backlog.cpuMs;
  phasePeaks.push({ phase: "approval cards", bot: "gatepass", peak: backlog.sample.peak });

  // "My access" from the same people: each has the request just filed waiting on their manager.
  for (let r = 0; r < WARMUP_ROUNDS; r++) await myAccessRound(r, false);
  await endPhase("gatepass warm-up", "gatepass");
  await tenantStats();
  for (let r = 0; r < ROUNDS; r++) await myAccessRound(WARMUP_ROUNDS + r, true);
  if (CPU_PROFILE) await proc.ask({ type: "profile", action: "stop", kind: PROFILE_KIND, file: path.resolve(CPU_PROFILE) }, "profile");
  const final = await tenantStats();
  const { sample: lastSample } = await sampleBot();
  phasePeaks.push({ phase: "gatepass end", bot: "gatepass", peak: lastSample.peak });
  // What stays reachable once garbage is gone (the bot still running).
  const { usage: afterGc } = await proc.ask<{ usage: NodeJS.MemoryUsage }>({ type: "gc", ...(process.env.BENCH_HEAP_SNAPSHOT ? { heapSnapshot: path.resolve(process.env.BENCH_HEAP_SNAPSHOT) } : {}) }, "gc");
  await stopBot(proc, driver);

  exitCode = report({ afterGc, maxRssMb: lastSample.maxRssMb, final, approverCards, storeText });
} catch (error) {
  console.error(error);
  exitCode = 2;
} finally {
  child.send({ type: "stop" });
  for (const cleanup of cleanups) cleanup();
}
process.exitCode = exitCode;
setTimeout(() => process.exit(exitCode), 1000).unref();

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
function stats(values: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length) };
}
function f1(n: number): string {
  return Number.isFinite(n) ? n.toFixed(1) : "-";
}

function report(extra: { afterGc: NodeJS.MemoryUsage; maxRssMb: number; final: TenantStats; approverCards: number; storeText: string }): number {
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  console.log(`\nBot turn benchmark: ${new Date().toISOString()}, Node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} x${os.cpus().length}, load average ${load}`);
  console.log(
    `${CONCURRENCY} concurrent conversations (each a different person), ${ROUNDS} measured rounds per operation after ${WARMUP_ROUNDS} warm-up rounds; ` +
      `everything on 127.0.0.1; each bot in its own process (compiled JavaScript under plain node${BOT_NODE_FLAGS.length ? ` ${BOT_NODE_FLAGS.join(" ")}` : " with V8's defaults"}), the driver and local connector in this one, ` +
      `the demo tenant in a third (ready in ${tenant.readyMs} ms, ${tenant.requesters.length} generated business users under ${tenant.managers.length} generated managers).`,
  );
  console.log("Latency: from the POST to the bot's reply at the local connector (messages) or the invoke's HTTP answer (invokes).\n");

  let failed = 0;
  console.log("| operation | turns | failed | p50 ms | p95 ms | p99 ms | turns/s | CPU ms per turn: bot / driver / demo tenant | bot loop delay p99 ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const op of operations) {
    const ok = op.turns.filter((t) => t.ok);
    failed += op.turns.length - ok.length;
    const s = stats(ok.map(latency));
    const n = Math.max(1, op.turns.length);
    const cpu = `${f1(op.botCpuMs / n)} / ${f1(op.driverCpuMs / n)} / ${op.bot === "echo" ? "-" : f1(op.tenantCpuMs / n)}`;
    console.log(`| ${op.name} | ${op.turns.length} | ${op.turns.length - ok.length} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.p99)} | ${(op.turns.length / (op.wallMs / 1000)).toFixed(0)} | ${cpu} | ${f1(op.lagP99Ms)} |`);
  }

  const pairs: [Operation, Operation, boolean][] = [
    [operations.find((o) => o.name.includes("my access"))!, operations.find((o) => o.name.startsWith("echo: message"))!, true],
    [operations.find((o) => o.name.includes("request.submit"))!, operations.find((o) => o.name.startsWith("echo: invoke"))!, true],
    [operations.find((o) => o.name.includes("-> card"))!, operations.find((o) => o.name.startsWith("echo: message"))!, false],
  ];
  console.log(
    "\nWith the demo tenant's time taken out, per turn. Strict: latency minus the demo tenant's serving time for the turn's calls (measured on its side, request parsed to answer written). " +
      "Lenient: latency minus the time at least one call to the demo tenant was outstanding (seen by the bot; this also removes the bot's own event-loop wait and HTTP client work while a call was out). " +
      "Echo p99 is the echo bot's for the same kind of turn (message or invoke).\n",
  );
  console.log("| operation | tenant serving p50 / p99 ms (calls) | tenant wait p50 / p99 ms | connector wait p50 ms | store wait p50 ms (queries) | strict p50 / p95 / p99 ms | lenient p50 / p95 / p99 ms | echo p99 ms | strict p99 / echo | lenient p99 / echo |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const verdicts: string[] = [];
  let missed = 0;
  for (const [op, floor, target] of pairs) {
    const ok = op.turns.filter((t) => t.ok);
    const serving = stats(ok.map((t) => t.tenantServerMs));
    const calls = ok.reduce((n, t) => n + t.tenantServerCalls, 0) / Math.max(1, ok.length);
    const wait = stats(ok.map(tenantWait));
    const conn = stats(ok.map(connectorWait));
    const store = stats(ok.map(storeWait));
    const queries = ok.reduce((n, t) => n + t.calls.store.length, 0) / Math.max(1, ok.length);
    const strict = stats(ok.map((t) => latency(t) - t.tenantServerMs));
    const lenient = stats(ok.map(net));
    const echoP99 = stats(floor.turns.filter((t) => t.ok).map(latency)).p99;
    const strictRatio = strict.p99 / echoP99;
    const lenientRatio = lenient.p99 / echoP99;
    console.log(
      `| ${op.name} | ${f1(serving.p50)} / ${f1(serving.p99)} (${calls.toFixed(1)}) | ${f1(wait.p50)} / ${f1(wait.p99)} | ${f1(conn.p50)} | ${f1(store.p50)} (${queries.toFixed(1)}) | ${f1(strict.p50)} / ${f1(strict.p95)} / ${f1(strict.p99)} | ${f1(lenient.p50)} / ${f1(lenient.p95)} / ${f1(lenient.p99)} | ${f1(echoP99)} | ${strictRatio.toFixed(1)}x | ${lenientRatio.toFixed(1)}x |`,
    );
    if (target) {
      const pass = strictRatio <= RATIO_TARGET;
      if (!pass) missed++;
      verdicts.push(
        `${pass ? "PASS" : "MISS"}  p99 ${op.name.replace(/^gatepass: /, "")}, demo tenant's time out: ${f1(strict.p99)} ms = ${strictRatio.toFixed(1)}x the echo floor (${f1(echoP99)} ms); target within ${RATIO_TARGET}x ` +
          `(lenient measure: ${f1(lenient.p99)} ms = ${lenientRatio.toFixed(1)}x).`,
      );
    }
  }

  const peakOf = (bot: "echo" | "gatepass") =>
    phasePeaks.filter((p) => p.bot === bot).reduce<NodeJS.MemoryUsage | undefined>((best, p) => (!best || p.peak.rss > best.rss ? p.peak : best), undefined);
  const botPeak = peakOf("gatepass")!;
  const echoPeak = peakOf("echo");
  const rssPass = mb(botPeak.rss) < RSS_TARGET_MB;
  if (!rssPass) missed++;
  verdicts.push(
    `${rssPass ? "PASS" : "MISS"}  peak resident memory of the bot's process: ${mb(botPeak.rss).toFixed(0)} MB (sampled every 50 ms; maxRSS ${extra.maxRssMb.toFixed(0)} MB); target under ${RSS_TARGET_MB} MB.`,
  );
  const breakdown = (u: NodeJS.MemoryUsage) => `${mb(u.rss).toFixed(0)} MB (V8 heap ${mb(u.heapUsed).toFixed(0)} of ${mb(u.heapTotal).toFixed(0)} MB, external ${mb(u.external).toFixed(0)} MB of which ArrayBuffers ${mb(u.arrayBuffers).toFixed(0)} MB)`;
  const byPhase = new Map<string, number>();
  for (const p of phasePeaks.filter((x) => x.bot === "gatepass")) byPhase.set(p.phase, Math.max(byPhase.get(p.phase) ?? 0, mb(p.peak.rss)));
  console.log(`\nStore: ${extra.storeText}.`);
  console.log(
    `Memory of the bot's process (the bot alone): echo bot ${startInfo.echo.rssAtLoadMb.toFixed(0)} MB loaded, peak ${echoPeak ? mb(echoPeak.rss).toFixed(0) : "-"} MB. ` +
      `Gatepass ${startInfo.gatepass.rssAtLoadMb.toFixed(0)} MB before loading its code, ${startInfo.gatepass.rssStartedMb.toFixed(0)} MB started; peak ${breakdown(botPeak)}; ` +
      `per phase: ${[...byPhase].map(([n, v]) => `${n.replace(/^gatepass: /, "").replace(/ ->.*$/, "")} ${v.toFixed(0)}`).join(", ")} MB. ` +
      `After the last round and a full garbage collection: V8 heap ${mb(extra.afterGc.heapUsed).toFixed(0)} MB, RSS ${mb(extra.afterGc.rss).toFixed(0)} MB.`,
  );
  console.log(
    `Demo tenant process: RSS ${extra.final.rssMb.toFixed(0)} MB (peak ${extra.final.maxRssMb.toFixed(0)} MB), CPU ${((extra.final.cpuUserMs + extra.final.cpuSystemMs) / 1000).toFixed(1)} s over the whole run.`,
  );
  console.log(`Checks: ${extra.final.openRequestsByRequesters} requests by the generated people pending in Entra (${requesterCount} submitted), ${extra.approverCards} approval cards posted to their managers (the last ${approvalCardsLagS > 0 ? `${approvalCardsLagS.toFixed(1)} s after the last submission's answer` : "before the last submission's answer"}; the bot's CPU meanwhile ${approvalBacklogCpuMs.toFixed(0)} ms, ${(approvalBacklogCpuMs / (ROUNDS * CONCURRENCY)).toFixed(1)} ms per measured submission, not in its CPU per turn; "my access" ran after them), ${failed} failed turns.`);
  if (extra.approverCards < requesterCount) failed += requesterCount - extra.approverCards;
  const problems = operations.flatMap((o) => o.turns.filter((t) => !t.ok).map((t) => `${t.id}: ${t.problem}`));
  if (problems.length) console.log(`First failures:\n  ${problems.slice(0, 5).join("\n  ")}`);
  console.log(`\n${verdicts.join("\n")}`);
  return failed > 0 ? 2 : missed > 0 ? 1 : 0;
}
