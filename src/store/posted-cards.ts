import { requireDate, requireText } from "./argument-checks.js";
import { readDate, returnedRow } from "./column-readers.js";
import type { Queryable } from "./db.js";
import type { Statement } from "./write-together.js";

/** What a card is about; `subjectId` is the Entra id of that object. */
export type CardSubjectType = "request" | "approval" | "review" | "pim";

/** Why the recipient sees the card, which decides how it renders for them. */
export type CardRecipientRole = "requester" | "approver" | "reviewer";

/** Identifies one card: one subject (and stage) shown to one recipient in one role. */
export interface PostedCardKey {
  subjectType: CardSubjectType;
  subjectId: string;
  /** The approval stage the card is for, or null when the card is not about one stage. */
  stageId: string | null;
  recipientAadObjectId: string;
  role: CardRecipientRole;
}

/** A card the bot posted and where it is, so it can be updated in place. */
export interface PostedCard extends PostedCardKey {
  activityId: string;
  conversationId: string;
  /** Hash of the last rendered card: an update rendering the same hash can be skipped. */
  cardHash: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What `upsert` stores. */
export type PostedCardInput = PostedCardKey & Pick<PostedCard, "activityId" | "conversationId" | "cardHash">;

interface Row {
  subject_type: CardSubjectType;
  subject_id: string;
  stage_id: string;
  recipient_aad_object_id: string;
  role: CardRecipientRole;
  activity_id: string;
  conversation_id: string;
  card_hash: string;
  created_at: unknown;
  updated_at: unknown;
}

const COLUMNS =
  "subject_type, subject_id, stage_id, recipient_aad_object_id, role, activity_id, conversation_id, card_hash, created_at, updated_at";
const KEY_MATCH = "subject_type = $1 AND subject_id = $2 AND stage_id = $3 AND recipient_aad_object_id = $4 AND role = $5";

/** Every card the bot posted: which Teams message shows which subject to whom. */
export class PostedCards {
  constructor(private readonly db: Queryable) {}

  /** Records a posted card, or points an existing one at a newly posted message; keeps the first `createdAt`. */
  async upsert(card: PostedCardInput, now: Date): Promise<PostedCard> {
    const { text, params } = this.upsertStatement(card, now);
    const { rows } = await this.db.query<Row>(`${text} RETURNING ${COLUMNS}`, params);
    return toCard(returnedRow(rows, "Upserting a posted card"));
  }

  /** `upsert` as a statement, to run with others in one round trip (WriteTogether). */
  upsertStatement(card: PostedCardInput, now: Date): Statement {
    return {
      text: `INSERT INTO posted_cards (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (subject_type, subject_id, stage_id, recipient_aad_object_id, role) DO UPDATE
         SET activity_id = EXCLUDED.activity_id, conversation_id = EXCLUDED.conversation_id,
             card_hash = EXCLUDED.card_hash, updated_at = EXCLUDED.updated_at`,
      params: [
        ...keyParams(card),
        requireText(card.activityId, "activityId"),
        requireText(card.conversationId, "conversationId"),
        requireText(card.cardHash, "cardHash"),
        requireDate(now, "now"),
      ],
    };
  }

  /** The card for exactly this key, if one was posted. */
  async get(key: PostedCardKey): Promise<PostedCard | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM posted_cards WHERE ${KEY_MATCH}`, keyParams(key));
    return rows[0] === undefined ? undefined : toCard(rows[0]);
  }

  /** The card shown by a given message, e.g. the one a button was clicked on. */
  async getByActivity(conversationId: string, activityId: string): Promise<PostedCard | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM posted_cards WHERE conversation_id = $1 AND activity_id = $2`,
      [requireText(conversationId, "conversationId"), requireText(activityId, "activityId")],
    );
    return rows[0] === undefined ? undefined : toCard(rows[0]);
  }

  /** Every card about one subject (all stages, recipients and roles), oldest first. */
  async listBySubject(subjectType: CardSubjectType, subjectId: string): Promise<PostedCard[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM posted_cards WHERE subject_type = $1 AND subject_id = $2
       ORDER BY created_at, stage_id, recipient_aad_object_id, role`,
      [requireText(subjectType, "subjectType"), requireText(subjectId, "subjectId")],
    );
    return rows.map(toCard);
  }

  /** Subjects with at least one card that may still change, for the reconcile loop; oldest first. */
  async listUnsettledSubjects(subjectType: CardSubjectType, limit = 1000): Promise<string[]> {
    const { rows } = await this.db.query<{ subject_id: string }>(
      `SELECT subject_id FROM posted_cards WHERE subject_type = $1 AND NOT settled
       GROUP BY subject_id ORDER BY min(created_at) LIMIT $2`,
      [requireText(subjectType, "subjectType"), limit],
    );
    return rows.map((r) => r.subject_id);
  }

  /** Marks every card of a subject settled: its outcome is final and shown. */
  async markSettled(subjectType: CardSubjectType, subjectId: string): Promise<number> {
    const { rowCount } = await this.db.query(
      "UPDATE posted_cards SET settled = true WHERE subject_type = $1 AND subject_id = $2 AND NOT settled",
      [requireText(subjectType, "subjectType"), requireText(subjectId, "subjectId")],
    );
    return rowCount;
  }

  /** Records that the message now shows a rendering with `cardHash`; false when no such card was posted. */
  async updateHash(key: PostedCardKey, cardHash: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE posted_cards SET card_hash = $6, updated_at = $7 WHERE ${KEY_MATCH}`,
      [...keyParams(key), requireText(cardHash, "cardHash"), requireDate(now, "now")],
    );
    return rowCount > 0;
  }
}

function keyParams(key: PostedCardKey): string[] {
  return [
    requireText(key.subjectType, "subjectType"),
    requireText(key.subjectId, "subjectId"),
    key.stageId === null || key.stageId === undefined ? "" : requireText(key.stageId, "stageId"),
    requireText(key.recipientAadObjectId, "recipientAadObjectId"),
    requireText(key.role, "role"),
  ];
}

function toCard(row: Row): PostedCard {
  return {
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    stageId: row.stage_id === "" ? null : row.stage_id,
    recipientAadObjectId: row.recipient_aad_object_id,
    role: row.role,
    activityId: row.activity_id,
    conversationId: row.conversation_id,
    cardHash: row.card_hash,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}
