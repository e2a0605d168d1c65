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
import { ConversationReferences, Preferences } from "../src/store/index.js";

const reviewers = JSON.parse(readFileSync(process.env.BENCH_REVIEWERS_FILE!, "utf8")) as string[];
const bot = await startGatepass({ reconcileIntervalMs: 0, nudgeIntervalMs: 0, log: pino({ level: "warn" }) });
const preferences = new Preferences(bot.db);
const now = bot.gatepass.deps.clock.now();
for (const id of reviewers) await preferences.put(id, { quietHours: null, quietWeekends: false }, now);
if (process.env.BENCH_KNOWN_CHATS === "1") {
  // As if every reviewer had opened the bot before: their 1:1 chats are known, so no app install and no
  // conversation to open; each nudge is one request to the connector.
  const conversations = new ConversationReferences(bot.db);
  const { tenantId } = bot.gatepass.deps;
  for (const id of reviewers) {
    const conversationId = `a:personal-${id}`;
    const reference = {
      channelId: "msteams",
      serviceUrl: process.env.TEAMS_SERVICE_URL!,
      conversation: { id: conversationId, conversationType: "personal", tenantId },
      user: { id: `29:${id}`, aadObjectId: id },
      bot: { id: `28:${bot.config.bot.appId ?? "gatepass"}`, name: "Gatepass" },
    };
    await conversations.upsert({ tenantId, aadObjectId: id, conversationId, reference }, now);
  }
}

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
