import type { AccessPackageOffer } from "../model/access-package-offer.js";

/** An offer a message seems to name, with how sure the match is (0 to 1). */
export interface OfferMatch {
  readonly offer: AccessPackageOffer;
  readonly score: number;
}

/** How long a person asked for: a span from now, or an end instant already resolved in their zone. */
export type RequestedDuration = { readonly kind: "for"; readonly ms: number } | { readonly kind: "until"; readonly end: Date };

/**
 * What a chat message asks for, as {@link parseAccessIntent} understands it.
 *
 * - `request`: access to a package. `matches` is best first; more than one means "ask which one";
 *   none means the person asked for access without naming anything the bot offers.
 *   `unparsedDuration` holds words that look like a duration the parser could not read ("until the
 *   audit ends"), so the bot can ask instead of guessing.
 * - `list`, `myAccess`, `help`, `approvals` (what waits for the person as an approver), `reviews`
 *   (access reviews waiting for their decisions): the commands.
 * - `cancel`: cancel a request; `hint` is what the person named ("ChatGPT"), `matches` the offers it fits.
 * - `unknown`: anything else.
 */
export type AccessIntent =
  | {
      readonly kind: "request";
      readonly matches: readonly OfferMatch[];
      readonly duration?: RequestedDuration;
      readonly reason?: string;
      readonly unparsedDuration?: string;
    }
  | { readonly kind: "list" }
  | { readonly kind: "myAccess" }
  | { readonly kind: "help" }
  | { readonly kind: "approvals" }
  | { readonly kind: "reviews" }
  | { readonly kind: "cancel"; readonly hint?: string; readonly matches: readonly OfferMatch[] }
  | { readonly kind: "unknown" };
