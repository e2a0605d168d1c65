import { describe, expect, it } from "vitest";
import { ConversationReferences } from "../../../src/store/conversation-references.js";
import { NudgeReachability } from "../../../src/store/nudge-ledger.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/** A Bot Framework conversation reference as TurnContext.getConversationReference returns it in Teams. */
function referenceFor(aadObjectId: string, conversationId: string) {
  return {
    activityId: "1712345678901",
    user: { id: `29:${aadObjectId}`, name: "Megan Bowen", aadObjectId },
    bot: { id: "28:3f1d2c4b-0000-4000-8000-00000000b07", name: "Gatepass" },
    conversation: { conversationType: "personal", tenantId: TENANT, id: conversationId },
    channelId: "msteams",
    locale: "en-US",
    serviceUrl: "https://smba.trafficmanager.net/emea/",
  };
}

describe.each(storeBackends())("ConversationReferences on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const references = () => new ConversationReferences(store().db);

  it("answers undefined for someone who never talked to the bot", async () => {
    expect(await references().get(TENANT, uid("user"))).toBeUndefined();
  });

  it("stores a reference and gives it back as it was", async () => {
    const user = uid("user");
    const reference = referenceFor(user, `a:${uid("conv")}`);
    const stored = await references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: reference.conversation.id, reference }, T0);
    const expected = { tenantId: TENANT, aadObjectId: user, conversationId: reference.conversation.id, reference, createdAt: T0, updatedAt: T0 };
    expect(stored).toEqual(expected);
    expect(await references().get(TENANT, user)).toEqual(expected);
  });

  it("replaces the reference on a later upsert and keeps when it was first seen", async () => {
    const user = uid("user");
    await references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: "a:old", reference: referenceFor(user, "a:old") }, T0);
    const newer = referenceFor(user, "a:new");
    await references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: "a:new", reference: newer }, at(60_000));
    expect(await references().get(TENANT, user)).toEqual({
      tenantId: TENANT,
      aadObjectId: user,
      conversationId: "a:new",
      reference: newer,
      createdAt: T0,
      updatedAt: at(60_000),
    });
  });

  it("remembers a conversation in one statement: says whether it is a first contact, and forgets that nudges could not reach them", async () => {
    const user = uid("user");
    await new NudgeReachability(store().db).markBlocked(user, "blocked the bot", T0);
    expect(await references().remember({ tenantId: TENANT, aadObjectId: user, conversationId: "a:first", reference: referenceFor(user, "a:first") }, T0)).toBe(true);
    expect(await new NudgeReachability(store().db).get(user)).toBeUndefined();
    expect(await references().remember({ tenantId: TENANT, aadObjectId: user, conversationId: "a:second", reference: referenceFor(user, "a:second") }, at(60))).toBe(false);
    expect(await references().get(TENANT, user)).toMatchObject({ conversationId: "a:second", createdAt: T0, updatedAt: at(60) });
  });

  it("keeps the same person in two tenants apart", async () => {
    const user = uid("user");
    const other = uid("tenant");
    await references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: "a:home", reference: referenceFor(user, "a:home") }, T0);
    await references().upsert({ tenantId: other, aadObjectId: user, conversationId: "a:guest", reference: referenceFor(user, "a:guest") }, T0);
    expect((await references().get(TENANT, user))?.conversationId).toBe("a:home");
    expect((await references().get(other, user))?.conversationId).toBe("a:guest");
  });

  it("deletes a reference, answering whether there was one", async () => {
    const user = uid("user");
    await references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: "a:1", reference: referenceFor(user, "a:1") }, T0);
    expect(await references().delete(TENANT, user)).toBe(true);
    expect(await references().get(TENANT, user)).toBeUndefined();
    expect(await references().delete(TENANT, user)).toBe(false);
  });

  it("lists the references of those among many people who have one, in this tenant only", async () => {
    const [alex, megan, adele] = [uid("alex"), uid("megan"), uid("adele")];
    for (const user of [alex, megan]) {
      await references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: `a:${user}`, reference: referenceFor(user, `a:${user}`) }, T0);
    }
    await references().upsert({ tenantId: uid("tenant"), aadObjectId: adele, conversationId: "a:x", reference: referenceFor(adele, "a:x") }, T0);
    const listed = await references().listByUsers(TENANT, [alex, megan, adele, alex]);
    expect(listed.map((reference) => reference.aadObjectId).sort()).toEqual([alex, megan].sort());
    expect(await references().listByUsers(TENANT, [])).toEqual([]);
  });

  it("rejects a reference that is not a JSON object and empty ids", async () => {
    const user = uid("user");
    await expect(references().upsert({ tenantId: TENANT, aadObjectId: user, conversationId: "a:1", reference: [] }, T0)).rejects.toMatchObject({
      code: "invalid_argument",
    });
    await expect(references().upsert({ tenantId: TENANT, aadObjectId: "", conversationId: "a:1", reference: {} }, T0)).rejects.toMatchObject({
      code: "invalid_argument",
      message: expect.stringContaining("aadObjectId"),
    });
    await expect(references().listByUsers(TENANT, [user, ""])).rejects.toMatchObject({ code: "invalid_argument" });
  });
});
