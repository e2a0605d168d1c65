import type { Logger } from "pino";
import type { Clock } from "../domain/clock.js";
import { isStoreError } from "../store/store-error.js";
import type { MsalCacheContext, MsalCachePlugin } from "./msal-client.js";

/** The key/value store the plugin writes through: the store's TokenCache (AES-256-GCM at rest). */
export interface SealedKeyValue {
  get(cacheKey: string): Promise<string | undefined>;
  set(cacheKey: string, value: string, now: Date): Promise<void>;
  delete(cacheKey: string): Promise<boolean>;
}

/** An MSAL cache with nothing in it, in MSAL's serialization format. */
export const EMPTY_MSAL_CACHE = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });

/** The row one person's MSAL cache lives in (one partition per person, as MSAL's distributed-cache pattern advises). */
export function tokenCachePartitionKey(tenantId: string, userId: string): string {
  return `msal.v1:${tenantId.toLowerCase()}:${userId.toLowerCase()}`;
}

export interface TokenCachePluginOptions {
  store: SealedKeyValue;
  /** The partition (row key) for the current access, or null when no person is known (nothing is read or written). */
  partition: () => string | null;
  clock: Clock;
  log: Logger;
}

/**
 * MSAL's ICachePlugin over the shared store, one encrypted row per person, so that every bot instance
 * sees the tokens any instance obtained and a restart keeps them.
 *
 * Before each cache access MSAL's in-memory cache is *replaced* by the person's row (an empty cache when
 * there is none, or when the row cannot be decrypted: a changed TOKEN_CACHE_KEY is a cache miss, and the
 * person signs in again); after an access that changed it, the whole in-memory cache is written back to
 * that row. Accesses through one plugin are serialized from `beforeCacheAccess` to `afterCacheAccess`:
 * an MSAL client shared by several people (teams-ai's) must not load one person's row while another
 * person's write is between its two calls, or one person's tokens would land in another's row. (MSAL
 * 2.x does no I/O between the two calls, so today this only costs a queue; nothing in MSAL promises it.)
 */
export class TokenCachePlugin implements MsalCachePlugin {
  private tail: Promise<void> = Promise.resolve();
  private readonly open = new WeakMap<MsalCacheContext, { key: string | null; release: () => void }>();

  constructor(private readonly options: TokenCachePluginOptions) {}

  beforeCacheAccess = async (context: MsalCacheContext): Promise<void> => {
    const release = await this.acquire();
    const key = this.options.partition();
    this.open.set(context, { key, release });
    try {
      const stored = key === null ? undefined : await this.read(key);
      context.tokenCache.deserialize(stored ?? EMPTY_MSAL_CACHE);
    } catch (error) {
      // MSAL still calls afterCacheAccess; with the entry gone it neither writes nor releases twice.
      this.open.delete(context);
      release();
      throw error;
    }
  };

  afterCacheAccess = async (context: MsalCacheContext): Promise<void> => {
    const entry = this.open.get(context);
    if (!entry) return;
    this.open.delete(context);
    try {
      if (!context.cacheHasChanged) return;
      if (entry.key === null) {
        this.options.log.warn("MSAL obtained tokens outside a person's turn; they are not kept");
        return;
      }
      await this.options.store.set(entry.key, context.tokenCache.serialize(), this.options.clock.now());
    } finally {
      entry.release();
    }
  };

  private async read(key: string): Promise<string | undefined> {
    try {
      return await this.options.store.get(key);
    } catch (error) {
      if (isStoreError(error) && error.code === "token_cache_undecryptable") {
        this.options.log.warn({ code: error.code }, "a delegated-token cache entry cannot be decrypted (TOKEN_CACHE_KEY changed?); treating it as empty");
        return undefined;
      }
      throw error;
    }
  }

  /** A FIFO mutex: resolves with the function that lets the next access in. */
  private acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    return previous.then(() => release);
  }
}
