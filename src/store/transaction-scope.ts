import { AsyncLocalStorage } from "node:async_hooks";
import type { Queryable } from "./db.js";
import { StoreError } from "./store-error.js";

/**
 * Remembers, per async call chain, whether a transaction of one Db is running, so both backends refuse
 * the same mistakes: using the outer handle inside a transaction (a deadlock on PGlite's single
 * connection, a silent escape from the transaction on PostgreSQL), nesting transactions, and keeping a
 * transaction handle past its end.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<{ open: boolean }>();

  /** Runs `fn` with the transaction marked open; work `fn` schedules for later sees it closed. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const state = { open: true };
    try {
      return await this.storage.run(state, fn);
    } finally {
      state.open = false;
    }
  }

  /** Throws when called from inside a running transaction of this Db. */
  assertOutside(operation: "query" | "exec" | "transaction"): void {
    if (this.storage.getStore()?.open !== true) return;
    const advice =
      operation === "transaction"
        ? "Transactions do not nest; do all the work with the transaction handle you were given."
        : "Use the transaction handle passed to your function instead of the Db.";
    throw new StoreError("transaction_misuse", `A ${operation} on the Db was called inside its own transaction. ${advice}`);
  }
}

/** Wraps a driver's transaction client so that it refuses use after the transaction ended. */
export function createTransactionHandle(inner: Queryable): { handle: Queryable; end(): void } {
  let ended = false;
  const check = (): void => {
    if (ended) {
      throw new StoreError(
        "transaction_misuse",
        "A transaction handle was used after its transaction ended. Keep all its work inside the transaction's function.",
      );
    }
  };
  return {
    handle: {
      query: async (sql, params) => {
        check();
        return inner.query(sql, params);
      },
      exec: async (script) => {
        check();
        return inner.exec(script);
      },
    },
    end: () => {
      ended = true;
    },
  };
}
