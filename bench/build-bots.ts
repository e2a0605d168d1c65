/**
 * Compiles `src/` and the benchmarks' bot processes to JavaScript in `.data/bench-build/` (tsconfig.bench.json),
 * so the benchmarks run the bot with plain `node` as a deployment would, not through tsx (whose loader
 * and compile cache add about 90 MB and some CPU to every process). Returns the build directory.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function buildBenchBots(): string {
  const out = path.join(root, ".data", "bench-build");
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.bench.json")], { stdio: "inherit", cwd: root });
  // What the compiled code finds next to itself: migrations (load-migrations.ts) and card templates (render-card.ts).
  cpSync(path.join(root, "src/store/migrations"), path.join(out, "src/store/migrations"), { recursive: true });
  if (!existsSync(path.join(out, "adaptiveCards"))) symlinkSync(path.join(root, "adaptiveCards"), path.join(out, "adaptiveCards"), "dir");
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(buildBenchBots());
}
