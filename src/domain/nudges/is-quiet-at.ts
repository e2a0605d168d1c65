import { isQuietUnder, quietRuleOf, type QuietFacts } from "./quiet-rule.js";

/**
 * Whether `instant` falls in the recipient's quiet time: their quiet hours, or a weekend day when weekends
 * are quiet, read on the wall clock of their own time zone.
 */
export function isQuietAt(recipient: QuietFacts, instant: Date): boolean {
  return isQuietUnder(quietRuleOf(recipient), instant.getTime());
}
