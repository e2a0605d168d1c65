/**
 * Every way the store can fail, as one union so callers switch on `code` instead of parsing messages.
 * - `connection_failed`: the database cannot be reached or refused the login.
 * - `query_failed`: the database rejected a statement (`sqlState` says why).
 * - `migrations_missing`: the `.sql` migration files are not where the code expects them.
 * - `migration_failed`: a migration file is malformed or its SQL failed; nothing of that run was applied.
 * - `migration_changed`: an already applied migration file was edited afterwards.
 * - `invalid_argument`: a repository was called with a value it cannot store.
 * - `transaction_misuse`: the outer handle was used inside a transaction, or a transaction handle after it ended.
 * - `closed`: the database was used after `close()`.
 * - `token_cache_key_invalid`: the token cache encryption key from configuration is unusable.
 * - `token_cache_undecryptable`: a token cache entry was written under another key or altered.
 */
export type StoreErrorCode =
  | "connection_failed"
  | "query_failed"
  | "migrations_missing"
  | "migration_failed"
  | "migration_changed"
  | "invalid_argument"
  | "transaction_misuse"
  | "closed"
  | "token_cache_key_invalid"
  | "token_cache_undecryptable";

/** The one error type the store throws; the message is a sentence an operator can act on. */
export class StoreError extends Error {
  static {
    // On the prototype so the stack captured by Error's constructor already shows the name.
    StoreError.prototype.name = "StoreError";
  }

  readonly code: StoreErrorCode;
  /** The PostgreSQL SQLSTATE when the database raised the error (e.g. `23505`), else undefined. */
  readonly sqlState: string | undefined;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown; sqlState?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.sqlState = options.sqlState;
  }
}

/** True when `error` is a StoreError, optionally with the given code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
