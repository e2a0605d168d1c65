/**
 * Why a message did not reach a person's chat, in terms a sender can act on:
 * - `Throttled`: 429; wait `retryAfterSeconds` (or back off) and try the same message again.
 * - `Blocked`: 403 (e.g. `MessageWritesBlocked`): the person blocked or removed the bot; stop sending to them.
 * - `NotFound`: 404; the conversation or message is gone.
 * - `Rejected`: another 4xx; the request itself is wrong (a bug or a configuration problem).
 * - `Unavailable`: 412, 5xx, or the connector could not be reached; a later try may work.
 * - `Unreachable`: the bot could not open a chat with the person (installing the app or creating the
 *   conversation failed for a reason a retry will not fix soon).
 * - `NoConversation`: the bot has no conversation with the person.
 * - `Unexpected`: anything else.
 */
export type DeliveryErrorCode = "Throttled" | "Blocked" | "NotFound" | "Rejected" | "Unavailable" | "Unreachable" | "NoConversation" | "Unexpected";

/** What the Bot Connector (or the step that failed) said. */
export interface DeliveryErrorDetails {
  /** The connector's HTTP status; null when no answer came (transport failure) or no call was made. */
  status?: number | null;
  /** The connector's Retry-After, in seconds, when it sent one. */
  retryAfterSeconds?: number | null;
  /** The connector's own error code, e.g. `MessageWritesBlocked`. */
  connectorCode?: string | null;
}

/** A send, update or chat creation through the Bot Connector failed. */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  readonly status: number | null;
  readonly retryAfterSeconds: number | null;
  readonly connectorCode: string | null;

  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    details: DeliveryErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = details.status ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.connectorCode = details.connectorCode ?? null;
  }

  /** True when trying again later may succeed. */
  get isTransient(): boolean {
    return this.code === "Throttled" || this.code === "Unavailable";
  }
}

/** The connector's status mapped to a code. */
export function deliveryCodeOf(status: number | null): DeliveryErrorCode {
  if (status === null || status === 0) return "Unavailable";
  if (status === 429) return "Throttled";
  if (status === 403) return "Blocked";
  if (status === 404) return "NotFound";
  if (status === 412 || status >= 500) return "Unavailable";
  if (status >= 400) return "Rejected";
  return "Unexpected";
}

/**
 * Reads a Retry-After header: delta seconds, or an HTTP date relative to `nowMs`. Null when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - nowMs) / 1000);
}
