import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from "botbuilder";
import type { ConversationReferences } from "../store/conversation-references.js";
import type { CardSpec } from "../use-cases/card-spec.js";
import type { Notifier, PostedMessage } from "../use-cases/notifier.js";
import { renderSpec } from "./cards/render-card.js";

/**
 * Proactive sends through `adapter.continueConversationAsync` with the conversation references saved
 * when people talk to the bot. An empty bot app id works only against local tools (demo mode).
 */
export class ProactiveNotifier implements Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly tenantId: string,
    private readonly references: ConversationReferences,
  ) {}

  async postCard(userId: string, card: CardSpec): Promise<PostedMessage | null> {
    const stored = await this.references.get(this.tenantId, userId);
    if (!stored) return null;
    const reference = stored.reference as unknown as Partial<ConversationReference>;
    let posted: PostedMessage | null = null;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderSpec(card)));
      activity.summary = card.summary;
      const response = await context.sendActivity(activity);
      if (response?.id) posted = { conversationId: context.activity.conversation.id, activityId: response.id };
    });
    return posted;
  }

  async updateCard(userId: string, message: PostedMessage, card: CardSpec): Promise<void> {
    const stored = await this.references.get(this.tenantId, userId);
    if (!stored) throw new Error(`No conversation reference for ${userId}; cannot update ${message.activityId}.`);
    const reference = { ...(stored.reference as unknown as Partial<ConversationReference>) };
    reference.conversation = { ...reference.conversation!, id: message.conversationId };
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderSpec(card)));
      activity.id = message.activityId;
      await context.updateActivity(activity);
    });
  }
}
