import type { CardSpec } from "./card-spec.js";

/** Where a card was posted: enough to update it later. */
export interface PostedMessage {
  conversationId: string;
  activityId: string;
}

/**
 * Sends and updates cards in people's personal chats, outside of a turn. The Teams layer implements it
 * over the Bot Framework connector.
 */
export interface Notifier {
  /** Posts a card to the person's 1:1 chat; null when the bot cannot reach them (never opened it). */
  postCard(userId: string, card: CardSpec): Promise<PostedMessage | null>;
  /** Replaces a card the bot posted in the person's chat. */
  updateCard(userId: string, message: PostedMessage, card: CardSpec): Promise<void>;
}
