import type { Db } from "./db.js";
import { migrate } from "./migrate.js";
import { openPgDb, type PgDbOptions } from "./pg-db.js";

/** Where the store lives; usually straight from configuration. */
export interface OpenDbOptions {
  /** A PostgreSQL connection string; when set (and not blank) the store uses PostgreSQL. */
  databaseUrl?: string;
  /**
   * PGlite's data directory when no `databaseUrl` is set: relative paths are taken from the working
   * directory, `memory://` keeps everything in memory. Default `.data/pglite`.
   */
  pgliteDataDir?: string;
  /** Pool settings when PostgreSQL is used. */
  postgres?: PgDbOptions;
}

/**
 * Opens the store's database (PostgreSQL when `databaseUrl` is set, else embedded PGlite) and brings
 * its schema up to date. The caller owns the Db and closes it on shutdown.
 */
export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  const databaseUrl = options.databaseUrl?.trim();
  let db: Db;
  if (databaseUrl === undefined || databaseUrl === "") {
    // PGlite (Postgres compiled to WebAssembly) is loaded only when it is used: a bot on PostgreSQL never pays for it.
    const { openPgliteDb, resolvePgliteDataDir } = await import("./pglite-db.js");
    db = await openPgliteDb(resolvePgliteDataDir(options.pgliteDataDir));
  } else db = await openPgDb(databaseUrl, options.postgres);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
