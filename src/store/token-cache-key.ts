import { scryptSync } from "node:crypto";
import { StoreError } from "./store-error.js";

/** AES-256 needs exactly this many key bytes. */
export const TOKEN_CACHE_KEY_BYTES = 32;

// A passphrase is stretched with scrypt so a guessable one costs an attacker real work per guess. The
// salt is fixed because the key must be derivable before the database can be read; it only separates
// this use of the passphrase from any other.
const SALT = "gatepass/token-cache/v1";
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const MIN_PASSPHRASE_LENGTH = 16;

/**
 * The token cache's AES-256 key from configuration: 32 raw bytes as they are, or a text passphrase
 * (16+ characters) stretched with scrypt. The same passphrase always gives the same key, so the bot
 * reads what it wrote before a restart.
 */
export function deriveTokenCacheKey(secret: Uint8Array | string): Buffer {
  if (typeof secret === "string") {
    if (secret.length < MIN_PASSPHRASE_LENGTH) {
      throw new StoreError(
        "token_cache_key_invalid",
        `The token cache passphrase has ${secret.length} characters; use at least ${MIN_PASSPHRASE_LENGTH} (e.g. the output of 'openssl rand -base64 32').`,
      );
    }
    return scryptSync(secret, SALT, TOKEN_CACHE_KEY_BYTES, SCRYPT);
  }
  if (secret.byteLength !== TOKEN_CACHE_KEY_BYTES) {
    throw new StoreError(
      "token_cache_key_invalid",
      `The token cache key has ${secret.byteLength} bytes; AES-256 needs exactly ${TOKEN_CACHE_KEY_BYTES}. Give 32 random bytes or a passphrase.`,
    );
  }
  return Buffer.from(secret);
}
