import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../../src/store/db.js";
import { DEFAULT_MIGRATIONS_DIR, loadMigrations } from "../../../src/store/load-migrations.js";
import { migrate } from "../../../src/store/migrate.js";
import { T0 } from "./support/fixtures.js";
import { storeBackends, type IsolatedStore } from "./support/store-backends.js";

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A temporary migrations folder holding `files`. */
async function migrationsFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "gatepass-migrations-"));
  folders.push(folder);
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(join(folder, name), sql)));
  return folder;
}

async function tablesOf(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

describe("the shipped migrations", () => {
  it("are found next to the store module (tsx) and, after npm run build, next to the compiled one", async () => {
    const path = fileURLToPath(DEFAULT_MIGRATIONS_DIR);
    expect(path).toMatch(/store[\\/]migrations[\\/]?$/);
    expect(await readdir(path)).toContain("001_initial.sql");
  });

  it("load in version order with a checksum each", async () => {
    const migrations = await loadMigrations();
    expect(migrations[0]).toMatchObject({ version: 1, name: "001_initial.sql", checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
  });
});

describe("loading a migrations folder", () => {
  it("orders files by their number, not alphabetically, and ignores line-ending differences", async () => {
    const folder = await migrationsFolder({ "10_b.sql": "SELECT 2;\r\n", "9_a.sql": "SELECT 1;\n" });
    const migrations = await loadMigrations(folder);
    expect(migrations.map((m) => m.name)).toEqual(["9_a.sql", "10_b.sql"]);
    const unix = await loadMigrations(await migrationsFolder({ "10_b.sql": "SELECT 2;\n" }));
    expect(unix[0]?.checksum).toBe(migrations[1]?.checksum);
  });

  it("refuses a badly named file, two files with one number, an empty folder and a missing folder", async () => {
    await expect(loadMigrations(await migrationsFolder({ "001-initial.sql": "" }))).rejects.toMatchObject({
      code: "migration_failed",
      message: expect.stringContaining("001-initial.sql"),
    });
    await expect(loadMigrations(await migrationsFolder({ "001_a.sql": "", "1_b.sql": "" }))).rejects.toMatchObject({
      code: "migration_failed",
      message: expect.stringContaining("share version 1"),
    });
    await expect(loadMigrations(await migrationsFolder({ "README.md": "" }))).rejects.toMatchObject({ code: "migrations_missing" });
    await expect(loadMigrations(join(tmpdir(), "gatepass-no-such-folder"))).rejects.toMatchObject({
      code: "migrations_missing",
      message: expect.stringContaining("npm run build"),
    });
  });
});

describe.each(storeBackends())("migrate on $name", (backend) => {
  const opened: IsolatedStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.dispose()));
  });
  async function blank(): Promise<IsolatedStore> {
    const store = await backend.openIsolated({ migrated: false });
    opened.push(store);
    return store;
  }

  // Every migration the store ships, in order; a new one is added here on purpose.
  const SHIPPED = ["001_initial.sql", "002_settled_cards.sql", "003_nudges.sql"];

  it("creates every table on an empty database, then finds nothing left to do", async () => {
    const { db } = await blank();
    expect(await migrate(db, { now: T0 })).toEqual({ applied: SHIPPED });
    expect(await tablesOf(db)).toEqual([
      "audit_trail",
      "conversation_references",
      "idempotency_keys",
      "nudge_ledger",
      "nudge_pacing",
      "nudge_reachability",
      "posted_cards",
      "preferences",
      "schema_migrations",
      "token_cache",
    ]);
    expect(await migrate(db)).toEqual({ applied: [] });
    const { rows } = await db.query<{ version: number; name: string; applied_at: Date }>(
      "SELECT version, name, applied_at FROM schema_migrations",
    );
    expect(rows).toEqual(SHIPPED.map((name, i) => ({ version: i + 1, name, applied_at: T0 })));
  });

  it("applies each migration once when two processes start together", async () => {
    const store = await blank();
    const peer = await store.connectPeer();
    const results = await Promise.all([migrate(store.db), migrate(peer), migrate(store.db), migrate(peer)]);
    expect(results.flatMap((result) => result.applied)).toEqual(SHIPPED);
    expect((await store.db.query("SELECT version FROM schema_migrations")).rowCount).toBe(SHIPPED.length);
  });

  it("applies only the new migrations of a later release, in order", async () => {
    const { db } = await blank();
    const first = { "9_first.sql": "CREATE TABLE m_first (id int);" };
    expect(await migrate(db, { migrationsDir: await migrationsFolder(first) })).toEqual({ applied: ["9_first.sql"] });
    const later = await migrationsFolder({
      ...first,
      "10_second.sql": "ALTER TABLE m_first ADD COLUMN note text;",
      "11_third.sql": "CREATE TABLE m_third (id int); INSERT INTO m_third SELECT count(*) FROM m_first;",
    });
    expect(await migrate(db, { migrationsDir: later })).toEqual({ applied: ["10_second.sql", "11_third.sql"] });
    expect(await tablesOf(db)).toEqual(["m_first", "m_third", "schema_migrations"]);
  });

  it("applies nothing of a run when one of its migrations fails, and names the file", async () => {
    const { db } = await blank();
    const folder = await migrationsFolder({
      "001_good.sql": "CREATE TABLE m_good (id int);",
      "002_bad.sql": "CREATE TABLE m_bad (id int); SELEC oops;",
    });
    await expect(migrate(db, { migrationsDir: folder })).rejects.toMatchObject({
      code: "migration_failed",
      sqlState: "42601",
      message: expect.stringContaining("002_bad.sql"),
    });
    expect(await tablesOf(db)).toEqual([]);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const { db } = await blank();
    await migrate(db, { migrationsDir: await migrationsFolder({ "001_a.sql": "CREATE TABLE m_a (id int);" }) });
    const edited = await migrationsFolder({ "001_a.sql": "CREATE TABLE m_a (id bigint);", "002_b.sql": "CREATE TABLE m_b (id int);" });
    await expect(migrate(db, { migrationsDir: edited })).rejects.toMatchObject({
      code: "migration_changed",
      message: expect.stringContaining("001_a.sql"),
    });
    expect(await tablesOf(db)).toEqual(["m_a", "schema_migrations"]);
  });
});
