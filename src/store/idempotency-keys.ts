import { randomUUID } from "node:crypto";
import { requireDate, requirePositiveInteger, requireText } from "./argument-checks.js";
import { readDate } from "./column-readers.js";
import type { Queryable } from "./db.js";
import type { Statement } from "./write-together.js";
import { toJsonParam, type JsonValue } from "./json.js";

/** The outcome of `claim`. */
export type ClaimOutcome =
  /** The caller holds the key until `leaseExpiresAt`: do the work, then `complete` (or `release` on failure). */
  | { status: "claimed"; token: string; leaseExpiresAt: Date }
  /** The work was done already; `result` is what its holder recorded. */
  | { status: "done"; result: JsonValue; completedAt: Date }
  /** Someone else holds a live lease: their work is in progress; do not do it again. */
  | { status: "busy"; leaseExpiresAt: Date };

interface Row {
  holder_token: string;
  lease_expires_at: unknown;
  completed_at: unknown;
  result: JsonValue;
}

// A lease is a promise to finish or release; a day is longer than any action the bot takes.
const MAX_LEASE_MS = 24 * 60 * 60 * 1000;
// claim() re-reads after losing a race; the row can only change state a bounded number of times.
const CLAIM_ATTEMPTS = 3;

/**
 * Claims that make an action happen once across retries and processes (a repeated Teams invoke, a
 * nudge: "claim, send, mark sent"). A claim is a lease: if its holder crashes, the key can be claimed
 * again once the lease expires. One atomic statement decides each claim, so two processes on one
 * PostgreSQL never both get "claimed".
 */
export class IdempotencyKeys {
  constructor(private readonly db: Queryable) {}

  /** Tries to take `key` for `leaseMs` from `now`. */
  async claim(key: string, leaseMs: number, now: Date): Promise<ClaimOutcome> {
    requireText(key, "key", 512);
    requirePositiveInteger(leaseMs, "leaseMs", MAX_LEASE_MS);
    requireDate(now, "now");
    const leaseExpiresAt = new Date(now.getTime() + leaseMs);

    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const token = randomUUID();
      // Inserts a new claim, or takes over one whose holder let the lease expire without completing.
      // PostgreSQL locks the conflicting row and re-checks the WHERE on its latest version, so of two
      // concurrent claimers exactly one sees RETURNING produce a row.
      const taken = await this.db.query(
        `INSERT INTO idempotency_keys (key, holder_token, claimed_at, lease_expires_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE
           SET holder_token = EXCLUDED.holder_token, claimed_at = EXCLUDED.claimed_at,
               lease_expires_at = EXCLUDED.lease_expires_at
           WHERE idempotency_keys.completed_at IS NULL AND idempotency_keys.lease_expires_at <= EXCLUDED.claimed_at
         RETURNING key`,
        [key, token, now, leaseExpiresAt],
      );
      if (taken.rowCount > 0) return { status: "claimed", token, leaseExpiresAt };

      const { rows } = await this.db.query<Row>(
        "SELECT holder_token, lease_expires_at, completed_at, result FROM idempotency_keys WHERE key = $1",
        [key],
      );
      const row = rows[0];
      if (row === undefined) continue; // released between the two statements: try again
      if (row.completed_at !== null) return { status: "done", result: row.result, completedAt: readDate(row.completed_at) };
      const heldUntil = readDate(row.lease_expires_at);
      if (heldUntil.getTime() > now.getTime()) return { status: "busy", leaseExpiresAt: heldUntil };
      // The lease expired between the two statements: try again.
    }
    // Only reachable under pathological churn on one key; treating it as taken is the safe answer.
    return { status: "busy", leaseExpiresAt };
  }

  /**
   * Records that the holder of `token` finished, with `result` (any JSON) for later claimers. Still accepted after
   * the lease expired, as long as nobody claimed the key since. False when the token no longer holds the
   * key (another process took it over, or it was completed or released).
   */
  async complete(key: string, token: string, result: unknown, now: Date): Promise<boolean> {
    const { text, params } = this.completeStatement(key, token, result, now);
    const { rowCount } = await this.db.query(text, params);
    return rowCount > 0;
  }

  /** `complete` as a statement, to run with others in one round trip (WriteTogether): it changes one row when the token still held the key. */
  completeStatement(key: string, token: string, result: unknown, now: Date): Statement {
    return {
      text: `UPDATE idempotency_keys SET completed_at = $3, result = $4::jsonb
       WHERE key = $1 AND holder_token = $2 AND completed_at IS NULL`,
      params: [requireText(key, "key", 512), requireText(token, "token"), requireDate(now, "now"), toJsonParam(result, "The result")],
    };
  }

  /** Gives the key up without completing (the work failed and may be retried). False when `token` no longer holds it. */
  async release(key: string, token: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "DELETE FROM idempotency_keys WHERE key = $1 AND holder_token = $2 AND completed_at IS NULL",
      [requireText(key, "key", 512), requireText(token, "token")],
    );
    return rowCount > 0;
  }

  /** Housekeeping: forgets completed keys older than `before`, returning how many. Claims in progress stay. */
  async deleteCompletedBefore(before: Date): Promise<number> {
    const { rowCount } = await this.db.query("DELETE FROM idempotency_keys WHERE completed_at < $1", [
      requireDate(before, "before"),
    ]);
    return rowCount;
  }
}
