/** The commands the bot understands, as the welcome card and help list them. */
export const BOT_COMMANDS = [
  { name: "what can I request?", description: "the AI tools you may ask for, with who approves" },
  { name: "my access", description: "what you have now, how long it lasts, and pending requests" },
  { name: "cancel my … request", description: "withdraw a pending request" },
  { name: "approvals", description: "requests waiting for your decision as an approver, to decide right here" },
  { name: "reviews", description: "access reviews waiting for your decisions" },
  { name: "snooze for a day", description: "no reminders for a while (or \"snooze until Monday\"); \"resume reminders\" ends it" },
  { name: "quiet hours 21:00-07:00", description: "no reminders at night, in your own time zone; \"no weekends\" or \"weekends on\"" },
  { name: "mute reviews", description: "no reminders of one kind (approvals, reviews, pim, expiry…); \"unmute reviews\" undoes it" },
  { name: "reminder settings", description: "your quiet hours, snooze and muted reminders on one card" },
  { name: "help", description: "this card" },
] as const;

/** Template data for `adaptiveCards/welcome.json`. */
export function welcomeView(displayName: string): Record<string, unknown> {
  const firstName = displayName.trim().split(/\s+/)[0] || "there";
  return {
    firstName,
    examples: [
      "I need ChatGPT for 2 hours to summarise customer feedback",
      "Copilot for a week",
      "Legal research assistant for 3 days, matter MAT-12345",
    ],
    commands: BOT_COMMANDS.map((c) => ({ name: c.name, description: c.description })),
  };
}
