import { createHash } from "node:crypto";
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { PGLITE_TYPE_PARSERS, PgliteDb } from "../../../../src/store/pglite-db.js";

// Creating a PGlite cluster runs initdb (2-4 s); loading a copy of a freshly created one takes a fraction
// of that. The copy is kept in the temp folder, keyed by the PGlite build, and shared by test files.
let template: Promise<Blob> | undefined;

/** A new, empty, in-memory PGlite Db, as `openPgliteDb("memory://")` gives but faster. */
export async function openBlankPglite(): Promise<PgliteDb> {
  template ??= loadOrCreateTemplate();
  const pglite = await PGlite.create({ loadDataDir: await template, parsers: PGLITE_TYPE_PARSERS });
  return new PgliteDb(pglite, "PGlite (test, in memory)");
}

async function loadOrCreateTemplate(): Promise<Blob> {
  const path = await templatePath();
  try {
    return new Blob([await readFile(path)]);
  } catch {
    const pglite = await PGlite.create("memory://");
    const dump = await pglite.dumpDataDir("none");
    await pglite.close();
    // Write then rename, so a test file starting in parallel never reads half a template.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path);
    return dump;
  }
}

async function templatePath(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const { size, mtimeMs } = await stat(entry);
  const build = createHash("sha256").update(`${entry}:${size}:${mtimeMs}`).digest("hex").slice(0, 16);
  return join(tmpdir(), `gatepass-pglite-template-${build}.tar`);
}
