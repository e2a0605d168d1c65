import { describe, expect, it } from "vitest";
import { ConversationReferences } from "../../../src/store/conversation-references.js";
import { NudgeLedger, NudgePacing, NudgeReachability, type NudgeClaim, type NudgeKeyInput } from "../../../src/store/nudge-ledger.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

const LEASE = 60_000;

function nudge(overrides: Partial<NudgeKeyInput> = {}): NudgeKeyInput {
  const recipient = overrides.recipientAadObjectId ?? uid("person");
  return { key: uid("nudge"), recipientAadObjectId: recipient, kind: "approval.reminder", subjectId: uid("request"), window: "halfway", ...overrides };
}

function tokenOf(claim: NudgeClaim): string {
  if (claim.status !== "claimed") throw new Error(`Expected a claim, got ${claim.status}.`);
  return claim.token;
}

describe.each(storeBackends())("NudgeLedger on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const ledger = () => new NudgeLedger(store().db);

  it("claims a new key for the lease, as attempt 1, and keeps who and what it is for", async () => {
    const input = nudge();
    expect(await ledger().claim(input, { leaseMs: LEASE, now: T0 })).toEqual({ status: "claimed", token: expect.any(String), leaseExpiresAt: at(LEASE), attempt: 1 });
    expect(await ledger().get(input.key)).toMatchObject({
      key: input.key,
      recipientAadObjectId: input.recipientAadObjectId,
      kind: "approval.reminder",
      subjectId: input.subjectId,
      window: "halfway",
      state: "claimed",
      attempts: 1,
      createdAt: T0,
      sentAt: null,
    });
  });

  it("answers busy while the holder's lease is live, and hands it over once it expires (crash recovery)", async () => {
    const input = nudge();
    const first = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: T0 }));
    expect(await ledger().claim(input, { leaseMs: LEASE, now: at(LEASE - 1) })).toEqual({ status: "busy", leaseExpiresAt: at(LEASE) });
    const second = await ledger().claim(input, { leaseMs: LEASE, now: at(LEASE) });
    expect(second).toMatchObject({ status: "claimed", attempt: 2, leaseExpiresAt: at(2 * LEASE) });
    // The crashed holder comes back: its token no longer counts.
    expect(await ledger().markSent(input.key, first, { activityId: "a1", conversationId: "c1" }, at(LEASE + 1))).toBe(false);
    expect(await ledger().markSent(input.key, tokenOf(second), { activityId: "a2", conversationId: "c2" }, at(LEASE + 2))).toBe(true);
  });

  it("never claims a sent key again, and says where it went", async () => {
    const input = nudge();
    const token = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: T0 }));
    expect(await ledger().markSent(input.key, token, { activityId: "msg-1", conversationId: "a:personal-1" }, at(5))).toBe(true);
    expect(await ledger().claim(input, { leaseMs: LEASE, now: at(100 * LEASE) })).toEqual({
      status: "sent",
      activityId: "msg-1",
      conversationId: "a:personal-1",
      sentAt: at(5),
    });
    expect(await ledger().get(input.key)).toMatchObject({ state: "sent", leaseExpiresAt: null, lastError: null, sentAt: at(5), updatedAt: at(5) });
    expect(await ledger().markSent(input.key, token, { activityId: "msg-2", conversationId: "a:personal-1" }, at(6))).toBe(false);
  });

  it("lets a failed key be claimed again at the next pass, or from its retry instant", async () => {
    const input = nudge();
    const first = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: T0 }));
    expect(await ledger().markFailed(input.key, first, "503 ServiceUnavailable", at(1))).toBe(true);
    const second = await ledger().claim(input, { leaseMs: LEASE, now: at(2) });
    expect(second).toMatchObject({ status: "claimed", attempt: 2 });
    expect(await ledger().markFailed(input.key, tokenOf(second), "429 after 3 tries", at(3), at(30_000))).toBe(true);
    expect(await ledger().claim(input, { leaseMs: LEASE, now: at(29_999) })).toEqual({
      status: "deferred",
      retryAt: at(30_000),
      attempts: 2,
      lastError: "429 after 3 tries",
    });
    expect(await ledger().claim(input, { leaseMs: LEASE, now: at(30_000) })).toMatchObject({ status: "claimed", attempt: 3 });
  });

  it("gives up on a key that failed as many times as allowed", async () => {
    const input = nudge();
    for (let i = 1; i <= 3; i++) {
      const token = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: at(i), maxAttempts: 3 }));
      await ledger().markFailed(input.key, token, `failure ${i}`, at(i));
    }
    expect(await ledger().claim(input, { leaseMs: LEASE, now: at(10), maxAttempts: 3 })).toEqual({
      status: "closed",
      state: "failed",
      attempts: 3,
      lastError: "failure 3",
    });
    // A later release allowing more attempts may try again.
    expect((await ledger().claim(input, { leaseMs: LEASE, now: at(11), maxAttempts: 4 })).status).toBe("claimed");
  });

  it("closes a key as blocked or unreachable for good", async () => {
    for (const state of ["blocked", "unreachable"] as const) {
      const input = nudge();
      const token = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: T0 }));
      expect(await ledger().close(input.key, token, state, `403 MessageWritesBlocked (${state})`, at(1))).toBe(true);
      expect(await ledger().claim(input, { leaseMs: LEASE, now: at(10 * LEASE), maxAttempts: 100 })).toEqual({
        status: "closed",
        state,
        attempts: 1,
        lastError: `403 MessageWritesBlocked (${state})`,
      });
      expect(await ledger().markFailed(input.key, token, "late", at(2))).toBe(false);
    }
  });

  it("refuses outcomes from a wrong token and unusable arguments", async () => {
    const input = nudge();
    await ledger().claim(input, { leaseMs: LEASE, now: T0 });
    expect(await ledger().markSent(input.key, "not-the-token", { activityId: "a", conversationId: "c" }, at(1))).toBe(false);
    expect(await ledger().markFailed(uid("missing"), "token", "x", at(1))).toBe(false);
    await expect(ledger().claim({ ...nudge(), key: "" }, { leaseMs: LEASE, now: T0 })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(ledger().claim(nudge(), { leaseMs: 0, now: T0 })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(ledger().claim(nudge(), { leaseMs: LEASE, now: new Date("nope") })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(ledger().close(input.key, "t", "failed" as never, "x", T0)).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("lists a person's nudges newest first and counts keys by state", async () => {
    const person = uid("person");
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      const input = nudge({ recipientAadObjectId: person });
      keys.push(input.key);
      const token = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: at(i) }));
      if (i === 0) await ledger().markSent(input.key, token, { activityId: `a${i}`, conversationId: "c" }, at(10));
      if (i === 1) await ledger().markFailed(input.key, token, "x", at(11));
    }
    expect((await ledger().listByRecipient(person)).map((r) => r.key)).toEqual([keys[1], keys[0], keys[2]]);
    expect(await ledger().countByState(keys)).toEqual({ claimed: 1, sent: 1, failed: 1, blocked: 0, unreachable: 0 });
  });

  it("forgets settled keys older than a cutoff and keeps the rest", async () => {
    const base = at(1_000_000_000);
    const later = (ms: number) => new Date(base.getTime() + ms);
    const old = nudge();
    const open = nudge();
    await ledger().markSent(old.key, tokenOf(await ledger().claim(old, { leaseMs: LEASE, now: base })), { activityId: "a", conversationId: "c" }, base);
    await ledger().claim(open, { leaseMs: LEASE, now: base });
    expect(await ledger().deleteSettledBefore(later(1))).toBeGreaterThanOrEqual(1);
    expect(await ledger().get(old.key)).toBeUndefined();
    expect((await ledger().get(open.key))?.state).toBe("claimed");
  });

  it("lets exactly one of two processes claim each key when both claim the same keys at once", async () => {
    const peer = new NudgeLedger(await store().connectPeer());
    const inputs = Array.from({ length: 200 }, () => nudge());
    const claimAll = (l: NudgeLedger) => Promise.all(inputs.map((input) => l.claim(input, { leaseMs: LEASE, now: T0 })));
    const [mine, theirs] = await Promise.all([claimAll(ledger()), claimAll(peer)]);
    for (let i = 0; i < inputs.length; i++) {
      expect([mine[i]!.status, theirs[i]!.status].sort()).toEqual(["busy", "claimed"]);
    }
  });

  it("lets exactly one of many concurrent claimers take over an expired lease or a failed key", async () => {
    const peer = new NudgeLedger(await store().connectPeer());
    for (let round = 0; round < 6; round++) {
      const input = nudge();
      const token = tokenOf(await ledger().claim(input, { leaseMs: LEASE, now: T0 }));
      if (round % 2 === 1) await ledger().markFailed(input.key, token, "x", at(1));
      const later = at(LEASE + 1);
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? ledger() : peer).claim(input, { leaseMs: LEASE, now: later })));
      expect(claims.filter((c) => c.status === "claimed")).toHaveLength(1);
      expect(claims.filter((c) => c.status === "busy")).toHaveLength(9);
    }
  });
});

describe.each(storeBackends())("NudgeReachability on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const reach = () => new NudgeReachability(store().db);

  it("records a blocked person with the reason, and forgets them when cleared", async () => {
    const person = uid("person");
    expect(await reach().get(person)).toBeUndefined();
    expect(await reach().markBlocked(person, "Teams answered 403 MessageWritesBlocked", T0)).toEqual({
      aadObjectId: person,
      status: "blocked",
      reason: "Teams answered 403 MessageWritesBlocked",
      retryAt: null,
      since: T0,
      updatedAt: T0,
    });
    expect(await reach().clear(person)).toBe(true);
    expect(await reach().clear(person)).toBe(false);
    expect(await reach().get(person)).toBeUndefined();
  });

  it("keeps `since` while the status lasts and restarts it when the status changes", async () => {
    const person = uid("person");
    await reach().markUnreachable(person, "install failed: 403", T0, at(LEASE));
    expect(await reach().markUnreachable(person, "install failed again", at(10), at(2 * LEASE))).toMatchObject({
      status: "unreachable",
      reason: "install failed again",
      retryAt: at(2 * LEASE),
      since: T0,
      updatedAt: at(10),
    });
    expect(await reach().markBlocked(person, "403", at(20))).toMatchObject({ status: "blocked", retryAt: null, since: at(20) });
  });

  it("reads many people at once and lists them for the owners' digest, newest first", async () => {
    const [a, b, c] = [uid("a"), uid("b"), uid("c")];
    const base = at(2_000_000_000);
    await reach().markBlocked(a, "blocked", base);
    await reach().markUnreachable(b, "no Teams license", new Date(base.getTime() + 1), new Date(base.getTime() + LEASE));
    const many = await reach().getMany([a, b, c, a]);
    expect([...many.keys()].sort()).toEqual([a, b].sort());
    const listed = await reach().list({ limit: 2 });
    expect(listed.map((r) => r.aadObjectId)).toEqual([b, a]);
    expect((await reach().list({ status: "unreachable", limit: 1 }))[0]?.aadObjectId).toBe(b);
    expect(await reach().getMany([])).toEqual(new Map());
  });

  it("finds the tenant's connector address in its latest conversation reference", async () => {
    const tenant = uid("tenant");
    expect(await reach().latestServiceUrl(tenant)).toBeNull();
    const references = new ConversationReferences(store().db);
    await references.upsert({ tenantId: tenant, aadObjectId: uid("p"), conversationId: "a:1", reference: { serviceUrl: "https://smba.trafficmanager.net/emea/" } }, T0);
    await references.upsert({ tenantId: tenant, aadObjectId: uid("p"), conversationId: "a:2", reference: { serviceUrl: "https://smba.trafficmanager.net/amer/" } }, at(1));
    await references.upsert({ tenantId: tenant, aadObjectId: uid("p"), conversationId: "a:3", reference: { channelId: "msteams" } }, at(2));
    expect(await reach().latestServiceUrl(tenant)).toBe("https://smba.trafficmanager.net/amer/");
  });
});

describe.each(storeBackends())("NudgePacing on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const pacing = () => new NudgePacing(store().db);
  const NOW = 1_800_000_000_000;

  it("hands out slots one interval apart, at once after a quiet spell", async () => {
    const scope = uid("tenant");
    const slots = [];
    for (let i = 0; i < 4; i++) slots.push(await pacing().reserve(scope, 20, 0, NOW));
    expect(slots).toEqual([NOW, NOW + 20, NOW + 40, NOW + 60]);
    expect(await pacing().reserve(scope, 20, 0, NOW + 10_000)).toBe(NOW + 10_000);
  });

  it("reserves a block of slots in one statement", async () => {
    const scope = uid("tenant");
    expect(await pacing().reserve(scope, 20, 0, NOW, 5)).toBe(NOW);
    expect(await pacing().reserve(scope, 20, 0, NOW, 5)).toBe(NOW + 100);
    expect(await pacing().reserve(scope, 20, 0, NOW)).toBe(NOW + 200);
    await expect(pacing().reserve(scope, 20, 0, NOW, 0)).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("allows a burst within the tolerance, then paces", async () => {
    const scope = uid("tenant");
    const slots = [];
    for (let i = 0; i < 5; i++) slots.push(await pacing().reserve(scope, 20, 40, NOW));
    expect(slots).toEqual([NOW, NOW, NOW, NOW + 20, NOW + 40]);
  });

  it("gives no slot before a pause ends", async () => {
    const scope = uid("tenant");
    await pacing().reserve(scope, 20, 0, NOW);
    await pacing().pauseUntil(scope, NOW + 2_000);
    expect(await pacing().reserve(scope, 20, 0, NOW + 5)).toBe(NOW + 2_000);
    expect(await pacing().reserve(scope, 20, 0, NOW + 6)).toBe(NOW + 2_020);
    await pacing().pauseUntil(uid("fresh"), NOW);
  });

  it("never hands one slot to two processes", async () => {
    const peer = new NudgePacing(await store().connectPeer());
    const scope = uid("tenant");
    const slots = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? pacing() : peer).reserve(scope, 10, 0, NOW)));
    expect(new Set(slots).size).toBe(40);
    expect(Math.max(...slots) - Math.min(...slots)).toBe(390);
  });
});
