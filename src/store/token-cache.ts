import { requireDate, requireText } from "./argument-checks.js";
import { readBytes } from "./column-readers.js";
import type { Queryable } from "./db.js";
import { deriveTokenCacheKey } from "./token-cache-key.js";
import { openTokenCacheValue, sealTokenCacheValue } from "./token-cipher.js";

/**
 * Key/value storage for MSAL's delegated-token cache (one serialized cache per key, typically per
 * person), encrypted at rest with AES-256-GCM: the database only ever sees ciphertext.
 *
 * A value written under another key, or altered, makes `get` throw a StoreError with code
 * `token_cache_undecryptable`; callers should treat it as a cache miss.
 */
export class TokenCache {
  private readonly key: Buffer;

  /** `encryptionKey`: 32 raw bytes, or a passphrase of 16+ characters (stretched with scrypt, ~0.1 s). */
  constructor(
    private readonly db: Queryable,
    encryptionKey: Uint8Array | string,
  ) {
    this.key = deriveTokenCacheKey(encryptionKey);
  }

  /** The decrypted value, or undefined when nothing is stored under `cacheKey`. */
  async get(cacheKey: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ sealed: unknown }>("SELECT sealed FROM token_cache WHERE cache_key = $1", [
      requireText(cacheKey, "cacheKey"),
    ]);
    const row = rows[0];
    return row === undefined ? undefined : openTokenCacheValue(this.key, cacheKey, readBytes(row.sealed));
  }

  /** Encrypts and stores `value` under `cacheKey`, replacing what was there. */
  async set(cacheKey: string, value: string, now: Date): Promise<void> {
    requireText(cacheKey, "cacheKey");
    await this.db.query(
      `INSERT INTO token_cache (cache_key, sealed, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (cache_key) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at`,
      [cacheKey, sealTokenCacheValue(this.key, cacheKey, value), requireDate(now, "now")],
    );
  }

  /** Removes the value (sign-out); false when there was none. */
  async delete(cacheKey: string): Promise<boolean> {
    const { rowCount } = await this.db.query("DELETE FROM token_cache WHERE cache_key = $1", [requireText(cacheKey, "cacheKey")]);
    return rowCount > 0;
  }
}
