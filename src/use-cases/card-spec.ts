import { createHash } from "node:crypto";

/** The card templates in `adaptiveCards/`, by file name. */
export type CardName = "welcome" | "offers" | "choose-offer" | "request-form" | "request-status" | "approval" | "my-access" | "notice" | "review-digest" | "expiry-warning" | "pim-approval" | "pim-notice" | "reminders" | "nudge-settings" | "owner-digest";

/**
 * A card as the use cases decide it: which template, with which view model. The Teams layer binds it;
 * the use cases never touch Adaptive Card JSON.
 */
export interface CardSpec {
  template: CardName;
  data: Record<string, unknown>;
  /** Text for notifications and screen readers. */
  summary: string;
}

/** A stable fingerprint of a card's content, to skip updates that would change nothing. */
export function fingerprintCard(spec: CardSpec): string {
  const { updatedAt: _ignored, ...data } = spec.data;
  return createHash("sha256").update(spec.template).update(JSON.stringify(data)).digest("base64url").slice(0, 22);
}
