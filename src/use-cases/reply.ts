import type { CardSpec } from "./card-spec.js";

/** What a use case answers in the turn: a card, or a plain sentence. */
export type Reply = { kind: "card"; card: CardSpec } | { kind: "text"; text: string };

export const textReply = (text: string): Reply => ({ kind: "text", text });
export const cardReply = (card: CardSpec): Reply => ({ kind: "card", card });
