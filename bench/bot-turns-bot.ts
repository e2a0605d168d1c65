/**
 * The bot's process for `npm run bench:bot`: either the minimal botbuilder + restify echo bot (the
 * framework's floor) or Gatepass as `npm start` runs it in demo mode, compiled to JavaScript (the bench
 * builds `src/` and this file into `.data/bench-build/` first and runs them with plain `node`, as a
 * production deployment would, not through tsx). Forked by bench/bot-turns.ts with an IPC channel; not
 * meant to be run by hand. Both bots run in a process of their own started the same way, so the memory
 * figures are the bot's alone and its event loop is not shared with the driver.
 *
 * What it measures of itself, for the parent to ask over IPC:
 * - per turn (keyed by the id of the activity the driver posted), the intervals of its HTTP calls to the
 *   demo tenant and to the local Bot Connector (diagnostics_channel: undici for `fetch`, node:http for
 *   @azure/identity and the connector client) and of its store queries, attributed through
 *   AsyncLocalStorage entered around `CloudAdapter.process`. Calls to the demo tenant carry an
 *   `x-bench-turn` header so the tenant can time its own side per turn. Times are absolute
 *   (`performance.timeOrigin + performance.now()`), comparable with the parent's on the same machine.
 * - resident memory sampled every 50 ms (peak since the last ask, with its heap breakdown), CPU time, and
 *   event-loop delay (how late a 10 ms timer fires).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import dc from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { createHistogram } from "node:perf_hooks";
import { setFlagsFromString, writeHeapSnapshot } from "node:v8";
import { runInNewContext } from "node:vm";
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { pino } from "pino";
import restify from "restify";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const now = () => performance.timeOrigin + performance.now();
const mb = (bytes: number) => bytes / 1024 / 1024;
const CARD = "application/vnd.microsoft.card.adaptive";

export type CallKind = "tenant" | "connector" | "store";
export type TurnCalls = Record<CallKind, [number, number][]>;

export type ToBot =
  | { type: "start"; mode: "echo" | "gatepass"; env: Record<string, string>; tenantPorts: string[] }
  | { type: "connector"; port: string }
  | { type: "calls"; ids: string[] }
  | { type: "sample" }
  | { type: "gc"; heapSnapshot?: string }
  | { type: "profile"; action: "start" | "stop"; kind: "cpu" | "allocations"; file?: string }
  | { type: "stop" };

export interface BotSample {
  type: "sample";
  /** Peak resident set since the last sample, with the V8 heap and external memory at that moment. */
  peak: NodeJS.MemoryUsage;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Event-loop delay p99 since the last sample, ms. */
  lagP99Ms: number;
  maxRssMb: number;
}

const send = (message: object) => process.send!(message);

// ---- Memory and event loop ----
let peak = process.memoryUsage();
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  if (usage.rss > peak.rss) peak = usage;
}, 50);
sampler.unref();
let lag = createHistogram();
let lastTick = performance.now();
const ticker = setInterval(() => {
  const t = performance.now();
  lag.record(Math.max(1, Math.round((t - lastTick - 10) * 1000)));
  lastTick = t;
}, 10);
ticker.unref();

// ---- Turns and their calls ----
const als = new AsyncLocalStorage<TurnCalls>();
const turns = new Map<string, TurnCalls>();
const tenantPorts = new Set<string>();
const connectorPorts = new Set<string>();
const classify = (port: string): CallKind | null => (tenantPorts.has(port) ? "tenant" : connectorPorts.has(port) ? "connector" : null);
const turnIds = new WeakMap<TurnCalls, string>();

type ProcessFn = (this: CloudAdapter, ...args: unknown[]) => Promise<void>;
const originalProcess = CloudAdapter.prototype.process as unknown as ProcessFn;
// TeamsAdapter (teams-ai) extends CloudAdapter and calls super.process: one patch covers both bots.
(CloudAdapter.prototype as unknown as { process: ProcessFn }).process = function (this: CloudAdapter, ...args: unknown[]) {
  const id = (args[0] as { body?: { id?: string } } | undefined)?.body?.id;
  if (!id) return originalProcess.apply(this, args);
  let calls = turns.get(id);
  if (!calls) {
    calls = { tenant: [], connector: [], store: [] };
    turns.set(id, calls);
    turnIds.set(calls, id);
  }
  return process.env.BENCH_NO_ALS ? originalProcess.apply(this, args) : als.run(calls, () => originalProcess.apply(this, args));
};

const outbound = new WeakMap<object, { calls: TurnCalls; start: number; kind: CallKind }>();
const callDone = (request: object) => {
  const call = outbound.get(request);
  if (!call) return;
  outbound.delete(request);
  call.calls[call.kind].push([call.start, now()]);
};
dc.subscribe("undici:request:create", (message) => {
  const calls = als.getStore();
  if (!calls) return;
  const { request } = message as { request: { origin: string; addHeader(name: string, value: string): unknown } };
  const kind = classify(new URL(request.origin).port);
  if (!kind) return;
  if (kind === "tenant") request.addHeader("x-bench-turn", turnIds.get(calls)!);
  trace(calls, kind, `${(request as unknown as { method: string }).method} ${(request as unknown as { path: string }).path}`);
  outbound.set(request, { calls, start: now(), kind });
});
dc.subscribe("undici:request:trailers", (message) => callDone((message as { request: object }).request));
dc.subscribe("undici:request:error", (message) => callDone((message as { request: object }).request));
dc.subscribe("http.client.request.start", (message) => {
  const calls = als.getStore();
  if (!calls) return;
  const { request } = message as { request: { getHeader(name: string): unknown; setHeader(name: string, value: string): void } };
  const host = String(request.getHeader("host") ?? "");
  const kind = classify(host.split(":").pop() ?? "");
  if (!kind) return;
  trace(calls, kind, `${(request as unknown as { method: string }).method} ${(request as unknown as { path: string }).path}`);
  outbound.set(request, { calls, start: now(), kind });
});
// The same header on node:http requests (the bot's Graph calls go that way), added as the request is
// made: by the time diagnostics_channel says it started, its headers are sent.
for (const module of [http, https] as { request: (...args: unknown[]) => unknown }[]) {
  const request = module.request;
  module.request = function (this: unknown, ...args: unknown[]) {
    const calls = als.getStore();
    const url = args[0] instanceof URL ? args[0] : null;
    const options = args.find((a): a is { headers?: Record<string, string>; port?: unknown } => typeof a === "object" && a !== null && !(a instanceof URL));
    const port = String(url?.port ?? options?.port ?? "");
    if (calls && options && classify(port) === "tenant") options.headers = { ...options.headers, "x-bench-turn": turnIds.get(calls)! };
    return request.apply(this, args);
  };
}
dc.subscribe("http.client.response.finish", (message) => callDone((message as { request: object }).request));
dc.subscribe("http.client.request.error", (message) => callDone((message as { request: object }).request));

/** `BENCH_TRACE=1`: every call of every turn on stderr, for seeing what a turn does. */
function trace(calls: TurnCalls, kind: string, what: string): void {
  if (process.env.BENCH_TRACE) console.error(`TRACE ${turnIds.get(calls)} ${kind} ${what}`);
}

// ---- The bots ----
async function startEchoBot(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: "", MicrosoftAppPassword: "", MicrosoftAppType: "MultiTenant" }));
  const server = restify.createServer({ name: "echo" });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
  server.post("/api/messages", async (req, res) => {
    await adapter.process(req, res, async (context) => {
      if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity(`You said: ${context.activity.text ?? ""}`);
      } else if (context.activity.type === ActivityTypes.Invoke) {
        const card = { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: "1.5", body: [{ type: "TextBlock", text: "Echo: request received", wrap: true }] };
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: CARD, value: card } } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startGatepassBot(env: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  // Imported here, so the echo bot's process never loads Gatepass.
  const { startGatepass } = await import("../src/start-gatepass.js");
  const bot = await startGatepass({
    env,
    reconcileIntervalMs: 0,
    nudgeIntervalMs: 0,
    log: pino({ level: env.LOG_LEVEL ?? "warn" }, process.stderr),
  });
  // The store's queries, per turn (the repositories call db.query at call time, so an own property on the instance sees them all).
  const db = bot.db as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const query = db.query.bind(db);
  db.query = async (...args: unknown[]) => {
    const calls = als.getStore();
    if (!calls) return query(...args);
    const started = now();
    trace(calls, "store", String(args[0]).replace(/\s+/g, " ").slice(0, 120));
    try {
      return await query(...args);
    } finally {
      calls.store.push([started, now()]);
    }
  };
  return { url: bot.url, close: () => bot.close() };
}

let bot: { url: string; close(): Promise<void> } | null = null;
let profiler: Session | null = null;

process.on("message", (message: ToBot) => {
  void handle(message).catch((error: unknown) => {
    console.error(error);
    send({ type: "error", message: String((error as Error)?.stack ?? error) });
  });
});

async function handle(message: ToBot): Promise<void> {
  switch (message.type) {
    case "start": {
      message.tenantPorts.forEach((p) => tenantPorts.add(p));
      const rssAtLoad = mb(process.memoryUsage().rss);
      bot = message.mode === "echo" ? await startEchoBot() : await startGatepassBot(message.env);
      peak = process.memoryUsage();
      send({ type: "ready", url: bot.url, rssAtLoadMb: rssAtLoad, rssStartedMb: mb(process.memoryUsage().rss) });
      return;
    }
    case "connector":
      connectorPorts.add(message.port);
      send({ type: "connector" });
      return;
    case "calls": {
      const byTurn: Record<string, TurnCalls> = {};
      for (const id of message.ids) {
        const calls = turns.get(id);
        if (calls) byTurn[id] = calls;
        turns.delete(id);
      }
      send({ type: "calls", byTurn });
      return;
    }
    case "sample": {
      const cpu = process.cpuUsage();
      const sample: BotSample = {
        type: "sample",
        peak,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        lagP99Ms: lag.count ? lag.percentile(99) / 1000 : Number.NaN,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      };
      peak = process.memoryUsage();
      lag = createHistogram();
      send(sample);
      return;
    }
    case "gc": {
      turns.clear();
      gc();
      if (message.heapSnapshot) writeHeapSnapshot(message.heapSnapshot);
      send({ type: "gc", usage: process.memoryUsage() });
      return;
    }
    case "profile": {
      if (message.action === "start") {
        profiler = new Session();
        profiler.connect();
        if (message.kind === "allocations") {
          await profiler.post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
        } else {
          await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
          await profiler.post("Profiler.enable");
          await profiler.post("Profiler.start");
        }
      } else if (profiler) {
        const { profile } = message.kind === "allocations" ? await profiler.post("HeapProfiler.stopSampling") : await profiler.post("Profiler.stop");
        writeFileSync(message.file!, JSON.stringify(profile));
        profiler.disconnect();
        profiler = null;
      }
      send({ type: "profile" });
      return;
    }
    case "stop":
      await bot?.close().catch(() => undefined);
      send({ type: "stopped" });
      // PGlite and the connector client can hold handles open.
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
}

send({ type: "loaded" });
