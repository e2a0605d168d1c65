import type { BotHarness } from "./bot-harness.js";
import { cardOf, cardText, type CapturedActivity, type InvokeAnswer, type TeamsPerson } from "./teams-driver.js";

/** A person of the demo scenario, as Teams would present them, found by display name. */
export function person(h: BotHarness, displayName: string): TeamsPerson {
  const user = h.bot.demoTenant!.tenant.state.users.all().find((u) => u.displayName === displayName);
  if (!user) throw new Error(`No ${displayName} in the demo scenario`);
  return { aadObjectId: user.id, name: user.displayName };
}

/** Sends a message and returns the bot's first reply to it. */
export async function say(h: BotHarness, who: TeamsPerson, text: string): Promise<CapturedActivity> {
  const mark = h.teams.captured.length;
  const answer = await h.teams.message(who, text);
  if (answer.status >= 400) throw new Error(`The bot answered ${answer.status} to a message`);
  return h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(who), 10_000, mark);
}

export interface Submitted {
  form: CapturedActivity;
  answer: InvokeAnswer;
}

/**
 * Asks for a package in plain words and submits the request card, with `inputs` typed into it
 * (`durationText`, `justification`, and answers by question text fragment as `q:<fragment>`).
 */
export async function requestAccess(h: BotHarness, who: TeamsPerson, sentence: string, inputs: Record<string, string> = {}): Promise<Submitted> {
  const form = await say(h, who, sentence);
  const card = cardOf(form.activity);
  if (!card || !card.actions?.some((a: any) => a.verb === "request.submit")) {
    throw new Error(`Expected a request card, got: ${cardText(card) || form.activity.text}`);
  }
  const submit = card.actions.find((a: any) => a.verb === "request.submit");
  const data: Record<string, unknown> = { ...submit.data };
  for (const input of inputsOf(card)) if (input.value !== undefined && input.value !== "") data[input.id] = input.value;
  for (const [key, value] of Object.entries(inputs)) {
    if (key.startsWith("q:")) {
      const fragment = key.slice(2).toLowerCase();
      const question = inputsOf(card).find((i) => String(i.label ?? "").toLowerCase().includes(fragment));
      if (!question) throw new Error(`No question mentioning '${fragment}' on the card`);
      data[question.id] = value;
    } else data[key] = value;
  }
  const answer = await h.teams.execute(who, "request.submit", data, form.activityId);
  return { form, answer };
}

export function inputsOf(card: any): any[] {
  const out: any[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      if (typeof node.type === "string" && node.type.startsWith("Input.")) out.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(card?.body);
  return out;
}

/** The newest approval card a person got about a request by `requesterName`. */
export function approvalCardFor(h: BotHarness, approver: TeamsPerson, requesterName: string): { activityId: string; card: any } | undefined {
  const messages = [...h.teams.messagesOf(approver).entries()].reverse();
  for (const [activityId, activity] of messages) {
    const card = cardOf(activity);
    if (card && cardText(card).includes(`${requesterName} asks for`)) return { activityId, card };
  }
  return undefined;
}

export async function waitForApprovalCard(h: BotHarness, approver: TeamsPerson, requesterName: string): Promise<{ activityId: string; card: any }> {
  await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(approver) && cardText(cardOf(a.activity)).includes(`${requesterName} asks for`));
  return approvalCardFor(h, approver, requesterName)!;
}

export function decideData(card: any, decision: "Approve" | "Deny"): Record<string, unknown> {
  const action = card.actions?.find((a: any) => a.data?.decision === decision);
  if (!action) throw new Error(`The card offers no ${decision} button: ${cardText(card)}`);
  return { ...action.data };
}

/** The current text of the message the bot keeps updating in place. */
export function currentText(h: BotHarness, who: TeamsPerson, activityId: string): string {
  return cardText(cardOf(h.teams.messagesOf(who).get(activityId) ?? {}));
}
