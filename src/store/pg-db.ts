import pg from "pg";
import type { Db, QueryResult, Transaction } from "./db.js";
import { describeDatabaseUrl } from "./describe-database-url.js";
import { StoreError } from "./store-error.js";
import { createTransactionHandle, TransactionScope } from "./transaction-scope.js";
import { translateDriverError } from "./translate-driver-error.js";

/** Options for the PostgreSQL pool. */
export interface PgDbOptions {
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** Shown in `pg_stat_activity` (default `gatepass`). */
  applicationName?: string;
  /**
   * Called when an idle pooled connection fails (server restart, network drop). The pool already drops
   * that connection and opens a new one on demand; without a listener Node would crash the process.
   */
  onIdleConnectionError?: (error: StoreError) => void;
}

/** Opens a pool on `databaseUrl` and checks that it can connect, so bad settings fail at start-up. */
export async function openPgDb(databaseUrl: string, options: PgDbOptions = {}): Promise<PgDb> {
  const db = new PgDb(databaseUrl, options);
  try {
    await db.query("SELECT 1");
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The Db over a `pg` Pool; each transaction holds one pooled connection until it ends. */
export class PgDb implements Db {
  readonly backend = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly where: string;
  private readonly scope = new TransactionScope();
  private closed = false;

  constructor(databaseUrl: string, options: PgDbOptions = {}) {
    this.where = describeDatabaseUrl(databaseUrl);
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? "gatepass",
    });
    const onIdleError = options.onIdleConnectionError ?? (() => undefined);
    this.pool.on("error", (error) => onIdleError(translateDriverError(error, this.where)));
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    this.checkUsable("query");
    return this.run(this.pool, sql, params);
  }

  async exec(script: string): Promise<void> {
    this.checkUsable("exec");
    await this.execOn(this.pool, script);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.checkUsable("transaction");
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translateDriverError(error, this.where);
    }
    const { handle, end } = createTransactionHandle({
      query: <R>(sql: string, params: readonly unknown[] = []) => this.run<R>(client, sql, params),
      exec: (script: string) => this.execOn(client, script),
    });
    let broken: Error | undefined;
    try {
      await this.execOn(client, "BEGIN");
      const result = await this.scope.run(() => fn(handle));
      end();
      await this.execOn(client, "COMMIT");
      return result;
    } catch (error) {
      end();
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // A connection that cannot even roll back must not go back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      // fn's own errors go to the caller untouched; BEGIN and COMMIT failures are already translated.
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private checkUsable(operation: "query" | "exec" | "transaction"): void {
    if (this.closed) throw new StoreError("closed", `${this.where} was used after close(); open a new Db instead.`);
    this.scope.assertOutside(operation);
  }

  private async run<T>(target: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]): Promise<QueryResult<T>> {
    try {
      const result = await target.query(sql, [...params]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    } catch (error) {
      throw translateDriverError(error, this.where);
    }
  }

  private async execOn(target: pg.Pool | pg.PoolClient, script: string): Promise<void> {
    try {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await target.query(script);
    } catch (error) {
      throw translateDriverError(error, this.where);
    }
  }
}
