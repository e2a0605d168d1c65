import { describe, expect, it } from "vitest";
import { IdempotencyKeys, type ClaimOutcome } from "../../../src/store/idempotency-keys.js";
import { StoreError } from "../../../src/store/store-error.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

const LEASE = 30_000;

function tokenOf(outcome: ClaimOutcome): string {
  if (outcome.status !== "claimed") throw new Error(`Expected a claim, got ${outcome.status}.`);
  return outcome.token;
}

describe.each(storeBackends())("IdempotencyKeys on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const keys = () => new IdempotencyKeys(store().db);

  it("claims a new key for the lease", async () => {
    const outcome = await keys().claim(uid("invoke"), LEASE, T0);
    expect(outcome).toEqual({ status: "claimed", token: expect.any(String), leaseExpiresAt: at(LEASE) });
  });

  it("answers busy while another holder's lease is live", async () => {
    const key = uid("invoke");
    await keys().claim(key, LEASE, T0);
    expect(await keys().claim(key, LEASE, at(LEASE - 1))).toEqual({ status: "busy", leaseExpiresAt: at(LEASE) });
  });

  it("answers done with the stored result once completed", async () => {
    const key = uid("invoke");
    const token = tokenOf(await keys().claim(key, LEASE, T0));
    const result = { decision: "Approve", stages: [1, 2], note: "ünïcode ✓", none: null };
    expect(await keys().complete(key, token, result, at(1000))).toBe(true);
    // Even long after the lease: a done key stays done.
    expect(await keys().claim(key, LEASE, at(10 * LEASE))).toEqual({ status: "done", result, completedAt: at(1000) });
  });

  it("stores a null result as done with null", async () => {
    const key = uid("invoke");
    const token = tokenOf(await keys().claim(key, LEASE, T0));
    await keys().complete(key, token, null, at(1));
    expect(await keys().claim(key, LEASE, at(2))).toEqual({ status: "done", result: null, completedAt: at(1) });
  });

  it("lets the key be claimed again after its holder releases it", async () => {
    const key = uid("invoke");
    const token = tokenOf(await keys().claim(key, LEASE, T0));
    expect(await keys().release(key, token)).toBe(true);
    expect((await keys().claim(key, LEASE, at(1))).status).toBe("claimed");
  });

  it("hands an expired lease to a new claimer (crash recovery), from the instant it expires", async () => {
    const key = uid("nudge");
    const first = tokenOf(await keys().claim(key, LEASE, T0));
    const second = await keys().claim(key, LEASE, at(LEASE));
    expect(second).toEqual({ status: "claimed", token: expect.any(String), leaseExpiresAt: at(2 * LEASE) });
    expect(tokenOf(second)).not.toBe(first);
  });

  it("refuses complete and release from a holder whose expired lease was taken over", async () => {
    const key = uid("nudge");
    const stale = tokenOf(await keys().claim(key, LEASE, T0));
    const current = tokenOf(await keys().claim(key, LEASE, at(LEASE + 1)));
    expect(await keys().release(key, stale)).toBe(false);
    expect(await keys().complete(key, stale, { by: "stale" }, at(LEASE + 2))).toBe(false);
    expect((await keys().claim(key, LEASE, at(LEASE + 3))).status).toBe("busy");
    expect(await keys().complete(key, current, { by: "current" }, at(LEASE + 4))).toBe(true);
    expect(await keys().claim(key, LEASE, at(LEASE + 5))).toMatchObject({ status: "done", result: { by: "current" } });
  });

  it("accepts a late complete when nobody claimed the key since the lease expired", async () => {
    const key = uid("invoke");
    const token = tokenOf(await keys().claim(key, LEASE, T0));
    expect(await keys().complete(key, token, "sent", at(5 * LEASE))).toBe(true);
    expect(await keys().claim(key, LEASE, at(6 * LEASE))).toMatchObject({ status: "done", result: "sent" });
  });

  it("refuses a wrong token, a second complete, and releasing a completed key", async () => {
    const key = uid("invoke");
    const token = tokenOf(await keys().claim(key, LEASE, T0));
    expect(await keys().complete(key, "not-the-token", 1, at(1))).toBe(false);
    expect(await keys().complete(key, token, 1, at(2))).toBe(true);
    expect(await keys().complete(key, token, 2, at(3))).toBe(false);
    expect(await keys().release(key, token)).toBe(false);
    expect(await keys().claim(key, LEASE, at(4))).toMatchObject({ status: "done", result: 1 });
  });

  it("answers false when completing or releasing an unknown key", async () => {
    expect(await keys().complete(uid("missing"), "token", 1, T0)).toBe(false);
    expect(await keys().release(uid("missing"), "token")).toBe(false);
  });

  it("forgets completed keys older than a cutoff, and nothing else", async () => {
    const base = at(1_000_000_000); // far from other tests' instants, whose keys this also deletes
    const old = uid("old");
    const recent = uid("recent");
    const open = uid("open");
    await keys().complete(old, tokenOf(await keys().claim(old, LEASE, base)), 1, base);
    await keys().complete(recent, tokenOf(await keys().claim(recent, LEASE, base)), 1, new Date(base.getTime() + 10_000));
    await keys().claim(open, LEASE, base);
    expect(await keys().deleteCompletedBefore(new Date(base.getTime() + 5_000))).toBeGreaterThanOrEqual(1);
    expect((await keys().claim(old, LEASE, new Date(base.getTime() + 20_000))).status).toBe("claimed");
    expect((await keys().claim(recent, LEASE, new Date(base.getTime() + 20_000))).status).toBe("done");
    expect((await keys().claim(open, LEASE, new Date(base.getTime() + 20_000))).status).toBe("busy");
  });

  it("rejects unusable arguments with invalid_argument", async () => {
    for (const lease of [0, -1, 1.5, Number.NaN, 25 * 60 * 60 * 1000]) {
      await expect(keys().claim(uid("k"), lease, T0)).rejects.toMatchObject({ code: "invalid_argument" });
    }
    await expect(keys().claim("", LEASE, T0)).rejects.toBeInstanceOf(StoreError);
    await expect(keys().claim(uid("k"), LEASE, new Date("nope"))).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(keys().complete(uid("k"), "t", () => 1, T0)).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("lets exactly one of two processes claim a new key, every time", async () => {
    const peer = new IdempotencyKeys(await store().connectPeer());
    for (let round = 0; round < 20; round++) {
      const key = uid("race");
      const outcomes = await Promise.all([keys().claim(key, LEASE, T0), peer.claim(key, LEASE, T0)]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["busy", "claimed"]);
    }
  });

  it("lets exactly one of many concurrent claimers take over an expired lease", async () => {
    const peer = new IdempotencyKeys(await store().connectPeer());
    for (let round = 0; round < 5; round++) {
      const key = uid("takeover");
      await keys().claim(key, LEASE, T0);
      const later = at(LEASE + 1);
      const claimers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? keys() : peer).claim(key, LEASE, later));
      const statuses = (await Promise.all(claimers)).map((outcome) => outcome.status);
      expect(statuses.filter((status) => status === "claimed")).toHaveLength(1);
      expect(statuses.filter((status) => status === "busy")).toHaveLength(9);
    }
  });

  it("never answers claimed to a concurrent claimer once one completed", async () => {
    const peer = new IdempotencyKeys(await store().connectPeer());
    const key = uid("race-complete");
    const token = tokenOf(await keys().claim(key, LEASE, T0));
    const [completed, ...claims] = await Promise.all([
      keys().complete(key, token, "ok", at(1)),
      peer.claim(key, LEASE, at(LEASE + 1)),
      peer.claim(key, LEASE, at(LEASE + 1)),
    ]);
    // Either the complete won (both see done) or one claimer took the expired lease first (complete refused).
    const statuses = claims.map((claim) => claim.status).sort();
    if (completed) expect(statuses).toEqual(["done", "done"]);
    else expect(statuses).toEqual(["busy", "claimed"]);
  });
});
