/**
 * Hot spots of a V8 CPU profile (`node --cpu-prof`, or BENCH_CPU_PROFILE of `npm run bench:bot`):
 * self time by package or source folder, and self and inclusive time by function.
 *
 *   npx tsx bench/cpu-profile-top.ts <file.cpuprofile> [top=25] [filter]
 *
 * `filter` (a regular expression) keeps only samples whose stack has a frame matching it (by function
 * name or URL), to look inside one path (e.g. `PGlite`, `msal`, `reconcile`).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg, filterArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx bench/cpu-profile-top.ts <file.cpuprofile> [top] [filter]");
  process.exit(2);
}
const TOP = Number(topArg ?? 25);
const filter = filterArg ? new RegExp(filterArg, "i") : null;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Where a frame lives: a package under node_modules, a folder of this repository, Node's internals, or V8. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native / V8)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node: (Node.js internals)";
  const repo = url.match(/\/work\/main\/(.*)$/) ?? url.match(/file:\/\/\/?(.*)$/);
  if (repo) {
    const parts = repo[1]!.split("/");
    return parts.slice(0, Math.min(parts.length - 1, 2)).join("/") || parts[0]!;
  }
  return url;
}
const short = (url: string) => url.replace(/^file:\/\//, "").replace(/^.*node_modules\//, "").replace(/^\/work\/main\//, "");
const frameKey = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}  ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const selfByArea = new Map<string, number>();
const selfByFn = new Map<string, number>();
const inclusiveByFn = new Map<string, number>();
let total = 0;
let idle = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  const leaf = byId.get(profile.samples[i]!)!;
  const stack: ProfileNode[] = [];
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
  if (filter && !stack.some((n) => filter.test(n.callFrame.functionName) || filter.test(n.callFrame.url))) continue;
  const name = leaf.callFrame.functionName;
  if (name === "(idle)" || name === "(program)") {
    if (name === "(idle)") idle += dt;
  }
  total += dt;
  const a = area(leaf.callFrame.url, name);
  selfByArea.set(a, (selfByArea.get(a) ?? 0) + dt);
  selfByFn.set(frameKey(leaf), (selfByFn.get(frameKey(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (const n of stack) {
    const k = frameKey(n);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusiveByFn.set(k, (inclusiveByFn.get(k) ?? 0) + dt);
  }
}

const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number) => `${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)}%`;
const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);

console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled${filter ? ` with a frame matching /${filter.source}/` : ""}, idle ${(idle / 1000).toFixed(0)} ms (${pct(idle).trim()})\n`);
console.log("Self time by package or folder:");
for (const [k, v] of top(selfByArea, TOP)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
console.log("\nSelf time by function:");
for (const [k, v] of top(selfByFn, TOP)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
console.log("\nInclusive time by function (time with the function on the stack):");
for (const [k, v] of top(inclusiveByFn, TOP * 2)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
