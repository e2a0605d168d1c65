/**
 * Small synchronous JSON disk cache shared by the Graph schema loaders.
 *
 * Files live in `<repoRoot>/node_modules/.cache/graph-schema/` and are keyed by a hash of the caller's
 * key parts (source file paths, sizes and mtimes, plus a format version). vitest runs test files in
 * parallel worker processes, so the first process that misses takes a lock file and builds; the others
 * wait for the cache file instead of parsing the same 10 MB of YAML in parallel. Every failure (read-only
 * node_modules, a stale lock, a corrupt file) degrades to "build in this process".
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root: this file is `<root>/test/support/graph-schema/disk-cache.ts`. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export function defaultCacheDir(): string {
  return path.join(repoRoot, "node_modules", ".cache", "graph-schema");
}

export interface CachedResult<T> {
  value: T;
  /** `disk-cache`: read from the cache file; `built`: computed in this process (and written if possible). */
  source: "disk-cache" | "built";
  ms: number;
  cacheFile: string | undefined;
}

export interface DiskCacheOptions {
  /** Set to false (or env GRAPH_SCHEMA_NO_DISK_CACHE=1) to always build. */
  enabled?: boolean;
  cacheDir?: string;
  /** How long a process waits for another process that holds the build lock. */
  lockWaitMs?: number;
}

/** Describes a source file for cache keys: path, size and mtime. */
export function fileFingerprint(file: string): string {
  const st = fs.statSync(file);
  return `${path.resolve(file)}:${st.size}:${st.mtimeMs}`;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryRead<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function readOrBuildCached<T>(
  name: string,
  keyParts: readonly string[],
  build: () => T,
  options: DiskCacheOptions = {},
): CachedResult<T> {
  const started = performance.now();
  const enabled = options.enabled ?? process.env["GRAPH_SCHEMA_NO_DISK_CACHE"] !== "1";
  if (!enabled) {
    const value = build();
    return { value, source: "built", ms: performance.now() - started, cacheFile: undefined };
  }
  const dir = options.cacheDir ?? defaultCacheDir();
  const key = createHash("sha256").update(keyParts.join("\n")).digest("hex").slice(0, 16);
  const file = path.join(dir, `${name}-${key}.json`);
  const lock = `${file}.lock`;

  const cached = tryRead<T>(file);
  if (cached !== undefined) {
    return { value: cached, source: "disk-cache", ms: performance.now() - started, cacheFile: file };
  }

  let haveLock = false;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
    haveLock = true;
  } catch {
    // Another process is building (or the directory is read-only): wait a while for its result.
    const deadline = Date.now() + (options.lockWaitMs ?? 60_000);
    while (Date.now() < deadline && lockHeld(lock)) {
      sleepSync(50);
      const ready = fs.existsSync(file) ? tryRead<T>(file) : undefined;
      if (ready !== undefined) {
        return { value: ready, source: "disk-cache", ms: performance.now() - started, cacheFile: file };
      }
    }
    const ready = tryRead<T>(file);
    if (ready !== undefined) {
      return { value: ready, source: "disk-cache", ms: performance.now() - started, cacheFile: file };
    }
  }

  try {
    const value = build();
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(value));
      fs.renameSync(tmp, file);
      removeStale(dir, name, file);
    } catch {
      // Cache is an optimisation only.
    }
    return { value, source: "built", ms: performance.now() - started, cacheFile: file };
  } finally {
    if (haveLock) {
      try {
        fs.unlinkSync(lock);
      } catch {
        // ignore
      }
    }
  }
}

/** A lock older than two minutes belongs to a crashed process. */
function lockHeld(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs < 120_000;
  } catch {
    return false;
  }
}

/** Removes older cache files of the same name (their sources changed). */
function removeStale(dir: string, name: string, keep: string): void {
  for (const entry of fs.readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (full !== keep && entry.startsWith(`${name}-`) && entry.endsWith(".json")) {
      try {
        fs.unlinkSync(full);
      } catch {
        // ignore
      }
    }
  }
}
