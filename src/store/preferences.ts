import { requireDate, requireText } from "./argument-checks.js";
import { readDate, returnedRow } from "./column-readers.js";
import type { Queryable } from "./db.js";
import { toJsonParam, type JsonObject } from "./json.js";

/** A person's stored preferences. */
export interface StoredPreferences {
  aadObjectId: string;
  /** As last put; the domain owns the shape (quiet hours, snooze until) and validates it when reading. */
  preferences: JsonObject;
  updatedAt: Date;
}

interface Row {
  aad_object_id: string;
  preferences: JsonObject;
  updated_at: unknown;
}

/** Per-person preferences as one JSON object each. */
export class Preferences {
  constructor(private readonly db: Queryable) {}

  /** The person's preferences, or undefined when they never set any. */
  async get(aadObjectId: string): Promise<StoredPreferences | undefined> {
    const { rows } = await this.db.query<Row>(
      "SELECT aad_object_id, preferences, updated_at FROM preferences WHERE aad_object_id = $1",
      [requireText(aadObjectId, "aadObjectId")],
    );
    return rows[0] === undefined ? undefined : toPreferences(rows[0]);
  }

  /** The preferences of those of `aadObjectIds` who set any, in one query (a nudge pass reads everyone's). */
  async getMany(aadObjectIds: readonly string[]): Promise<Map<string, StoredPreferences>> {
    if (aadObjectIds.length === 0) return new Map();
    const { rows } = await this.db.query<Row>(
      "SELECT aad_object_id, preferences, updated_at FROM preferences WHERE aad_object_id = ANY($1::text[])",
      [aadObjectIds.map((id) => requireText(id, "aadObjectId"))],
    );
    return new Map(rows.map((row) => [row.aad_object_id, toPreferences(row)]));
  }

  /** Replaces the person's preferences with `preferences` (a JSON object). */
  async put(aadObjectId: string, preferences: object, now: Date): Promise<StoredPreferences> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO preferences (aad_object_id, preferences, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (aad_object_id) DO UPDATE SET preferences = EXCLUDED.preferences, updated_at = EXCLUDED.updated_at
       RETURNING aad_object_id, preferences, updated_at`,
      [
        requireText(aadObjectId, "aadObjectId"),
        toJsonParam(preferences, "The preferences", { objectOnly: true }),
        requireDate(now, "now"),
      ],
    );
    return toPreferences(returnedRow(rows, "Saving preferences"));
  }
}

function toPreferences(row: Row): StoredPreferences {
  return { aadObjectId: row.aad_object_id, preferences: row.preferences, updatedAt: readDate(row.updated_at) };
}
