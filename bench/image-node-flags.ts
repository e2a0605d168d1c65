/**
 * The node flags infra/Dockerfile runs the bot with (its NODE_OPTIONS and the flags of its CMD), so the
 * benchmarks measure the bot as it is deployed unless `BENCH_BOT_NODE_FLAGS` says otherwise ("" for
 * none: V8's defaults). Read from the Dockerfile itself, so the two cannot drift apart.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function imageNodeFlags(): string[] {
  const dockerfile = readFileSync(path.join(root, "infra/Dockerfile"), "utf8");
  const nodeOptions = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)?.[1] ?? "";
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
  const cmdFlags = cmd ? (JSON.parse(cmd) as string[]).slice(1).filter((a) => a.startsWith("--") && a !== "--no-deprecation") : [];
  return [...nodeOptions.split(/\s+/).filter(Boolean), ...cmdFlags];
}

/** `BENCH_BOT_NODE_FLAGS` when set (even empty), else the image's flags. */
export function botNodeFlags(): string[] {
  const set = process.env.BENCH_BOT_NODE_FLAGS;
  return set === undefined ? imageNodeFlags() : set.split(/\s+/).filter(Boolean);
}
