/** What a query returns on either backend. */
export interface QueryResult<T> {
  rows: T[];
  /** Rows returned by a SELECT or changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

/**
 * Something SQL can be sent to: the database itself or an open transaction. Repositories take this, so
 * they work the same inside and outside a transaction.
 *
 * One dialect for both backends: PostgreSQL as PGlite runs it, limited to what PostgreSQL 13+ accepts.
 * Pass JSON as a string with a `::jsonb` cast (the drivers disagree on how to serialise arrays) and read
 * `bigint` and `bytea` columns through the readers in `column-readers.ts` (the drivers return different types).
 */
export interface Queryable {
  /** One statement with `$1`-style parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements without parameters, such as a migration file. */
  exec(script: string): Promise<void>;
}

/** The handle passed to a transaction's function; it ends (and refuses further use) when the function settles. */
export type Transaction = Queryable;

/**
 * The store's database: embedded PGlite or a PostgreSQL pool, chosen by `openDb`.
 *
 * Inside `transaction(fn)` use only the handle given to `fn`: the outer handle throws `transaction_misuse`
 * there, because on PGlite (one connection) it would wait for the transaction forever, and on PostgreSQL
 * it would silently run outside it.
 */
export interface Db extends Queryable {
  /** Which backend this is, for logs and for the few tests that differ. */
  readonly backend: "pglite" | "postgres";
  /** Runs `fn` in a transaction: commits when it resolves, rolls back and rethrows when it rejects. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Releases the connections or the embedded database. Idempotent. */
  close(): Promise<void>;
}
