import type { CardSpec } from "../card-spec.js";
import type { PostedMessage } from "../notifier.js";

/** A person's 1:1 chat with the bot, as the Teams layer can send to it. */
export interface PersonalChat {
  readonly userId: string;
  readonly conversationId: string;
  /** The Teams layer's own record of the chat (a Bot Framework conversation reference); opaque here. */
  readonly reference: Readonly<Record<string, unknown>>;
}

/**
 * People's 1:1 chats with the bot, for senders that pace and retry themselves. Implemented by the Teams
 * layer over the Bot Connector. Every failure is a `DeliveryError`.
 */
export interface PersonalChats {
  /** The stored chats of those of `userIds` the bot has talked with. */
  findChats(userIds: readonly string[]): Promise<Map<string, PersonalChat>>;
  /**
   * Opens the chat with someone the bot never talked to (the app must be installed for them) and stores
   * it, so later sends find it.
   */
  openChat(userId: string): Promise<PersonalChat>;
  /** Posts a card once: no retries of its own, so a 429 comes back to the caller with its Retry-After. */
  sendCard(chat: PersonalChat, card: CardSpec): Promise<PostedMessage>;
}

/** What installing the bot's Teams app for a person gave. */
export interface AppInstallation {
  /** Graph's id of the installation in the person's personal scope; null when it was not read back. */
  installationId: string | null;
  /** The 1:1 chat between the person and the bot (Graph's chat id); null when it could not be read. */
  chatId: string | null;
  /** The app was installed for them already (Graph answered 409). */
  alreadyInstalled: boolean;
}

/**
 * Installs the bot's Teams app for a person through Microsoft Graph (app-only), so the bot can open a
 * chat with them. Failures are `GovernanceError`s.
 */
export interface AppInstaller {
  installFor(userId: string): Promise<AppInstallation>;
}
