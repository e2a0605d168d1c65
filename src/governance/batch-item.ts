import type { BatchResponse } from "./graph-http.js";
import { GovernanceError, type GovernanceErrorCode } from "./governance-error.js";

/** True when a `$batch` item succeeded. */
export function isBatchSuccess(response: BatchResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/**
 * The body of a successful `$batch` item, or its failure as a GovernanceError, mapped like a plain call's
 * (each item of a batch fails on its own, so each is checked on its own).
 */
export function readBatchItem<T>(response: BatchResponse, doing: string): T {
  if (isBatchSuccess(response)) return response.body as T;
  const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
  const retryAfter = Number(response.headers?.["Retry-After"] ?? response.headers?.["retry-after"] ?? NaN);
  throw new GovernanceError(codeFor(response.status), `${doing}: ${error?.message ?? `Graph answered ${response.status}`}`, {
    status: response.status,
    graphCode: error?.code ?? null,
    requestId: response.headers?.["request-id"] ?? null,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
  });
}

function codeFor(status: number): GovernanceErrorCode {
  if (status === 404) return "NotFound";
  if (status === 403) return "Forbidden";
  if (status === 401) return "SignInRequired";
  if (status === 409) return "Conflict";
  if (status === 429) return "Throttled";
  if (status >= 500) return "Unavailable";
  return status >= 400 ? "BadRequest" : "Unexpected";
}
