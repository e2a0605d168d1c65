import { requireDate, requirePositiveInteger, requireText } from "./argument-checks.js";
import { readBigintText, readDate, readOptionalText, returnedRow } from "./column-readers.js";
import type { Queryable } from "./db.js";
import type { Statement } from "./write-together.js";
import { toJsonParam, type JsonObject } from "./json.js";
import { StoreError } from "./store-error.js";

/** How an audited action ended: done, failed (an error), or refused (a rule or a permission said no). */
export type AuditOutcome = "ok" | "failed" | "refused";

/** `noun.past_tense_verb`, e.g. `request.submitted`, `approval.decided`, `card.posted`, `graph.failed`. */
export type AuditAction = `${string}.${string}`;

/** What `append` records. */
export interface AuditEntryInput {
  occurredAt: Date;
  /** Who acted; null when the bot acted on its own (reconcile, expiry). */
  actorAadObjectId: string | null;
  action: AuditAction;
  /** What it was done to (e.g. `request`) and its Entra id; both null for actions about no one object. */
  subjectType: string | null;
  subjectId: string | null;
  outcome: AuditOutcome;
  /** A sentence for people, e.g. the justification or why it was refused. */
  reason?: string | null;
  /** Structured facts for later investigation. Never tokens or secrets. */
  details?: object;
  /** The Teams message involved, when there was one. */
  conversationId?: string | null;
  activityId?: string | null;
}

/** A recorded entry. */
export interface AuditEntry {
  /** Unique, allocated in increasing order at insert; a decimal string because it is a 64-bit integer. */
  id: string;
  occurredAt: Date;
  actorAadObjectId: string | null;
  action: AuditAction;
  subjectType: string | null;
  subjectId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  details: JsonObject;
  conversationId: string | null;
  activityId: string | null;
}

/** Options for the list methods. */
export interface AuditListOptions {
  /** At most this many entries, newest first (default 50, at most 1000). */
  limit?: number;
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const OUTCOMES: readonly AuditOutcome[] = ["ok", "failed", "refused"];
const COLUMNS =
  "id, occurred_at, actor_aad_object_id, action, subject_type, subject_id, outcome, reason, details, conversation_id, activity_id";

interface Row {
  id: unknown;
  occurred_at: unknown;
  actor_aad_object_id: string | null;
  action: AuditAction;
  subject_type: string | null;
  subject_id: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  details: JsonObject;
  conversation_id: string | null;
  activity_id: string | null;
}

/** The audit trail: append-only (the database refuses UPDATE, DELETE and TRUNCATE on it). */
export class AuditTrail {
  constructor(private readonly db: Queryable) {}

  /** Records one entry and returns it with its id. */
  async append(entry: AuditEntryInput): Promise<AuditEntry> {
    const { text, params } = this.appendStatement(entry);
    const { rows } = await this.db.query<Row>(`${text} RETURNING ${COLUMNS}`, params);
    return toEntry(returnedRow(rows, "Appending to the audit trail"));
  }

  /** `append` as a statement, to run with others in one round trip (WriteTogether). */
  appendStatement(entry: AuditEntryInput): Statement {
    return {
      text: `INSERT INTO audit_trail (occurred_at, actor_aad_object_id, action, subject_type, subject_id, outcome, reason, details, conversation_id, activity_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
      params: toParams(entry),
    };
  }

  /** The entries about one subject, newest first. */
  async listBySubject(subjectType: string, subjectId: string, options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM audit_trail WHERE subject_type = $1 AND subject_id = $2
       ORDER BY occurred_at DESC, id DESC LIMIT $3`,
      [requireText(subjectType, "subjectType"), requireText(subjectId, "subjectId"), limitOf(options)],
    );
    return rows.map(toEntry);
  }

  /** The entries of one person's actions, newest first. */
  async listByActor(actorAadObjectId: string, options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM audit_trail WHERE actor_aad_object_id = $1
       ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      [requireText(actorAadObjectId, "actorAadObjectId"), limitOf(options)],
    );
    return rows.map(toEntry);
  }
}

function toParams(entry: AuditEntryInput): unknown[] {
  if (typeof entry.action !== "string" || !ACTION.test(entry.action)) {
    throw new StoreError("invalid_argument", `The audit action '${String(entry.action)}' must look like 'request.submitted' (lowercase noun.verb).`);
  }
  if (!OUTCOMES.includes(entry.outcome)) {
    throw new StoreError("invalid_argument", `The audit outcome must be one of ${OUTCOMES.join(", ")}; got '${String(entry.outcome)}'.`);
  }
  if ((entry.subjectType === null) !== (entry.subjectId === null)) {
    throw new StoreError("invalid_argument", "An audit entry needs both subjectType and subjectId, or neither.");
  }
  return [
    requireDate(entry.occurredAt, "occurredAt"),
    entry.actorAadObjectId === null ? null : requireText(entry.actorAadObjectId, "actorAadObjectId"),
    entry.action,
    entry.subjectType === null ? null : requireText(entry.subjectType, "subjectType"),
    entry.subjectId === null ? null : requireText(entry.subjectId, "subjectId"),
    entry.outcome,
    entry.reason ?? null,
    toJsonParam(entry.details ?? {}, "The audit details", { objectOnly: true }),
    entry.conversationId ?? null,
    entry.activityId ?? null,
  ];
}

function limitOf(options: AuditListOptions): number {
  return requirePositiveInteger(options.limit ?? 50, "limit", 1000);
}

function toEntry(row: Row): AuditEntry {
  return {
    id: readBigintText(row.id),
    occurredAt: readDate(row.occurred_at),
    actorAadObjectId: readOptionalText(row.actor_aad_object_id),
    action: row.action,
    subjectType: readOptionalText(row.subject_type),
    subjectId: readOptionalText(row.subject_id),
    outcome: row.outcome,
    reason: readOptionalText(row.reason),
    details: row.details,
    conversationId: readOptionalText(row.conversation_id),
    activityId: readOptionalText(row.activity_id),
  };
}
