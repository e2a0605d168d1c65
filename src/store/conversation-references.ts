import { requireDate, requireText } from "./argument-checks.js";
import { readDate, returnedRow } from "./column-readers.js";
import type { Queryable } from "./db.js";
import { toJsonParam, type JsonObject } from "./json.js";

/** A person's personal chat with the bot, as needed to message them proactively. */
export interface StoredConversationReference {
  tenantId: string;
  aadObjectId: string;
  /** The personal (1:1) conversation id. */
  conversationId: string;
  /** The Bot Framework ConversationReference, as JSON. */
  reference: JsonObject;
  createdAt: Date;
  updatedAt: Date;
}

/** What `upsert` stores; `reference` is typically `TurnContext.getConversationReference(activity)`. */
export interface ConversationReferenceInput {
  tenantId: string;
  aadObjectId: string;
  conversationId: string;
  reference: object;
}

interface Row {
  tenant_id: string;
  aad_object_id: string;
  conversation_id: string;
  reference: JsonObject;
  created_at: unknown;
  updated_at: unknown;
}

const COLUMNS = "tenant_id, aad_object_id, conversation_id, reference, created_at, updated_at";

/** Conversation references, one per person and tenant, refreshed whenever the person writes to the bot. */
export class ConversationReferences {
  constructor(private readonly db: Queryable) {}

  /** Saves the latest reference for the person; keeps the first `createdAt`. */
  async upsert(input: ConversationReferenceInput, now: Date): Promise<StoredConversationReference> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO conversation_references (${COLUMNS})
       VALUES ($1, $2, $3, $4::jsonb, $5, $5)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE
         SET conversation_id = EXCLUDED.conversation_id, reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at
       RETURNING ${COLUMNS}`,
      [
        requireText(input.tenantId, "tenantId"),
        requireText(input.aadObjectId, "aadObjectId"),
        requireText(input.conversationId, "conversationId"),
        toJsonParam(input.reference, "The conversation reference", { objectOnly: true }),
        requireDate(now, "now"),
      ],
    );
    return toReference(returnedRow(rows, "Upserting a conversation reference"));
  }

  /**
   * What every message does: stores the person's reference (new or refreshed) and, since someone who
   * writes to the bot has unblocked it, forgets that nudges could not reach them. One round trip, where
   * a read, an upsert and a delete were three on every turn. True when the bot had no reference for
   * them before (a first contact).
   */
  async remember(input: ConversationReferenceInput, now: Date): Promise<boolean> {
    const { rows } = await this.db.query<{ inserted: boolean }>(
      `WITH reachable AS (DELETE FROM nudge_reachability WHERE aad_object_id = $2)
       INSERT INTO conversation_references (${COLUMNS})
       VALUES ($1, $2, $3, $4::jsonb, $5, $5)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE
         SET conversation_id = EXCLUDED.conversation_id, reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at
       RETURNING (xmax = 0) AS inserted`,
      [
        requireText(input.tenantId, "tenantId"),
        requireText(input.aadObjectId, "aadObjectId"),
        requireText(input.conversationId, "conversationId"),
        toJsonParam(input.reference, "The conversation reference", { objectOnly: true }),
        requireDate(now, "now"),
      ],
    );
    // xmax is 0 on a row this statement inserted, the locking transaction's id on one it updated.
    return returnedRow(rows, "Remembering a conversation").inserted === true;
  }

  /** The person's reference, or undefined when they never talked to the bot (or it was deleted). */
  async get(tenantId: string, aadObjectId: string): Promise<StoredConversationReference | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_references WHERE tenant_id = $1 AND aad_object_id = $2`,
      [requireText(tenantId, "tenantId"), requireText(aadObjectId, "aadObjectId")],
    );
    return rows[0] === undefined ? undefined : toReference(rows[0]);
  }

  /** Forgets the person's reference (e.g. after the bot was uninstalled); false when there was none. */
  async delete(tenantId: string, aadObjectId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "DELETE FROM conversation_references WHERE tenant_id = $1 AND aad_object_id = $2",
      [requireText(tenantId, "tenantId"), requireText(aadObjectId, "aadObjectId")],
    );
    return rowCount > 0;
  }

  /** The references of those of `aadObjectIds` who have one, in no particular order. */
  async listByUsers(tenantId: string, aadObjectIds: readonly string[]): Promise<StoredConversationReference[]> {
    if (aadObjectIds.length === 0) return [];
    const ids = aadObjectIds.map((id, i) => requireText(id, `aadObjectIds[${i}]`));
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_references WHERE tenant_id = $1 AND aad_object_id = ANY($2::text[])`,
      [requireText(tenantId, "tenantId"), [...new Set(ids)]],
    );
    return rows.map(toReference);
  }
}

function toReference(row: Row): StoredConversationReference {
  return {
    tenantId: row.tenant_id,
    aadObjectId: row.aad_object_id,
    conversationId: row.conversation_id,
    reference: row.reference,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}
