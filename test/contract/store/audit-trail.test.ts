import { describe, expect, it } from "vitest";
import { AuditTrail, type AuditEntryInput } from "../../../src/store/audit-trail.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    occurredAt: T0,
    actorAadObjectId: uid("user"),
    action: "request.submitted",
    subjectType: "request",
    subjectId: uid("req"),
    outcome: "ok",
    ...overrides,
  };
}

describe.each(storeBackends())("AuditTrail on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const trail = () => new AuditTrail(store().db);

  it("appends an entry with every field and returns it with an id", async () => {
    const input = entry({
      action: "approval.decided",
      subjectType: "approval",
      outcome: "refused",
      reason: "The approver is also the requester.",
      details: { stage: 1, decision: "Approve", graph: { status: 403 } },
      conversationId: "a:1-personal",
      activityId: "1712345678901",
    });
    const appended = await trail().append(input);
    expect(appended).toEqual({ ...input, id: expect.stringMatching(/^\d+$/) });
    expect(await trail().listBySubject("approval", input.subjectId as string)).toEqual([appended]);
  });

  it("fills the optional fields with null and empty details", async () => {
    const appended = await trail().append(entry());
    expect(appended).toMatchObject({ reason: null, details: {}, conversationId: null, activityId: null });
  });

  it("records actions of the bot itself (no actor) and about no one subject", async () => {
    const appended = await trail().append(entry({ actorAadObjectId: null, action: "reconcile.completed", subjectType: null, subjectId: null }));
    expect(appended).toMatchObject({ actorAadObjectId: null, subjectType: null, subjectId: null });
  });

  it("lists a subject's entries newest first, up to the limit, and no one else's", async () => {
    const subjectId = uid("req");
    const appended = [];
    for (const [i, action] of (["request.submitted", "card.posted", "approval.decided", "card.updated"] as const).entries()) {
      appended.push(await trail().append(entry({ subjectId, action, occurredAt: at(i * 1000) })));
    }
    await trail().append(entry()); // another subject
    await trail().append(entry({ subjectType: "pim", subjectId })); // same id, another kind of subject
    expect(await trail().listBySubject("request", subjectId)).toEqual([...appended].reverse());
    expect(await trail().listBySubject("request", subjectId, { limit: 2 })).toEqual([appended[3], appended[2]]);
  });

  it("lists an actor's entries newest first, breaking ties of the same instant by insertion order", async () => {
    const actor = uid("user");
    const first = await trail().append(entry({ actorAadObjectId: actor, occurredAt: T0 }));
    const second = await trail().append(entry({ actorAadObjectId: actor, occurredAt: T0 }));
    const earlier = await trail().append(entry({ actorAadObjectId: actor, occurredAt: at(-1000) }));
    await trail().append(entry());
    expect(await trail().listByActor(actor)).toEqual([second, first, earlier]);
    expect(await trail().listByActor(actor, { limit: 1 })).toEqual([second]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const appended = await trail().append(entry());
    const db = store().db;
    for (const sql of [
      "UPDATE audit_trail SET outcome = 'failed' WHERE id = $1",
      "DELETE FROM audit_trail WHERE id = $1",
    ]) {
      await expect(db.query(sql, [appended.id])).rejects.toMatchObject({
        code: "query_failed",
        sqlState: "P0001",
        message: expect.stringContaining("append-only"),
      });
    }
    await expect(db.exec("TRUNCATE audit_trail")).rejects.toMatchObject({ message: expect.stringContaining("append-only") });
    expect(await trail().listBySubject("request", appended.subjectId as string)).toEqual([appended]);
  });

  it("rejects malformed entries before and inside the database", async () => {
    await expect(trail().append(entry({ action: "Submitted" as `${string}.${string}` }))).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(trail().append(entry({ outcome: "maybe" as "ok" }))).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(trail().append(entry({ subjectType: null }))).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(trail().append(entry({ details: ["not", "an", "object"] }))).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(trail().listByActor(uid("user"), { limit: 0 })).rejects.toMatchObject({ code: "invalid_argument" });
    // The table's own checks hold even for SQL that bypasses the repository.
    await expect(
      store().db.query("INSERT INTO audit_trail (occurred_at, action, outcome) VALUES ($1, 'x.y', 'maybe')", [T0]),
    ).rejects.toMatchObject({ code: "query_failed", sqlState: "23514" });
  });
});
