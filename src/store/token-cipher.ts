import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { StoreError } from "./store-error.js";

// Sealed layout: version (1 byte) | IV (12 bytes) | GCM tag (16 bytes) | ciphertext.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * Encrypts `plaintext` with AES-256-GCM under a fresh random IV. The cache key is bound in as
 * associated data, so a sealed value copied to another row does not decrypt there.
 */
export function sealTokenCacheValue(key: Buffer, cacheKey: string, plaintext: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(cacheKey));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]);
}

/** Decrypts and authenticates what `sealTokenCacheValue` produced; throws `token_cache_undecryptable` otherwise. */
export function openTokenCacheValue(key: Buffer, cacheKey: string, sealed: Buffer): string {
  if (sealed.length < HEADER_BYTES || sealed[0] !== VERSION) {
    throw undecryptable("it is not in the expected format", undefined);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(cacheKey));
    decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, HEADER_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]).toString("utf8");
  } catch (error) {
    throw undecryptable("it was written under a different key or altered", error);
  }
}

function associatedData(cacheKey: string): Buffer {
  return Buffer.from(`gatepass.token-cache.v1:${cacheKey}`, "utf8");
}

function undecryptable(why: string, cause: unknown): StoreError {
  // The cache key is left out of the message: it identifies a person's account.
  return new StoreError(
    "token_cache_undecryptable",
    `A token cache entry cannot be decrypted: ${why}. Treat it as a cache miss (the person signs in again); if the key was changed on purpose, old entries stay unreadable until overwritten.`,
    { cause },
  );
}
