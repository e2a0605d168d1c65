import type { AccessGrant, RiskTier } from "./access-package-offer.js";

/**
 * What an approver's card says about a package, read with the app's own token: the requester's
 * offers need the requester's token, which the bot does not hold when it posts to approvers.
 */
export interface PackageSummary {
  readonly packageId: string;
  readonly displayName: string;
  readonly catalogName: string;
  readonly riskTier: RiskTier;
  readonly grants: readonly AccessGrant[];
  /** Question texts of every policy of the package, by question id. */
  readonly questions: ReadonlyMap<string, string>;
}
