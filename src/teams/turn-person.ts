import type { TurnContext } from "botbuilder";

/** Who is talking to the bot in this turn, from what Teams (not the card's data) says. */
export interface TurnPerson {
  aadObjectId: string;
  name: string;
  tenantId: string;
  conversationId: string;
}

/**
 * Reads the person from the activity. `action.data` comes from the client and is never trusted for
 * identity; `from.aadObjectId` and the tenant in channelData are what Teams vouches for.
 */
export function turnPerson(context: TurnContext): TurnPerson | null {
  const a = context.activity;
  const aadObjectId = a.from?.aadObjectId;
  const tenantId = (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
  if (!aadObjectId || !tenantId) return null;
  return { aadObjectId, name: a.from.name ?? "", tenantId, conversationId: a.conversation.id };
}
