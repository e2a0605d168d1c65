import { isQuietUnder, quietRuleOf, type QuietFacts } from "./quiet-rule.js";
import { quietStretchEnd, quietStretchStart } from "./quiet-stretch.js";

/** Bounds for {@link nextAllowedInstant}. */
export interface AllowedInstantBounds {
  /** After this the nudge is pointless (the automatic denial, the expiry); null or absent for none. */
  readonly deadline?: Date | null;
  /** The nudge cannot go out before this (the event it announces, the subject's start). */
  readonly earliest?: Date;
  /**
   * How long before quiet time begins a nudge moved earlier goes out, so a pass that takes a while still
   * finishes before the recipient's evening. Default 30 minutes.
   */
  readonly leadBeforeQuietMs?: number;
}

/** Default of {@link AllowedInstantBounds.leadBeforeQuietMs}. */
export const DEFAULT_LEAD_BEFORE_QUIET_MS = 30 * 60_000;

/**
 * When a nudge meant for `at` may go to the recipient: `at` itself outside quiet time; inside it, the end
 * of the quiet stretch (the next morning, or Monday morning); but when the deadline falls before quiet
 * time ends, earlier instead, shortly before the quiet stretch began, since a reminder after the deadline
 * is useless and one at 3 a.m. is rude. Null when no instant fits (the whole life of the subject is quiet).
 */
export function nextAllowedInstant(recipient: QuietFacts, at: Date, bounds: AllowedInstantBounds = {}): Date | null {
  const rule = quietRuleOf(recipient);
  const ms = at.getTime();
  const deadline = bounds.deadline?.getTime() ?? null;
  const earliest = bounds.earliest?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (deadline !== null && ms >= deadline) return null;
  if (!isQuietUnder(rule, ms)) return at;

  const end = quietStretchEnd(rule, ms);
  if (end !== null && (deadline === null || end < deadline)) return new Date(end);
  if (deadline === null) return null;

  const start = quietStretchStart(rule, ms);
  if (start === null) return null;
  let earlier = Math.max(start - (bounds.leadBeforeQuietMs ?? DEFAULT_LEAD_BEFORE_QUIET_MS), earliest);
  // The lead may reach back into an earlier quiet stretch (short evenings); then go at its end.
  if (isQuietUnder(rule, earlier)) earlier = quietStretchEnd(rule, earlier) ?? start;
  return earlier < start ? new Date(earlier) : null;
}
