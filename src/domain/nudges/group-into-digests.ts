import { createHash } from "node:crypto";
import type { NudgeUrgency, PlannedNudge } from "./planned-nudge.js";

/** One message to one person: a card listing one or more nudges. */
export interface NudgeDigest {
  /** Derived from the item keys: the same items give the same key, for the outgoing message's idempotency. */
  readonly key: string;
  readonly recipientId: string;
  /** "review": one access review instance's card for its reviewer; "batch": everything else due for them. */
  readonly kind: "review" | "batch";
  /** The most pressing item's urgency, for the card's styling. */
  readonly urgency: NudgeUrgency;
  /** Most urgent first, then by when each became due. */
  readonly items: readonly PlannedNudge[];
}

const RANK: Readonly<Record<NudgeUrgency, number>> = { urgent: 0, soon: 1, routine: 2 };

/**
 * One message per person per pass instead of a stream: every planned nudge for a recipient goes into one
 * batch card, except access reviews, which get one card per reviewer and instance (the card where they
 * decide each item). Digests come out in recipient order, reviews after the batch.
 */
export function groupIntoDigests(planned: readonly PlannedNudge[]): NudgeDigest[] {
  const groups = new Map<string, { recipientId: string; kind: NudgeDigest["kind"]; items: PlannedNudge[] }>();
  for (const nudge of planned) {
    const kind = nudge.kind === "reviewInstance" ? "review" : "batch";
    const groupId = kind === "review" ? `${nudge.recipientId}\u0000review\u0000${nudge.subjectId}` : `${nudge.recipientId}\u0000batch`;
    let group = groups.get(groupId);
    if (group === undefined) groups.set(groupId, (group = { recipientId: nudge.recipientId, kind, items: [] }));
    group.items.push(nudge);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const items = [...group.items].sort(
        (a, b) => RANK[a.urgency] - RANK[b.urgency] || a.notBefore.getTime() - b.notBefore.getTime() || compare(a.key, b.key),
      );
      return {
        key: digestKey(group.recipientId, items),
        recipientId: group.recipientId,
        kind: group.kind,
        urgency: (items[0] as PlannedNudge).urgency,
        items,
      };
    });
}

function digestKey(recipientId: string, items: readonly PlannedNudge[]): string {
  const hash = createHash("sha256");
  for (const key of items.map((item) => item.key).sort()) hash.update(key).update("\n");
  return `nudge-digest:${recipientId}:${hash.digest("base64url").slice(0, 22)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
