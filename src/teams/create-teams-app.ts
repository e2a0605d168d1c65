// First: teams-ai's Application must find the recognizers deferred when it loads (see the module).
import "./defer-unused-recognizers.js";
import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type Activity } from "botbuilder";
// Deep imports: the package's index also loads its AI planners, OpenAI client and GPT tokenizer (about
// 15 MB resident, 12 MB of heap), which Gatepass does not use.
import { Application } from "@microsoft/teams-ai/lib/Application.js";
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { TurnState } from "@microsoft/teams-ai/lib/TurnState.js";
import type { Logger } from "pino";
import type { Gatepass } from "../use-cases/gatepass.js";
import { VERBS } from "../use-cases/gatepass.js";
import type { Reply } from "../use-cases/reply.js";
import { renderSpec } from "./cards/render-card.js";
import type { TeamsSso } from "./teams-sso.js";
import { turnPerson } from "./turn-person.js";

export interface TeamsAppOptions {
  adapter: TeamsAdapter;
  botAppId: string;
  gatepass: Gatepass;
  log: Logger;
  /** Teams SSO (production); without it the use cases' token sources need no sign-in (demo). */
  sso?: TeamsSso | null;
}

/**
 * The teams-ai Application with Gatepass's thin handlers: each reads who is acting from the activity,
 * calls one use case and renders its reply.
 */
export function createTeamsApp({ adapter, botAppId, gatepass, log, sso }: TeamsAppOptions): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    botAppId,
    // The typing indicator would spend the per-conversation send budget every second (teams-platform.md).
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
    ...sso?.applicationOptions(),
  });

  const remember = async (context: TurnContext) => {
    const person = turnPerson(context);
    if (!person) return false;
    const reference = TurnContext.getConversationReference(context.activity);
    return gatepass.rememberConversation({ aadObjectId: person.aadObjectId, name: person.name }, person.conversationId, reference);
  };

  app.conversationUpdate("membersAdded", async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
    const person = turnPerson(context);
    if (!botAdded || !person) return;
    const isNew = await remember(context);
    if (isNew) await send(context, gatepass.welcome({ aadObjectId: person.aadObjectId, name: person.name }));
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const person = turnPerson(context);
    if (!person) return;
    const action = (context.activity as Activity & { action?: string }).action ?? "";
    if (action.startsWith("remove")) {
      await gatepass.forgetConversation({ aadObjectId: person.aadObjectId, name: person.name });
      return;
    }
    const isNew = await remember(context);
    if (isNew) await send(context, gatepass.welcome({ aadObjectId: person.aadObjectId, name: person.name }));
  });

  const onMessage = async (context: TurnContext) => {
    const person = turnPerson(context);
    if (!person) return;
    // The answer does not depend on remembering how to reach the person, so the write runs beside the
    // turn's own reads; if it fails, the next message tries again.
    const reference = TurnContext.getConversationReference(context.activity);
    const remembered = gatepass
      .noteMessage({ aadObjectId: person.aadObjectId, name: person.name }, person.conversationId, reference)
      .catch((error: unknown) => log.error({ err: error }, "could not remember the conversation"));
    const reply = await gatepass.onMessage({ aadObjectId: person.aadObjectId, name: person.name }, context.activity.text ?? "");
    await send(context, reply);
    await remembered;
  };
  app.activity(ActivityTypes.Message, onMessage);
  // After SSO sign-in, the message that was waiting for it is handled as if it had just arrived.
  sso?.attach(app, adapter, onMessage);

  app.adaptiveCards.actionExecute([...VERBS, /.*/], async (context, _state, data: Record<string, unknown>) => {
    const person = turnPerson(context);
    const verb = String((context.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb ?? "");
    if (!person) return "Teams did not say who clicked; try again from Teams.";
    const reply = await gatepass.onAction({ aadObjectId: person.aadObjectId, name: person.name }, verb, data, {
      conversationId: person.conversationId,
      cardActivityId: context.activity.replyToId ?? null,
    });
    // Cards replace the clicked card for the person who clicked (personal chats have no one else).
    // No card here carries `refresh`, so teams-ai never switches to replace-for-all (teams-platform.md).
    return reply.kind === "card" ? (renderSpec(reply.card) as never) : reply.text;
  });

  app.error(async (context, error) => {
    log.error({ err: error, activityType: context.activity.type }, "turn failed");
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity("Something went wrong on my side and nothing was changed. Try again in a minute; if it keeps happening, tell your admin.");
    }
  });
  return app;
}

async function send(context: TurnContext, reply: Reply): Promise<void> {
  if (reply.kind === "text") {
    await context.sendActivity(MessageFactory.text(reply.text));
    return;
  }
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderSpec(reply.card)));
  activity.summary = reply.card.summary;
  await context.sendActivity(activity);
}
