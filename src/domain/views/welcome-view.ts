/** The commands the bot understands, as the welcome card and help list them. */
export const BOT_COMMANDS = [
  { name: "what can I request?", description: "the AI tools you may ask for, with who approves" },
  { name: "my access", description: "what you have now, how long it lasts, and pending requests" },
  { name: "cancel my … request", description: "withdraw a pending request" },
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
