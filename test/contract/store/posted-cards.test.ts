import { describe, expect, it } from "vitest";
import { PostedCards, type PostedCardInput, type PostedCardKey } from "../../../src/store/posted-cards.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

function cardFor(key: PostedCardKey, overrides: Partial<PostedCardInput> = {}): PostedCardInput {
  return { ...key, activityId: uid("1:activity"), conversationId: uid("a:conv"), cardHash: "sha256:aaaa", ...overrides };
}

describe.each(storeBackends())("PostedCards on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const cards = () => new PostedCards(store().db);
  const requestKey = (overrides: Partial<PostedCardKey> = {}): PostedCardKey => ({
    subjectType: "request",
    subjectId: uid("req"),
    stageId: null,
    recipientAadObjectId: uid("user"),
    role: "requester",
    ...overrides,
  });

  it("records a posted card and finds it by key and by message", async () => {
    const card = cardFor(requestKey());
    const stored = await cards().upsert(card, T0);
    expect(stored).toEqual({ ...card, createdAt: T0, updatedAt: T0 });
    expect(await cards().get(card)).toEqual(stored);
    expect(await cards().getByActivity(card.conversationId, card.activityId)).toEqual(stored);
  });

  it("answers undefined for a card never posted", async () => {
    expect(await cards().get(requestKey())).toBeUndefined();
    expect(await cards().getByActivity("a:none", "1:none")).toBeUndefined();
  });

  it("keeps one card per key: a repost moves it to the new message and keeps createdAt", async () => {
    const key = requestKey();
    await cards().upsert(cardFor(key, { activityId: "1:first" }), T0);
    const reposted = await cards().upsert(cardFor(key, { activityId: "1:second", conversationId: "a:c", cardHash: "sha256:bbbb" }), at(5000));
    expect(reposted).toMatchObject({ activityId: "1:second", conversationId: "a:c", cardHash: "sha256:bbbb", createdAt: T0, updatedAt: at(5000) });
    expect(await cards().listBySubject("request", key.subjectId)).toEqual([reposted]);
  });

  it("tells cards of different stages, recipients and roles apart, with a null stage as its own", async () => {
    const subjectId = uid("approval");
    const approver = uid("approver");
    const keys: PostedCardKey[] = [
      { subjectType: "approval", subjectId, stageId: null, recipientAadObjectId: approver, role: "requester" },
      { subjectType: "approval", subjectId, stageId: "stage-1", recipientAadObjectId: approver, role: "approver" },
      { subjectType: "approval", subjectId, stageId: "stage-2", recipientAadObjectId: approver, role: "approver" },
      { subjectType: "approval", subjectId, stageId: "stage-1", recipientAadObjectId: uid("other"), role: "approver" },
    ];
    for (const [i, key] of keys.entries()) await cards().upsert(cardFor(key), at(i * 1000));
    const listed = await cards().listBySubject("approval", subjectId);
    expect(listed.map(({ stageId, recipientAadObjectId, role }) => ({ stageId, recipientAadObjectId, role }))).toEqual(
      keys.map(({ stageId, recipientAadObjectId, role }) => ({ stageId, recipientAadObjectId, role })),
    );
    expect((await cards().get(keys[0] as PostedCardKey))?.stageId).toBeNull();
  });

  it("lists only the cards of the subject asked for", async () => {
    const mine = requestKey();
    await cards().upsert(cardFor(mine), T0);
    await cards().upsert(cardFor(requestKey()), T0);
    await cards().upsert(cardFor({ ...mine, subjectType: "pim" }), T0); // same id, another kind of subject
    expect((await cards().listBySubject("request", mine.subjectId)).map((card) => card.subjectType)).toEqual(["request"]);
    expect(await cards().listBySubject("review", mine.subjectId)).toEqual([]);
  });

  it("updates the rendered hash of a posted card and says when there is none", async () => {
    const key = requestKey();
    await cards().upsert(cardFor(key, { cardHash: "sha256:old" }), T0);
    expect(await cards().updateHash(key, "sha256:new", at(1000))).toBe(true);
    expect(await cards().get(key)).toMatchObject({ cardHash: "sha256:new", createdAt: T0, updatedAt: at(1000) });
    expect(await cards().updateHash(requestKey(), "sha256:new", at(1000))).toBe(false);
  });

  it("rejects an empty stage id (null means no stage) and other empty fields", async () => {
    await expect(cards().upsert(cardFor(requestKey({ stageId: "" })), T0)).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(cards().upsert(cardFor(requestKey(), { cardHash: "" }), T0)).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(cards().upsert(cardFor(requestKey()), new Date(Number.NaN))).rejects.toMatchObject({ code: "invalid_argument" });
  });
});
