import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readBytes } from "../../../src/store/column-readers.js";
import { isStoreError } from "../../../src/store/store-error.js";
import { deriveTokenCacheKey } from "../../../src/store/token-cache-key.js";
import { TokenCache } from "../../../src/store/token-cache.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

const KEY = randomBytes(32);
const PASSPHRASE = "correct horse battery staple, but longer";

/** A serialized MSAL token cache, as the cache plugin hands it over. */
function msalCache(secret: string): string {
  return JSON.stringify({
    Account: { "uid.utid-login.microsoftonline.com-utid": { username: "megan@contoso.com", home_account_id: "uid.utid" } },
    AccessToken: { "uid.utid-login.microsoftonline.com-accesstoken-client-utid-scopes": { secret, credential_type: "AccessToken" } },
    RefreshToken: { "uid.utid-login.microsoftonline.com-refreshtoken-client--": { secret: `${secret}-refresh` } },
  });
}

describe("deriveTokenCacheKey", () => {
  it("uses 32 raw bytes as they are and stretches a passphrase to 32 bytes, the same each time", () => {
    expect(deriveTokenCacheKey(KEY).equals(KEY)).toBe(true);
    const derived = deriveTokenCacheKey(PASSPHRASE);
    expect(derived).toHaveLength(32);
    expect(deriveTokenCacheKey(PASSPHRASE).equals(derived)).toBe(true);
    expect(deriveTokenCacheKey(`${PASSPHRASE}!`).equals(derived)).toBe(false);
  });

  it("refuses keys of the wrong size and short passphrases with an actionable message", () => {
    for (const bad of [randomBytes(31), randomBytes(33), "too short"]) {
      let caught: unknown;
      try {
        deriveTokenCacheKey(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: "token_cache_key_invalid", message: expect.stringMatching(/32|16/) });
    }
  });
});

describe.each(storeBackends())("TokenCache on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const cache = (key: Uint8Array | string = KEY) => new TokenCache(store().db, key);
  async function sealedOf(cacheKey: string): Promise<Buffer> {
    const { rows } = await store().db.query<{ sealed: unknown }>("SELECT sealed FROM token_cache WHERE cache_key = $1", [cacheKey]);
    return readBytes(rows[0]?.sealed);
  }

  it("answers undefined for a key never written", async () => {
    expect(await cache().get(uid("cache"))).toBeUndefined();
  });

  it("gives back exactly what was written, replacing earlier values", async () => {
    const cacheKey = uid("cache");
    await cache().set(cacheKey, msalCache("eyJ0eXAi.first"), T0);
    expect(await cache().get(cacheKey)).toBe(msalCache("eyJ0eXAi.first"));
    const large = msalCache(`ünïcode ✓ ${"x".repeat(200_000)}`);
    await cache().set(cacheKey, large, at(1000));
    expect(await cache().get(cacheKey)).toBe(large);
    await cache().set(cacheKey, "", at(2000));
    expect(await cache().get(cacheKey)).toBe("");
  });

  it("stores ciphertext only: neither the tokens nor any other part of the value appear in the row", async () => {
    const cacheKey = uid("cache");
    const secret = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-access-token";
    await cache().set(cacheKey, msalCache(secret), T0);
    const { rows } = await store().db.query<{ row: string }>("SELECT t::text AS row FROM token_cache t WHERE cache_key = $1", [cacheKey]);
    const sealed = await sealedOf(cacheKey);
    for (const haystack of [rows[0]?.row ?? "", sealed.toString("latin1"), sealed.toString("utf8")]) {
      for (const needle of [secret, "megan@contoso.com", "AccessToken", "RefreshToken"]) expect(haystack).not.toContain(needle);
    }
    // bytea renders as hex in the row's text form, so look for the secret's bytes in hex too.
    expect(rows[0]?.row).not.toContain(Buffer.from(secret).toString("hex"));
  });

  it("uses a fresh IV per write: the same value never seals the same way twice", async () => {
    const cacheKey = uid("cache");
    await cache().set(cacheKey, "same value", T0);
    const first = await sealedOf(cacheKey);
    await cache().set(cacheKey, "same value", T0);
    const second = await sealedOf(cacheKey);
    expect(first.equals(second)).toBe(false);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
  });

  it("fails with token_cache_undecryptable under a different key, so the caller can treat it as a miss", async () => {
    const cacheKey = uid("cache");
    await cache().set(cacheKey, msalCache("t"), T0);
    const error = await cache(randomBytes(32))
      .get(cacheKey)
      .catch((e: unknown) => e);
    expect(isStoreError(error, "token_cache_undecryptable")).toBe(true);
    expect((error as Error).message).toMatch(/cache miss/);
    expect((error as Error).message).not.toContain(cacheKey); // it identifies a person's account
  });

  it("reads values across instances configured with the same passphrase, and not with another", async () => {
    const cacheKey = uid("cache");
    await cache(PASSPHRASE).set(cacheKey, "shared", T0);
    expect(await cache(PASSPHRASE).get(cacheKey)).toBe("shared");
    await expect(cache(`${PASSPHRASE}?`).get(cacheKey)).rejects.toMatchObject({ code: "token_cache_undecryptable" });
  });

  it("detects a value altered in the database or moved to another key's row", async () => {
    const [tampered, victim, donor] = [uid("cache"), uid("cache"), uid("cache")];
    await cache().set(tampered, "value", T0);
    const sealed = await sealedOf(tampered);
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 0x01;
    await store().db.query("UPDATE token_cache SET sealed = $2 WHERE cache_key = $1", [tampered, sealed]);
    await expect(cache().get(tampered)).rejects.toMatchObject({ code: "token_cache_undecryptable" });

    await cache().set(victim, "victim's", T0);
    await cache().set(donor, "donor's", T0);
    await store().db.query("UPDATE token_cache SET sealed = $2 WHERE cache_key = $1", [victim, await sealedOf(donor)]);
    await expect(cache().get(victim)).rejects.toMatchObject({ code: "token_cache_undecryptable" });

    await store().db.query("UPDATE token_cache SET sealed = $2 WHERE cache_key = $1", [victim, Buffer.from("short")]);
    await expect(cache().get(victim)).rejects.toMatchObject({ code: "token_cache_undecryptable" });
  });

  it("deletes a value, answering whether there was one", async () => {
    const cacheKey = uid("cache");
    await cache().set(cacheKey, "value", T0);
    expect(await cache().delete(cacheKey)).toBe(true);
    expect(await cache().get(cacheKey)).toBeUndefined();
    expect(await cache().delete(cacheKey)).toBe(false);
  });
});
