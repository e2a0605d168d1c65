import { randomUUID } from "node:crypto";
import { requireDate, requirePositiveInteger, requireText } from "./argument-checks.js";
import { readDate, readOptionalDate, readOptionalText, returnedRow } from "./column-readers.js";
import type { Queryable } from "./db.js";
import { StoreError } from "./store-error.js";

/** Where a nudge key stands. */
export type NudgeState = "claimed" | "sent" | "failed" | "blocked" | "unreachable";

/** What identifies a nudge and whom it is for; the planner builds `key` from the other fields. */
export interface NudgeKeyInput {
  key: string;
  recipientAadObjectId: string;
  kind: string;
  subjectId: string;
  /** The planning window ("halfway", "2026-03-02"...); empty when the planner names none. */
  window?: string;
}

/** A ledger row. */
export interface NudgeRecord {
  key: string;
  recipientAadObjectId: string;
  kind: string;
  subjectId: string;
  window: string;
  state: NudgeState;
  /** Claimed: when the lease ends. Failed: not retried before (null: at the next pass). */
  leaseExpiresAt: Date | null;
  attempts: number;
  lastError: string | null;
  activityId: string | null;
  conversationId: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

/** Options of {@link NudgeLedger.claim}. */
export interface NudgeClaimOptions {
  /** How long the claimer may take before others may take the key over (crash recovery). */
  leaseMs: number;
  now: Date;
  /** A failed key is claimed again at most until it was claimed this many times in all (default 5). */
  maxAttempts?: number;
}

/** The outcome of {@link NudgeLedger.claim}. */
export type NudgeClaim =
  /** The caller holds the key: send, then `markSent` (or `markFailed`, or `close`). `attempt` counts from 1. */
  | { status: "claimed"; token: string; leaseExpiresAt: Date; attempt: number }
  /** Sent already; never again. */
  | { status: "sent"; activityId: string | null; conversationId: string | null; sentAt: Date }
  /** Someone else holds a live lease. */
  | { status: "busy"; leaseExpiresAt: Date }
  /** Failed earlier; may be tried again from `retryAt`. */
  | { status: "deferred"; retryAt: Date; attempts: number; lastError: string | null }
  /** Will not be sent: the person blocked the bot or cannot be reached, or every attempt failed. */
  | { status: "closed"; state: "blocked" | "unreachable" | "failed"; attempts: number; lastError: string | null };

interface LedgerRow {
  key: string;
  recipient_aad_object_id: string;
  kind: string;
  subject_id: string;
  window_key: string;
  state: NudgeState;
  lease_expires_at: unknown;
  attempts: number;
  last_error: string | null;
  activity_id: string | null;
  conversation_id: string | null;
  created_at: unknown;
  updated_at: unknown;
  sent_at: unknown;
}

const LEDGER_COLUMNS =
  "key, recipient_aad_object_id, kind, subject_id, window_key, state, lease_expires_at, attempts, last_error, activity_id, conversation_id, created_at, updated_at, sent_at";
// A lease covers one delivery (pacing, a few Retry-After waits); an hour is far beyond that.
const MAX_LEASE_MS = 60 * 60 * 1000;
const CLAIM_ATTEMPTS = 3;
const MAX_ERROR_LENGTH = 2000;

/**
 * The ledger of nudges: "claim, send, mark sent" per nudge key, so that each planned nudge goes out once
 * across passes, retries and bot instances. A claim is a lease decided by one atomic statement (as in
 * `IdempotencyKeys`): of two processes claiming one key, exactly one gets it; if its holder crashes, the
 * key can be claimed again once the lease expires.
 */
export class NudgeLedger {
  constructor(private readonly db: Queryable) {}

  /** Tries to take the key: new, failed and due again, or claimed by someone whose lease expired. */
  async claim(input: NudgeKeyInput, options: NudgeClaimOptions): Promise<NudgeClaim> {
    const key = requireText(input.key, "key", 512);
    const params = [
      key,
      requireText(input.recipientAadObjectId, "recipientAadObjectId"),
      requireText(input.kind, "kind", 128),
      requireText(input.subjectId, "subjectId"),
      input.window ?? "",
    ];
    const leaseMs = requirePositiveInteger(options.leaseMs, "leaseMs", MAX_LEASE_MS);
    const now = requireDate(options.now, "now");
    const maxAttempts = requirePositiveInteger(options.maxAttempts ?? 5, "maxAttempts", 1000);
    const leaseExpiresAt = new Date(now.getTime() + leaseMs);

    for (let round = 0; round < CLAIM_ATTEMPTS; round++) {
      const token = randomUUID();
      // PostgreSQL locks a conflicting row and re-checks the WHERE on its latest version, so of two
      // concurrent claimers exactly one sees RETURNING produce a row.
      const taken = await this.db.query<{ attempts: number }>(
        `INSERT INTO nudge_ledger (key, recipient_aad_object_id, kind, subject_id, window_key, state, holder_token,
                                   lease_expires_at, attempts, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'claimed', $6, $7, 1, $8, $8)
         ON CONFLICT (key) DO UPDATE
           SET state = 'claimed', holder_token = EXCLUDED.holder_token, lease_expires_at = EXCLUDED.lease_expires_at,
               attempts = nudge_ledger.attempts + 1, updated_at = EXCLUDED.updated_at
           WHERE (nudge_ledger.state = 'claimed' AND nudge_ledger.lease_expires_at <= EXCLUDED.updated_at)
              OR (nudge_ledger.state = 'failed' AND nudge_ledger.attempts < $9
                  AND (nudge_ledger.lease_expires_at IS NULL OR nudge_ledger.lease_expires_at <= EXCLUDED.updated_at))
         RETURNING attempts`,
        [...params, token, leaseExpiresAt, now, maxAttempts],
      );
      const claimed = taken.rows[0];
      if (claimed !== undefined) return { status: "claimed", token, leaseExpiresAt, attempt: Number(claimed.attempts) };

      const row = await this.get(key);
      if (row === undefined) continue; // cannot happen (rows are never deleted while claimable); try again
      const outcome = outcomeOf(row, now, maxAttempts);
      if (outcome !== undefined) return outcome;
      // It became claimable between the two statements: try again.
    }
    return { status: "busy", leaseExpiresAt };
  }

  /** Records that the holder of `token` posted the nudge. False when the token no longer holds the key. */
  async markSent(key: string, token: string, message: { activityId: string; conversationId: string }, now: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE nudge_ledger SET state = 'sent', holder_token = NULL, lease_expires_at = NULL, last_error = NULL,
              activity_id = $3, conversation_id = $4, sent_at = $5, updated_at = $5
       WHERE key = $1 AND holder_token = $2 AND state = 'claimed'`,
      [requireText(key, "key", 512), requireText(token, "token"), requireText(message.activityId, "activityId"), requireText(message.conversationId, "conversationId"), requireDate(now, "now")],
    );
    return rowCount > 0;
  }

  /**
   * Gives the key up after a failure that a later pass may overcome, not before `retryAt` when given.
   * False when the token no longer holds the key.
   */
  async markFailed(key: string, token: string, error: string, now: Date, retryAt?: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE nudge_ledger SET state = 'failed', holder_token = NULL, lease_expires_at = $4, last_error = $3, updated_at = $5
       WHERE key = $1 AND holder_token = $2 AND state = 'claimed'`,
      [requireText(key, "key", 512), requireText(token, "token"), clip(error), retryAt === undefined ? null : requireDate(retryAt, "retryAt"), requireDate(now, "now")],
    );
    return rowCount > 0;
  }

  /** Closes the key for good: the person blocked the bot, or cannot be reached. False when the token no longer holds it. */
  async close(key: string, token: string, state: "blocked" | "unreachable", reason: string, now: Date): Promise<boolean> {
    if (state !== "blocked" && state !== "unreachable") {
      throw new StoreError("invalid_argument", `A nudge is closed as 'blocked' or 'unreachable'; got '${String(state)}'.`);
    }
    const { rowCount } = await this.db.query(
      `UPDATE nudge_ledger SET state = $3, holder_token = NULL, lease_expires_at = NULL, last_error = $4, updated_at = $5
       WHERE key = $1 AND holder_token = $2 AND state = 'claimed'`,
      [requireText(key, "key", 512), requireText(token, "token"), state, clip(reason), requireDate(now, "now")],
    );
    return rowCount > 0;
  }

  /** The row of one key, or undefined when it was never claimed. */
  async get(key: string): Promise<NudgeRecord | undefined> {
    const { rows } = await this.db.query<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM nudge_ledger WHERE key = $1`, [requireText(key, "key", 512)]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  /** The nudges of one person, newest first (for "why did I get this" and the owners' digest). */
  async listByRecipient(aadObjectId: string, limit = 50): Promise<NudgeRecord[]> {
    const { rows } = await this.db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} FROM nudge_ledger WHERE recipient_aad_object_id = $1 ORDER BY updated_at DESC, key LIMIT $2`,
      [requireText(aadObjectId, "aadObjectId"), requirePositiveInteger(limit, "limit", 1000)],
    );
    return rows.map(toRecord);
  }

  /** How many keys are in each state (all keys, or those with `keys` when given): for passes, tests and benchmarks. */
  async countByState(keys?: readonly string[]): Promise<Record<NudgeState, number>> {
    const { rows } = await this.db.query<{ state: NudgeState; n: unknown }>(
      keys === undefined
        ? "SELECT state, count(*) AS n FROM nudge_ledger GROUP BY state"
        : "SELECT state, count(*) AS n FROM nudge_ledger WHERE key = ANY($1::text[]) GROUP BY state",
      keys === undefined ? [] : [[...keys]],
    );
    const counts: Record<NudgeState, number> = { claimed: 0, sent: 0, failed: 0, blocked: 0, unreachable: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  /**
   * Which of `keys` need no sending now: sent, closed, or held by a live claim. One query for a whole
   * pass, so planning thousands of nudges costs no claim round trip for those already done.
   */
  async doneOrBusyKeys(keys: readonly string[], now: Date): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await this.db.query<{ key: string }>(
      `SELECT key FROM nudge_ledger WHERE key = ANY($1::text[])
         AND (state IN ('sent', 'blocked', 'unreachable') OR (state = 'claimed' AND lease_expires_at > $2))`,
      [[...keys], requireDate(now, "now")],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Housekeeping: forgets keys settled (sent, blocked, unreachable) before `before`; returns how many. */
  async deleteSettledBefore(before: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      "DELETE FROM nudge_ledger WHERE state IN ('sent', 'blocked', 'unreachable') AND updated_at < $1",
      [requireDate(before, "before")],
    );
    return rowCount;
  }
}

function outcomeOf(row: NudgeRecord, now: Date, maxAttempts: number): NudgeClaim | undefined {
  switch (row.state) {
    case "sent":
      return { status: "sent", activityId: row.activityId, conversationId: row.conversationId, sentAt: row.sentAt ?? row.updatedAt };
    case "blocked":
    case "unreachable":
      return { status: "closed", state: row.state, attempts: row.attempts, lastError: row.lastError };
    case "claimed":
      return row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > now.getTime() ? { status: "busy", leaseExpiresAt: row.leaseExpiresAt } : undefined;
    case "failed":
      if (row.attempts >= maxAttempts) return { status: "closed", state: "failed", attempts: row.attempts, lastError: row.lastError };
      if (row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > now.getTime()) {
        return { status: "deferred", retryAt: row.leaseExpiresAt, attempts: row.attempts, lastError: row.lastError };
      }
      return undefined;
  }
}

function toRecord(row: LedgerRow): NudgeRecord {
  return {
    key: row.key,
    recipientAadObjectId: row.recipient_aad_object_id,
    kind: row.kind,
    subjectId: row.subject_id,
    window: row.window_key,
    state: row.state,
    leaseExpiresAt: readOptionalDate(row.lease_expires_at),
    attempts: Number(row.attempts),
    lastError: readOptionalText(row.last_error),
    activityId: readOptionalText(row.activity_id),
    conversationId: readOptionalText(row.conversation_id),
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
    sentAt: readOptionalDate(row.sent_at),
  };
}

function clip(text: string): string {
  const value = typeof text === "string" && text.trim() !== "" ? text : "unknown error";
  return value.length > MAX_ERROR_LENGTH ? `${value.slice(0, MAX_ERROR_LENGTH - 1)}…` : value;
}

/** Why the bot cannot message a person. */
export type ReachabilityStatus = "blocked" | "unreachable";

/** A person the bot cannot message, and why. */
export interface ReachabilityRecord {
  aadObjectId: string;
  status: ReachabilityStatus;
  /** A sentence for the owner's digest, with the code Teams or Graph gave. */
  reason: string;
  /** Unreachable: tried again from this instant. Blocked: null (until they talk to the bot again). */
  retryAt: Date | null;
  /** When the current status was first recorded. */
  since: Date;
  updatedAt: Date;
}

interface ReachabilityRow {
  aad_object_id: string;
  status: ReachabilityStatus;
  reason: string;
  retry_at: unknown;
  since: unknown;
  updated_at: unknown;
}

const REACH_COLUMNS = "aad_object_id, status, reason, retry_at, since, updated_at";

/**
 * Per-person reachability: who blocked the bot (Teams answers 403: stop sending to them) and whom it
 * could not reach (installing the app or opening the chat failed), with the reason, for the senders and
 * the owners' digest.
 */
export class NudgeReachability {
  constructor(private readonly db: Queryable) {}

  /** The person blocked the bot (or uninstalled it): nothing more is sent until `clear`. */
  markBlocked(aadObjectId: string, reason: string, now: Date): Promise<ReachabilityRecord> {
    return this.put(aadObjectId, "blocked", reason, null, now);
  }

  /** The bot could not reach the person; it tries again from `retryAt`. */
  markUnreachable(aadObjectId: string, reason: string, now: Date, retryAt: Date): Promise<ReachabilityRecord> {
    return this.put(aadObjectId, "unreachable", reason, requireDate(retryAt, "retryAt"), now);
  }

  /** The person can be messaged again (they talked to the bot, or a send reached them). False when nothing was recorded. */
  async clear(aadObjectId: string): Promise<boolean> {
    const { rowCount } = await this.db.query("DELETE FROM nudge_reachability WHERE aad_object_id = $1", [requireText(aadObjectId, "aadObjectId")]);
    return rowCount > 0;
  }

  async get(aadObjectId: string): Promise<ReachabilityRecord | undefined> {
    return (await this.getMany([aadObjectId])).get(aadObjectId);
  }

  /** The records of those of `aadObjectIds` who have one. */
  async getMany(aadObjectIds: readonly string[]): Promise<Map<string, ReachabilityRecord>> {
    if (aadObjectIds.length === 0) return new Map();
    const ids = [...new Set(aadObjectIds.map((id, i) => requireText(id, `aadObjectIds[${i}]`)))];
    const { rows } = await this.db.query<ReachabilityRow>(
      `SELECT ${REACH_COLUMNS} FROM nudge_reachability WHERE aad_object_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.aad_object_id, toReachability(row)]));
  }

  /** Everyone the bot cannot message (or only those of `status`), newest first: for the owners' digest. */
  async list(options: { status?: ReachabilityStatus; limit?: number } = {}): Promise<ReachabilityRecord[]> {
    const limit = requirePositiveInteger(options.limit ?? 100, "limit", 10_000);
    const { rows } = await this.db.query<ReachabilityRow>(
      options.status === undefined
        ? `SELECT ${REACH_COLUMNS} FROM nudge_reachability ORDER BY since DESC, aad_object_id LIMIT $1`
        : `SELECT ${REACH_COLUMNS} FROM nudge_reachability WHERE status = $2 ORDER BY since DESC, aad_object_id LIMIT $1`,
      options.status === undefined ? [limit] : [limit, options.status],
    );
    return rows.map(toReachability);
  }

  /**
   * The Bot Connector address of the tenant's latest stored conversation, to open chats with people the
   * bot never talked to (Teams serves a tenant from one regional address); null when it has none yet.
   */
  async latestServiceUrl(tenantId: string): Promise<string | null> {
    const { rows } = await this.db.query<{ service_url: string | null }>(
      `SELECT reference->>'serviceUrl' AS service_url FROM conversation_references
       WHERE tenant_id = $1 AND coalesce(reference->>'serviceUrl', '') <> '' ORDER BY updated_at DESC LIMIT 1`,
      [requireText(tenantId, "tenantId")],
    );
    return rows[0]?.service_url || null;
  }

  private async put(aadObjectId: string, status: ReachabilityStatus, reason: string, retryAt: Date | null, now: Date): Promise<ReachabilityRecord> {
    const { rows } = await this.db.query<ReachabilityRow>(
      `INSERT INTO nudge_reachability (aad_object_id, status, reason, retry_at, since, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (aad_object_id) DO UPDATE
         SET since = CASE WHEN nudge_reachability.status = EXCLUDED.status THEN nudge_reachability.since ELSE EXCLUDED.since END,
             status = EXCLUDED.status, reason = EXCLUDED.reason, retry_at = EXCLUDED.retry_at, updated_at = EXCLUDED.updated_at
       RETURNING ${REACH_COLUMNS}`,
      [requireText(aadObjectId, "aadObjectId"), status, clip(reason), retryAt, requireDate(now, "now")],
    );
    return toReachability(returnedRow(rows, "Recording reachability"));
  }
}

function toReachability(row: ReachabilityRow): ReachabilityRecord {
  return {
    aadObjectId: row.aad_object_id,
    status: row.status,
    reason: row.reason,
    retryAt: readOptionalDate(row.retry_at),
    since: readDate(row.since),
    updatedAt: readDate(row.updated_at),
  };
}

/**
 * The shared send schedule per scope (a tenant), so a rate ceiling holds across every bot instance on
 * one database: each send reserves its slot with one atomic statement (the generic cell rate algorithm).
 * Times are wall-clock milliseconds passed in by the caller.
 */
export class NudgePacing {
  constructor(private readonly db: Queryable) {}

  /**
   * Reserves the next `count` slots of `scope`, `intervalMs` apart and after the previous ones, allowing
   * bursts of `toleranceMs / intervalMs + 1` after a quiet spell. Returns when (epoch ms) the first may
   * go; the others follow at `intervalMs` steps. Reserving a few at a time keeps the one row of the
   * scope from becoming the bottleneck (each statement holds it until its commit is flushed).
   */
  async reserve(scope: string, intervalMs: number, toleranceMs: number, nowMs: number, count = 1): Promise<number> {
    requireText(scope, "scope", 256);
    requirePositiveInteger(count, "count", 10_000);
    for (const [name, value] of [["intervalMs", intervalMs], ["toleranceMs", toleranceMs], ["nowMs", nowMs]] as const) {
      if (!Number.isFinite(value) || value < 0) throw new StoreError("invalid_argument", `${name} must be a finite number of milliseconds, at least 0.`);
    }
    // Every SET expression reads the row as it was, so the slot and the new schedule agree.
    const { rows } = await this.db.query<{ last_slot_ms: number }>(
      `INSERT INTO nudge_pacing (scope, tat_ms, paused_until_ms, last_slot_ms) VALUES ($1, $4::float8 + $5::int * $2::float8, 0, $4::float8)
       ON CONFLICT (scope) DO UPDATE SET
         last_slot_ms = GREATEST($4::float8, nudge_pacing.tat_ms - $3::float8, nudge_pacing.paused_until_ms),
         tat_ms = GREATEST(nudge_pacing.tat_ms, $4::float8, nudge_pacing.paused_until_ms) + $5::int * $2::float8
       RETURNING last_slot_ms`,
      [scope, intervalMs, toleranceMs, nowMs, count],
    );
    return Number(returnedRow(rows, "Reserving a send slot").last_slot_ms);
  }

  /** No slot of `scope` before `untilMs` (a 429's Retry-After, for every instance). */
  async pauseUntil(scope: string, untilMs: number): Promise<void> {
    if (!Number.isFinite(untilMs)) throw new StoreError("invalid_argument", "untilMs must be a finite number of milliseconds.");
    await this.db.query(
      `INSERT INTO nudge_pacing (scope, tat_ms, paused_until_ms) VALUES ($1, $2::float8, $2::float8)
       ON CONFLICT (scope) DO UPDATE SET paused_until_ms = GREATEST(nudge_pacing.paused_until_ms, $2::float8),
                                         tat_ms = GREATEST(nudge_pacing.tat_ms, $2::float8)`,
      [requireText(scope, "scope", 256), untilMs],
    );
  }
}
