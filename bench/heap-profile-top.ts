/**
 * Where a sampled allocation profile (`BENCH_CPU_PROFILE=<file>.heapprofile npm run bench:bot`, which
 * counts collected objects too) says memory was allocated: bytes by package or source folder, and by
 * function. What allocates most makes the garbage that grows the heap between collections.
 *
 *   npx tsx bench/heap-profile-top.ts <file.heapprofile> [top=25]
 */
import { readFileSync } from "node:fs";

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx bench/heap-profile-top.ts <file.heapprofile> [top]");
  process.exit(2);
}
const TOP = Number(topArg ?? 25);
const { head } = JSON.parse(readFileSync(file, "utf8")) as { head: HeapNode };

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
const packageOf = (url: string) => {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return "node: (Node.js internals)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf("/src/");
  return src >= 0 ? url.slice(src + 1).split("/").slice(0, 2).join("/") : url;
};
const walk = (node: HeapNode) => {
  total += node.selfSize;
  const { functionName, url, lineNumber } = node.callFrame;
  add(byPackage, packageOf(url), node.selfSize);
  add(byFunction, `${functionName || "(anonymous)"}  ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|bench)\//, "$1/")}:${lineNumber + 1}`, node.selfSize);
  node.children.forEach(walk);
};
walk(head);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).padStart(8)} MB ${((100 * bytes) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1024 / 1024).toFixed(0)} MB allocated (sampled)\n\nBy package or folder:`);
[...byPackage].sort((a, b) => b[1] - a[1]).slice(0, TOP).forEach(([k, v]) => console.log(`${mb(v)}  ${k}`));
console.log("\nBy function:");
[...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP).forEach(([k, v]) => console.log(`${mb(v)}  ${k}`));
