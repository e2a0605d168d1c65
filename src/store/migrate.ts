import type { Db, Transaction } from "./db.js";
import { DEFAULT_MIGRATIONS_DIR, loadMigrations, type Migration } from "./load-migrations.js";
import { isStoreError, StoreError } from "./store-error.js";

/** Options for `migrate`. */
export interface MigrateOptions {
  /** Folder of `NNN_name.sql` files (default: the migrations shipped with the code). */
  migrationsDir?: URL | string;
  /** Recorded as `applied_at`; operational metadata, so real time by default. */
  now?: Date;
}

/** What a `migrate` run did. */
export interface MigrateResult {
  /** File names applied by this run, in order; empty when the schema was already current. */
  applied: string[];
}

// Any constant works as long as nothing else in the database uses it; this is "gate" in ASCII.
const MIGRATION_LOCK_KEY = 1734440037;

/**
 * Brings the schema up to date: applies the migrations not yet recorded in `schema_migrations`, in
 * order, all in one transaction (so a failure leaves the schema as it was). A transaction-scoped advisory
 * lock makes bot processes that start together on one PostgreSQL take turns: the second waits, then
 * finds nothing left to do. Refuses to run when an applied migration file was edited afterwards.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog.
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    const applied = await readApplied(tx);
    checkUnchanged(migrations, applied);
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) await apply(tx, migration, now);
    return { applied: pending.map((migration) => migration.name) };
  });
}

async function readApplied(tx: Transaction): Promise<Map<number, { name: string; checksum: string }>> {
  const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
    "SELECT version, name, checksum FROM schema_migrations",
  );
  return new Map(rows.map((row) => [Number(row.version), { name: row.name, checksum: row.checksum }]));
}

function checkUnchanged(migrations: readonly Migration[], applied: Map<number, { name: string; checksum: string }>): void {
  for (const migration of migrations) {
    const recorded = applied.get(migration.version);
    if (recorded !== undefined && recorded.checksum !== migration.checksum) {
      throw new StoreError(
        "migration_changed",
        `Migration ${migration.name} was edited after it was applied (as ${recorded.name}). Restore the file and put the change in a new migration.`,
      );
    }
  }
}

async function apply(tx: Transaction, migration: Migration, now: Date): Promise<void> {
  try {
    await tx.exec(migration.sql);
  } catch (error) {
    const detail = isStoreError(error) ? error.message : String(error);
    throw new StoreError(
      "migration_failed",
      `Migration ${migration.name} failed, so no migration of this run was applied: ${detail} Fix the file and start again.`,
      { cause: error, ...(isStoreError(error) && error.sqlState !== undefined ? { sqlState: error.sqlState } : {}) },
    );
  }
  await tx.query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)", [
    migration.version,
    migration.name,
    migration.checksum,
    now,
  ]);
}
