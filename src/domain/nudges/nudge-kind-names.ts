import type { NudgeKind } from "./nudge-subject.js";

/** How people name one kind of reminder: in commands, in sentences, and on the settings card. */
export interface NudgeKindName {
  readonly kind: NudgeKind;
  /** The word the bot suggests in commands: "mute reviews". */
  readonly word: string;
  /** The kind in a sentence: "Muted: no more reminders about access reviews." */
  readonly phrase: string;
  /** The choice on the settings card. */
  readonly title: string;
  /** Everything people may type for it after "mute" (normalised words, several words allowed). */
  readonly aliases: readonly string[];
}

/** Every kind a person may mute, in the order the settings card lists them. */
export const NUDGE_KIND_NAMES: readonly NudgeKindName[] = [
  {
    kind: "approvalStage",
    word: "approvals",
    phrase: "requests waiting for your approval",
    title: "Requests waiting for my approval",
    aliases: ["approvals", "approval", "approval requests", "approval reminders", "access requests", "requests"],
  },
  {
    kind: "reviewInstance",
    word: "reviews",
    phrase: "access reviews",
    title: "Access reviews",
    aliases: ["reviews", "review", "access reviews", "access review", "review digests", "review reminders"],
  },
  {
    kind: "pimApproval",
    word: "pim",
    phrase: "PIM activations waiting for your approval",
    title: "PIM activations waiting for my approval",
    aliases: ["pim", "pim approvals", "pim approval", "pim requests", "role approvals"],
  },
  {
    kind: "pimActivation",
    word: "activations",
    phrase: "your own PIM activations (granted, denied, ending)",
    title: "My own PIM activations (granted, denied, ending)",
    aliases: ["activations", "activation", "pim activations", "my activations", "activation updates", "pim updates"],
  },
  {
    kind: "assignmentExpiry",
    word: "expiry",
    phrase: "your access that is about to end",
    title: "My access that is about to end",
    aliases: ["expiry", "expiries", "expiry warnings", "expirations", "expiring access", "access expiry", "access ending"],
  },
  {
    kind: "ownerDigest",
    word: "owner digests",
    phrase: "owner digests",
    title: "Owner digests",
    aliases: ["owner digests", "owner digest", "digests", "digest", "owner reports"],
  },
];

/** The name of one kind. */
export function nudgeKindName(kind: NudgeKind): NudgeKindName {
  return NUDGE_KIND_NAMES.find((n) => n.kind === kind) ?? NUDGE_KIND_NAMES[0]!;
}

/** "a", "a and b", "a, b and c". */
export function joinWithAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}
