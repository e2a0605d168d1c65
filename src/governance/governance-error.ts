/** What went wrong talking to Entra, in terms the rest of the bot can act on. */
export type GovernanceErrorCode =
  | "NotFound"
  | "Forbidden"
  | "Conflict"
  | "BadRequest"
  | "Throttled"
  | "Unavailable"
  | "Timeout"
  | "SignInRequired"
  | "Unexpected";

/**
 * A Graph failure mapped at the gateway's edge. `message` is Graph's own (for logs and audit);
 * `describeGovernanceError` gives the sentence a person sees.
 */
export class GovernanceError extends Error {
  override readonly name = "GovernanceError";
  constructor(
    readonly code: GovernanceErrorCode,
    message: string,
    readonly details: { status?: number; graphCode?: string | null; requestId?: string | null; retryAfterSeconds?: number | null } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The plain sentence a person reads in chat for a failed Graph call. */
export function describeGovernanceError(error: GovernanceError, doing: string): string {
  switch (error.code) {
    case "NotFound":
      return `I couldn't ${doing}: Entra no longer has it (it may have been removed or completed).`;
    case "Forbidden":
      return `I couldn't ${doing}: Entra says you're not allowed to. ${error.message}`;
    case "Conflict":
      return `I couldn't ${doing}: it was already decided or changed by someone else.`;
    case "BadRequest":
      return `Entra refused to ${doing}: ${error.message}`;
    case "Throttled":
      return `Microsoft Entra is busy right now, so I couldn't ${doing}. Nothing was changed; try again in ${Math.max(1, error.details.retryAfterSeconds ?? 30)} seconds.`;
    case "Unavailable":
      return `Microsoft Entra isn't answering right now, so I couldn't ${doing}. Nothing was changed on my side; try again in a minute.`;
    case "Timeout":
      return `Microsoft Entra took too long to answer while I tried to ${doing}. I'll check what happened: look at "my access" in a minute before trying again.`;
    case "SignInRequired":
      return `I need you to sign in before I can ${doing} for you.`;
    default:
      return `Something went wrong while I tried to ${doing}. It's logged; try again, and tell your admin if it keeps happening.`;
  }
}
