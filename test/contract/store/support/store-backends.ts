import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import pg from "pg";
import type { Db, QueryResult, Transaction } from "../../../../src/store/db.js";
import { migrate } from "../../../../src/store/migrate.js";
import { openPgDb } from "../../../../src/store/pg-db.js";
import { openDb } from "../../../../src/store/open-db.js";
import { openBlankPglite } from "./blank-pglite.js";

/** A database of one backend, isolated for the calling test file. */
export interface IsolatedStore {
  db: Db;
  /**
   * Another handle on the same database, as a second bot process would have: a separate pool on
   * PostgreSQL; on PGlite (one connection per data directory) a view of the same instance.
   */
  connectPeer(): Promise<Db>;
  /** Closes every handle and, on PostgreSQL, drops the schema. */
  dispose(): Promise<void>;
}

/** One store backend the contract suite runs against. */
export interface StoreBackend {
  name: "pglite" | "postgres";
  /** A fresh database; migrated unless `migrated: false`. */
  openIsolated(options?: { migrated?: boolean }): Promise<IsolatedStore>;
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set. */
export function storeBackends(): StoreBackend[] {
  const databaseUrl = process.env.DATABASE_URL?.trim();
  return databaseUrl ? [pgliteBackend(), postgresBackend(databaseUrl)] : [pgliteBackend()];
}

/** Opens a migrated isolated store before the enclosing describe's tests and disposes of it after. */
export function useIsolatedStore(backend: StoreBackend): () => IsolatedStore {
  let store: IsolatedStore | undefined;
  beforeAll(async () => {
    store = await backend.openIsolated();
  });
  afterAll(async () => {
    await store?.dispose();
  });
  return () => {
    if (store === undefined) throw new Error("The store is opened in beforeAll; use it inside tests only.");
    return store;
  };
}

function pgliteBackend(): StoreBackend {
  return {
    name: "pglite",
    async openIsolated({ migrated = true } = {}) {
      const db = await openBlankPglite();
      if (migrated) await migrate(db);
      return { db, connectPeer: async () => unclosable(db), dispose: () => db.close() };
    },
  };
}

function postgresBackend(databaseUrl: string): StoreBackend {
  return {
    name: "postgres",
    async openIsolated({ migrated = true } = {}) {
      // A schema per store lets test files run in parallel on one database without seeing each other.
      const schema = `gatepass_test_${randomBytes(6).toString("hex")}`;
      await withAdmin(databaseUrl, (admin) => admin.query(`CREATE SCHEMA ${schema}`));
      const url = new URL(databaseUrl);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const scopedUrl = url.toString();
      const open = (): Promise<Db> => (migrated ? openDb({ databaseUrl: scopedUrl }) : openPgDb(scopedUrl));
      const handles: Db[] = [await open()];
      return {
        db: handles[0] as Db,
        async connectPeer() {
          const peer = await open();
          handles.push(peer);
          return peer;
        },
        async dispose() {
          await Promise.all(handles.map((handle) => handle.close()));
          await withAdmin(databaseUrl, (admin) => admin.query(`DROP SCHEMA ${schema} CASCADE`));
        },
      };
    },
  };
}

async function withAdmin<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The same Db, except that closing it leaves the shared instance open. */
function unclosable(db: Db): Db {
  return {
    backend: db.backend,
    query: <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => db.query<T>(sql, params),
    exec: (script: string) => db.exec(script),
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) => db.transaction(fn),
    close: async () => undefined,
  };
}
