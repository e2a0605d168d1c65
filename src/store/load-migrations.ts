import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StoreError } from "./store-error.js";

/** One migration file, read and checked. */
export interface Migration {
  /** The number the file name starts with; migrations apply in this order. */
  version: number;
  /** The file name, e.g. `001_initial.sql`. */
  name: string;
  sql: string;
  /** SHA-256 of the SQL with line endings normalised, to notice files edited after they were applied. */
  checksum: string;
}

/**
 * The migrations shipped with the code. Resolved from this module's own location so it works under tsx
 * (`src/store/migrations`) and from a build (`dist/store/migrations`, copied there by `npm run build`).
 */
export const DEFAULT_MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

const FILE_NAME = /^(\d+)_[a-z0-9_]+\.sql$/;

/** Reads every `NNN_name.sql` file of `dir`, sorted by version; refuses malformed names and duplicate versions. */
export async function loadMigrations(dir: URL | string = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const path = typeof dir === "string" ? dir : fileURLToPath(dir);
  let files: string[];
  try {
    files = (await readdir(path)).filter((file) => file.endsWith(".sql"));
  } catch (error) {
    throw new StoreError(
      "migrations_missing",
      `Cannot read the migrations folder ${path}. A build must copy src/store/migrations next to the compiled store (npm run build does).`,
      { cause: error },
    );
  }
  if (files.length === 0) {
    throw new StoreError("migrations_missing", `The migrations folder ${path} has no .sql files; the build did not copy them.`);
  }

  const migrations: Migration[] = [];
  for (const name of files) {
    const match = FILE_NAME.exec(name);
    if (match?.[1] === undefined) {
      throw new StoreError(
        "migration_failed",
        `The migration file name '${name}' does not follow NNN_lowercase_words.sql; rename it (e.g. 002_add_nudges.sql).`,
      );
    }
    const sql = (await readFile(join(path, name), "utf8")).replace(/\r\n/g, "\n");
    migrations.push({ version: Number(match[1]), name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    const [previous, current] = [migrations[i - 1], migrations[i]];
    if (previous !== undefined && current !== undefined && previous.version === current.version) {
      throw new StoreError(
        "migration_failed",
        `Migrations '${previous.name}' and '${current.name}' share version ${current.version}; renumber one of them.`,
      );
    }
  }
  return migrations;
}
