import { mkdir } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import type { Db, QueryResult, Transaction } from "./db.js";
import { StoreError } from "./store-error.js";
import { createTransactionHandle, TransactionScope } from "./transaction-scope.js";
import { translateDriverError } from "./translate-driver-error.js";

/** Where PGlite keeps its files unless configured otherwise, relative to the working directory. */
export const DEFAULT_PGLITE_DATA_DIR = ".data/pglite";

/** PGlite's own name for a database that lives in memory only (tests). */
export const IN_MEMORY = "memory://";

/**
 * Makes PGlite return `bigint` as a string and `bytea` as a Buffer, as pg does, so code behaves the same
 * on both backends (PGlite's defaults are a lossy number and a Uint8Array). Pass to every PGlite.create.
 */
export const PGLITE_TYPE_PARSERS: PGliteOptions["parsers"] = {
  20: (text: string) => text, // int8
  17: (text: string) => Buffer.from(text.slice(2), "hex"), // bytea arrives as hex text: \x0a1b...
};

/** The data directory to open: `memory://` as is, a relative path against `cwd`, the default when unset. */
export function resolvePgliteDataDir(dataDir: string | undefined, cwd: string = process.cwd()): string {
  const chosen = dataDir === undefined || dataDir.trim() === "" ? DEFAULT_PGLITE_DATA_DIR : dataDir;
  if (chosen.startsWith(IN_MEMORY)) return chosen;
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}

/**
 * Opens embedded PostgreSQL (PGlite) on a data directory, creating it when missing, or in memory with
 * `memory://`. Only one process may open a data directory at a time: PGlite has no lock of its own, so
 * run one bot process per directory (use PostgreSQL for more).
 */
export async function openPgliteDb(dataDir: string): Promise<PgliteDb> {
  const where = dataDir.startsWith(IN_MEMORY) ? "PGlite (in memory)" : `PGlite at ${dataDir}`;
  try {
    if (!dataDir.startsWith(IN_MEMORY)) await mkdir(dataDir, { recursive: true });
    return new PgliteDb(await PGlite.create(dataDir, { parsers: PGLITE_TYPE_PARSERS }), where);
  } catch (error) {
    throw new StoreError(
      "connection_failed",
      `Cannot open ${where}: ${error instanceof Error ? error.message : String(error)}. Check that the directory is writable and that no other process has it open.`,
      { cause: error },
    );
  }
}

/** The Db over one PGlite instance; PGlite serialises all queries on its single connection. */
export class PgliteDb implements Db {
  readonly backend = "pglite" as const;
  private readonly scope = new TransactionScope();
  private closed = false;

  /** Wraps an open PGlite; `where` names it in error messages. The Db owns it from now on (closes it). */
  constructor(
    private readonly pglite: PGlite,
    private readonly where = "PGlite",
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    this.checkUsable("query");
    return this.run(this.pglite, sql, params);
  }

  async exec(script: string): Promise<void> {
    this.checkUsable("exec");
    await this.execOn(this.pglite, script);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.checkUsable("transaction");
    // fn's own errors go to the caller untouched; only PGlite's (BEGIN, COMMIT) are translated.
    let fnFailure: { error: unknown } | undefined;
    try {
      return await this.pglite.transaction(async (tx) => {
        const { handle, end } = createTransactionHandle({
          query: <R>(sql: string, params: readonly unknown[] = []) => this.run<R>(tx, sql, params),
          exec: (script: string) => this.execOn(tx, script),
        });
        try {
          return await this.scope.run(() => fn(handle));
        } catch (error) {
          fnFailure = { error };
          throw error;
        } finally {
          end();
        }
      });
    } catch (error) {
      if (fnFailure !== undefined && fnFailure.error === error) throw error;
      throw translateDriverError(error, this.where);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pglite.close();
  }

  private checkUsable(operation: "query" | "exec" | "transaction"): void {
    if (this.closed) throw new StoreError("closed", `${this.where} was used after close(); open a new Db instead.`);
    this.scope.assertOutside(operation);
  }

  private async run<T>(target: Pick<PGlite, "query">, sql: string, params: readonly unknown[]): Promise<QueryResult<T>> {
    try {
      const result = await target.query<T>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    } catch (error) {
      throw translateDriverError(error, this.where);
    }
  }

  private async execOn(target: Pick<PGlite, "exec">, script: string): Promise<void> {
    try {
      await target.exec(script);
    } catch (error) {
      throw translateDriverError(error, this.where);
    }
  }
}
