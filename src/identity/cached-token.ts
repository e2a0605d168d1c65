import type { AccessToken } from "@azure/identity";

/** Refresh this long before a token's expiry, so no call leaves with one about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Keeps the last token from `fetch` until shortly before it expires, and shares one fetch among callers
 * that ask at the same time. @azure/identity caches too, but every `getToken` still walks MSAL's silent
 * flow (cache lookup, URL parsing, telemetry), which profiling showed costs more than the Graph call
 * it authorises.
 */
export function cachedToken(fetch: () => Promise<AccessToken | null>, now: () => number = Date.now): () => Promise<string> {
  let current: AccessToken | null = null;
  let pending: Promise<string> | null = null;
  return () => {
    if (current && current.expiresOnTimestamp - REFRESH_MARGIN_MS > now()) return Promise.resolve(current.token);
    pending ??= fetch()
      .then((token) => {
        if (!token) throw new Error("The credential returned no token.");
        current = token;
        return token.token;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}
