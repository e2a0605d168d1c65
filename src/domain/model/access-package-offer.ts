import type { PolicyRequirements } from "./policy-requirements.js";

/**
 * How much scrutiny a package gets before access is granted: `low` is granted automatically, `medium`
 * needs one approval, `high` needs two or more or sits in an admin catalog. See `deriveRiskTier`.
 */
export type RiskTier = "low" | "medium" | "high";

/** One thing a package grants: a resource (an app, a group, a site) and the role on it. */
export interface AccessGrant {
  readonly resourceDisplayName: string;
  readonly roleDisplayName: string;
}

/**
 * An access package a person may request, as the bot shows and matches it. Built by the gateway from
 * the package, its catalog, its resource role scopes and the policies that apply to the person.
 */
export interface AccessPackageOffer {
  readonly packageId: string;
  readonly displayName: string;
  readonly description: string;
  readonly catalogName: string;
  readonly riskTier: RiskTier;
  readonly grants: readonly AccessGrant[];
  /** The policies through which this person may request the package (usually one). */
  readonly policies: readonly PolicyRequirements[];
}
