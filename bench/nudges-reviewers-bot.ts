/**
 * The bot process of `npm run bench:nudges` (bench/nudges-reviewers.ts starts it): the bot as `npm start`
 * runs it in demo mode against the already running demo tenant (DEMO_TENANT_URL and friends in the
 * environment), its store in memory. It turns quiet hours off for the reviewers named in
 * BENCH_REVIEWERS_FILE (so all of them are due at one instant, wherever they live), runs one nudge
 * pass, and prints one JSON line: the pass's report, its wall time, and this process's peak RSS.
 */
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { startGatepass } from "../src/start-gatepass.js";
import { Preferences } from "../src/store/index.js";

const reviewers = JSON.parse(readFileSync(process.env.BENCH_REVIEWERS_FILE!, "utf8")) as string[];
const bot = await startGatepass({ reconcileIntervalMs: 0, nudgeIntervalMs: 0, log: pino({ level: "warn" }) });
const preferences = new Preferences(bot.db);
const now = bot.gatepass.deps.clock.now();
for (const id of reviewers) await preferences.put(id, { quietHours: null, quietWeekends: false }, now);

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const report = await bot.nudgeLoop.runOnce();
const elapsedMs = performance.now() - started;
if (process.env.BENCH_HEAP_SNAPSHOT) {
  // What the bot still holds after its pass, for `node --inspect`-free analysis (Chrome DevTools' Memory tab).
  (await import("node:v8")).setFlagsFromString("--expose-gc");
  ((await import("node:vm")).runInNewContext("gc") as () => void)();
  (await import("node:v8")).writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
}
const { outcomes: _outcomes, ...counts } = report ?? { outcomes: [] };
console.log(
  JSON.stringify({
    report: counts,
    elapsedMs,
    ratePerSecond: bot.nudges.ratePerSecond,
    rssBeforeMb: rssBefore / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
await bot.close();
