import { describe, expect, it } from "vitest";
import { AuditTrail } from "../../../src/store/audit-trail.js";
import { IdempotencyKeys } from "../../../src/store/idempotency-keys.js";
import { PostedCards } from "../../../src/store/posted-cards.js";
import { combine, WriteTogether } from "../../../src/store/write-together.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

describe.each(storeBackends())("WriteTogether on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const repos = () => ({ keys: new IdempotencyKeys(store().db), audit: new AuditTrail(store().db), cards: new PostedCards(store().db), together: new WriteTogether(store().db) });

  async function claimed(keys: IdempotencyKeys, key: string): Promise<string> {
    const claim = await keys.claim(key, 60_000, T0);
    if (claim.status !== "claimed") throw new Error("not claimed");
    return claim.token;
  }

  it("records a key done, an audit row and a card in one statement, and says what each changed", async () => {
    const { keys, audit, cards, together } = repos();
    const key = uid("submit");
    const token = await claimed(keys, key);
    const requestId = uid("req");
    const card = { subjectType: "request" as const, subjectId: requestId, stageId: null, recipientAadObjectId: uid("user"), role: "requester" as const, activityId: uid("act"), conversationId: uid("conv"), cardHash: "h1" };
    const counts = await together.run([
      keys.completeStatement(key, token, { requestId }, at(1000)),
      audit.appendStatement({ occurredAt: at(1000), actorAadObjectId: "u", action: "request.submitted", subjectType: "request", subjectId: requestId, outcome: "ok", reason: "why", details: { n: 1 }, conversationId: null, activityId: null }),
      cards.upsertStatement(card, at(1000)),
      // A key this token does not hold: nothing changes, and that is a count of 0, not an error.
      keys.completeStatement(uid("other"), token, null, at(1000)),
    ]);
    expect(counts).toEqual([1, 1, 1, 0]);
    expect(await keys.claim(key, 60_000, at(2000))).toEqual({ status: "done", result: { requestId }, completedAt: at(1000) });
    expect(await audit.listBySubject("request", requestId)).toEqual([expect.objectContaining({ action: "request.submitted", reason: "why", details: { n: 1 } })]);
    expect(await cards.get(card)).toMatchObject({ cardHash: "h1", createdAt: at(1000) });
  });

  it("writes nothing when one of the statements fails", async () => {
    const { keys, audit, together } = repos();
    const key = uid("submit");
    const token = await claimed(keys, key);
    const subjectId = uid("req");
    await expect(
      together.run([
        keys.completeStatement(key, token, { ok: true }, at(1000)),
        audit.appendStatement({ occurredAt: at(1000), actorAadObjectId: "u", action: "request.submitted", subjectType: "request", subjectId, outcome: "ok", reason: null, details: {}, conversationId: null, activityId: null }),
        { text: "INSERT INTO posted_cards (subject_type) VALUES ($1)", params: ["request"] }, // NOT NULL columns missing
      ]),
    ).rejects.toThrow();
    expect(await keys.claim(key, 60_000, at(2000))).toEqual({ status: "busy", leaseExpiresAt: at(60_000) });
    expect(await audit.listBySubject("request", subjectId)).toEqual([]);
  });
});

describe("combine", () => {
  it("numbers each statement's parameters after those of the statements before it", () => {
    const { text, params } = combine([
      { text: "UPDATE a SET x = $2 WHERE id = $1", params: [1, 2] },
      { text: "INSERT INTO b (x, y) VALUES ($1, $2::jsonb) RETURNING id", params: [3, "{}"] },
    ]);
    expect(params).toEqual([1, 2, 3, "{}"]);
    expect(text).toBe(
      "WITH s0 AS (UPDATE a SET x = $2 WHERE id = $1 RETURNING 1),\ns1 AS (INSERT INTO b (x, y) VALUES ($3, $4::jsonb) RETURNING id)\nSELECT (SELECT count(*) FROM s0)::int AS n0, (SELECT count(*) FROM s1)::int AS n1",
    );
  });

  it("refuses statements that cannot be a data-modifying CTE", () => {
    expect(() => combine([{ text: "WITH x AS (SELECT 1) DELETE FROM a", params: [] }, { text: "DELETE FROM b", params: [] }])).toThrow(/WITH/);
    expect(() => combine([{ text: "SELECT 1", params: [] }, { text: "DELETE FROM b", params: [] }])).toThrow(/INSERT, UPDATE and DELETE/);
  });
});
