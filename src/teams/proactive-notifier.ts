import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../domain/clock.js";
import type { ConversationReferences, StoredConversationReference } from "../store/conversation-references.js";
import type { CardSpec } from "../use-cases/card-spec.js";
import type { Notifier, PostedMessage } from "../use-cases/notifier.js";
import { DeliveryError, deliveryCodeOf, parseRetryAfter } from "../use-cases/nudges/delivery-error.js";
import type { PersonalChat, PersonalChats } from "../use-cases/nudges/personal-chats.js";
import { renderSpec } from "./cards/render-card.js";

/** Teams' global Bot Connector address; Teams redirects a tenant to its region from there. */
export const TEAMS_DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams/";
/** The audience of the bot's tokens to the Bot Connector (Azure public cloud). */
const BOT_FRAMEWORK_AUDIENCE = "https://api.botframework.com";
// core-rest-pipeline's retry policy: it waits out 429s and retries 5xx POSTs on its own (posting twice).
const SDK_RETRY_POLICY = "defaultRetryPolicy";

/** Options of {@link ProactiveNotifier}. */
export interface ProactiveNotifierOptions {
  /** The bot's account in the chats it opens (`28:<bot app id>`); from the bot app id by default. */
  botId?: string;
  /** Where the tenant's connector address is known: the latest stored conversation reference. */
  serviceUrls?: { latestServiceUrl(tenantId: string): Promise<string | null> };
  /** The connector address when no stored reference gives one (TEAMS_SERVICE_URL). */
  /** Where to open chats before any conversation gave an address; null: nowhere (demo mode). */
  defaultServiceUrl?: string | null;
  /** Stamps the references of chats it opens; the system clock by default. */
  clock?: Clock;
  /** Where updates of cards in chats the person blocked are reported. */
  log?: Logger;
}

/**
 * Proactive messages through the Bot Connector with the conversation references saved when people talk
 * to the bot. Two faces:
 * - `Notifier` for the reconciler: `postCard` (null when the person has no chat with the bot or blocked
 *   it) and `updateCard` (a card in a chat the person blocked or deleted cannot change: logged and
 *   skipped), with botbuilder's own retries as before;
 * - `PersonalChats` for the nudge sender: find, open and send to 1:1 chats, with no retries of botbuilder's
 *   own, so that 429s come back with their Retry-After for the sender's shared pacing.
 * Every connector failure is a `DeliveryError` carrying the status, Retry-After and Teams' error code.
 * An empty bot app id works only against local tools (demo mode).
 */
export class ProactiveNotifier implements Notifier, PersonalChats {
  private readonly botId: string;
  private readonly clock: Clock;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly tenantId: string,
    private readonly references: ConversationReferences,
    private readonly options: ProactiveNotifierOptions = {},
  ) {
    this.botId = options.botId ?? `28:${botAppId}`;
    this.clock = options.clock ?? systemClock;
  }

  async postCard(userId: string, card: CardSpec): Promise<PostedMessage | null> {
    const stored = await this.references.get(this.tenantId, userId);
    if (!stored) return null;
    try {
      return await this.send(stored.reference as Partial<ConversationReference>, card, { sdkRetries: true });
    } catch (error) {
      // Blocked is "cannot reach them", as having no chat is: the reconciler records it and moves on.
      if (error instanceof DeliveryError && error.code === "Blocked") return null;
      throw error;
    }
  }

  async updateCard(userId: string, message: PostedMessage, card: CardSpec): Promise<void> {
    const stored = await this.references.get(this.tenantId, userId);
    if (!stored) throw new DeliveryError("NoConversation", `No conversation reference for ${userId}; cannot update ${message.activityId}.`);
    const reference = { ...(stored.reference as Partial<ConversationReference>) };
    reference.conversation = { ...reference.conversation!, id: message.conversationId };
    try {
      await this.continueWith(reference, true, async (context) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderSpec(card)));
        activity.id = message.activityId;
        await context.updateActivity(activity);
      });
    } catch (error) {
      if (!(error instanceof DeliveryError && (error.code === "Blocked" || error.code === "NotFound"))) throw error;
      this.options.log?.warn({ userId, activityId: message.activityId, status: error.status, code: error.connectorCode }, "card cannot be updated: the chat is blocked or gone");
    }
  }

  async findChats(userIds: readonly string[]): Promise<Map<string, PersonalChat>> {
    const stored = await this.references.listByUsers(this.tenantId, userIds);
    return new Map(stored.map((s) => [s.aadObjectId, chatOf(s)]));
  }

  /**
   * Creates the 1:1 conversation with `createConversationAsync` (the app must be installed for the
   * person: Teams accepts their Entra object id as the member there) and saves its reference.
   */
  async openChat(userId: string): Promise<PersonalChat> {
    const serviceUrl =
      (await this.options.serviceUrls?.latestServiceUrl(this.tenantId)) ??
      (this.options.defaultServiceUrl === null ? null : (this.options.defaultServiceUrl ?? TEAMS_DEFAULT_SERVICE_URL));
    if (serviceUrl === null) {
      // Demo mode before anyone talked to the bot: there is no connector to open a chat through, and
      // Teams' public address is not one a local demo may call.
      throw new DeliveryError("Unreachable", "No Bot Connector is known yet: nobody has talked to the bot in this tenant.");
    }
    let conversationId: string | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.botAppId,
        "msteams",
        serviceUrl,
        BOT_FRAMEWORK_AUDIENCE,
        {
          isGroup: false,
          bot: { id: this.botId, name: "" },
          members: [{ id: userId, name: "", aadObjectId: userId }],
          tenantId: this.tenantId,
          channelData: { tenant: { id: this.tenantId } },
        },
        async (context) => {
          conversationId = context.activity.conversation?.id;
        },
      );
    } catch (error) {
      throw toDeliveryError(error, "open a chat");
    }
    if (!conversationId) throw new DeliveryError("Unexpected", "The Bot Connector created a conversation but gave no id.");
    const reference: Partial<ConversationReference> = {
      channelId: "msteams",
      serviceUrl,
      conversation: { id: conversationId, conversationType: "personal", isGroup: false, tenantId: this.tenantId, name: "" },
      bot: { id: this.botId, name: "" },
      user: { id: userId, name: "", aadObjectId: userId },
    };
    const stored = await this.references.upsert({ tenantId: this.tenantId, aadObjectId: userId, conversationId, reference }, this.clock.now());
    return chatOf(stored);
  }

  async sendCard(chat: PersonalChat, card: CardSpec): Promise<PostedMessage> {
    const posted = await this.send(chat.reference as Partial<ConversationReference>, card, { sdkRetries: false });
    if (!posted) throw new DeliveryError("Unexpected", "The Bot Connector accepted the message but gave no activity id.");
    return posted;
  }

  private async send(reference: Partial<ConversationReference>, card: CardSpec, options: { sdkRetries: boolean }): Promise<PostedMessage | null> {
    let posted: PostedMessage | null = null;
    await this.continueWith(reference, options.sdkRetries, async (context) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderSpec(card)));
      activity.summary = card.summary;
      const response = await context.sendActivity(activity);
      if (response?.id) posted = { conversationId: context.activity.conversation.id, activityId: response.id };
    });
    return posted;
  }

  private async continueWith(reference: Partial<ConversationReference>, sdkRetries: boolean, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    // The app's turn error handler would swallow a failure inside the turn (and answer nobody), so the
    // failure is caught here and thrown to the caller instead.
    let failure: { error: unknown } | null = null;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        if (!sdkRetries) withoutSdkRetries(context);
        try {
          await logic(context);
        } catch (error) {
          failure = { error };
        }
      });
    } catch (error) {
      failure = { error };
    }
    if (failure !== null) throw toDeliveryError((failure as { error: unknown }).error, "send");
  }
}

function chatOf(stored: StoredConversationReference): PersonalChat {
  return { userId: stored.aadObjectId, conversationId: stored.conversationId, reference: stored.reference };
}

/**
 * Takes botbuilder's retry policy out of this turn's connector client (a new one per proactive turn), so
 * a 429 reaches the caller with its Retry-After and a 5xx is not posted a second time behind its back.
 */
function withoutSdkRetries(context: TurnContext): void {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } } | undefined;
  client?.client?.pipeline?.removePolicy({ name: SDK_RETRY_POLICY });
}

/** botbuilder's failures (`RestError` with `statusCode`, Teams' `code` and the response) as a DeliveryError. */
export function toDeliveryError(error: unknown, doing: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { name?: unknown; statusCode?: unknown; code?: unknown; message?: unknown; response?: { headers?: { get?(name: string): string | undefined } } } | null;
  const status = typeof e?.statusCode === "number" ? e.statusCode : null;
  const connectorCode = typeof e?.code === "string" && e.code !== "" ? e.code : null;
  const retryAfterSeconds = parseRetryAfter(e?.response?.headers?.get?.("retry-after") ?? null);
  const message = typeof e?.message === "string" && e.message !== "" ? e.message : String(error);
  // No answer at all (refused, reset, timed out) is worth a later try; a bug of ours is not.
  const transport = e?.name === "RestError" || /^E[A-Z0-9_]+$/.test(connectorCode ?? "") || /fetch failed|socket|network|timeout/i.test(message);
  const code = status !== null ? deliveryCodeOf(status) : transport ? "Unavailable" : "Unexpected";
  return new DeliveryError(code, `The Bot Connector did not ${doing}: ${status ?? "no answer"} ${message}`, { status, retryAfterSeconds, connectorCode }, { cause: error });
}
