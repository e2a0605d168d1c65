import type { NudgeUrgency } from "../nudges/planned-nudge.js";

/** One item of a reminders digest: what it is about and the button that opens its own card. */
export interface ReminderItem {
  heading: string;
  detail: string;
  action: string;
  verb: string;
  data: Record<string, unknown>;
}

/**
 * Template data for `adaptiveCards/reminders.json`: several things due for one person in one message
 * (digests, not a stream); each opens the card where it is decided.
 */
export function remindersView(items: readonly ReminderItem[], urgency: NudgeUrgency): Record<string, unknown> {
  return {
    title: urgency === "urgent" ? `${items.length} things need you soon` : `${items.length} things are waiting for you`,
    titleColor: urgency === "urgent" ? "Attention" : urgency === "soon" ? "Warning" : "Default",
    items: items.map((i) => ({ ...i })),
  };
}
