import type { RiskTier } from "./access-package-offer.js";
import type { PolicyRequirements } from "./policy-requirements.js";

/** What the risk tier depends on: the package's policies and its catalog. */
export interface RiskTierInput {
  readonly policies: readonly Pick<PolicyRequirements, "isApprovalRequired" | "approvalStageCount">[];
  readonly catalogName: string;
}

/** Options for {@link deriveRiskTier}. */
export interface RiskTierOptions {
  /**
   * Decides whether a catalog holds administrative access. Defaults to {@link looksLikeAdminCatalog};
   * a tenant with its own naming passes its own list.
   */
  readonly isAdminCatalog?: (catalogName: string) => boolean;
}

/**
 * The default test for an admin catalog: its name contains "admin", "administrator", "privileged" or
 * "PIM" as a word. Catalog names are the only signal Graph gives without extra calls.
 */
export function looksLikeAdminCatalog(catalogName: string): boolean {
  return /\b(admins?|administrators?|administrative|privileged|pim)\b/i.test(catalogName);
}

/**
 * The risk tier of a package: `high` for admin catalogs or two or more approval stages, `medium` for
 * one stage, `low` when granted without approval.
 *
 * A package can have several policies; the most demanding one sets the tier, because the tier tells
 * people how sensitive the package is, not how lucky their own path is. A package with no policy the
 * person can use is `high`: when nothing is known, assume the worst.
 */
export function deriveRiskTier(input: RiskTierInput, options: RiskTierOptions = {}): RiskTier {
  const isAdminCatalog = options.isAdminCatalog ?? looksLikeAdminCatalog;
  if (isAdminCatalog(input.catalogName) || input.policies.length === 0) return "high";
  const stages = Math.max(
    ...input.policies.map((p) => (p.isApprovalRequired ? Math.max(1, p.approvalStageCount) : 0)),
  );
  if (stages >= 2) return "high";
  return stages === 1 ? "medium" : "low";
}
