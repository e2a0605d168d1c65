import type { AccessPackageOffer } from "../model/access-package-offer.js";
import { describeExpiration } from "./describe-expiration.js";
import { riskBadge } from "./risk-badge.js";

const RISK_ORDER = { low: 0, medium: 1, high: 2 } as const;

/** One offer as the list shows it. */
export function offerSummary(offer: AccessPackageOffer, timeZone: string) {
  const policy = offer.policies[0];
  const grants = offer.grants.map((g) => `${g.resourceDisplayName} (${g.roleDisplayName})`).join(", ") || "access to the tool";
  return {
    packageId: offer.packageId,
    displayName: offer.displayName,
    description: offer.description,
    grants,
    duration: policy ? describeExpiration(policy.expiration, timeZone) : "as the policy sets",
    approval: policy?.isApprovalRequired ? `approved by ${policy.approverSummary || "an approver"}` : "granted at once, no approval",
    ...riskBadge(offer.riskTier),
  };
}

/**
 * Template data for `adaptiveCards/offers.json`: the packages a person may request, grouped by
 * catalog, lowest risk first within each, so the quick wins come first.
 */
export function offersView(offers: readonly AccessPackageOffer[], timeZone: string): Record<string, unknown> {
  const byCatalog = new Map<string, AccessPackageOffer[]>();
  for (const offer of offers) {
    const list = byCatalog.get(offer.catalogName) ?? [];
    list.push(offer);
    byCatalog.set(offer.catalogName, list);
  }
  const catalogs = [...byCatalog.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({
      name,
      offers: [...list]
        .sort((a, b) => RISK_ORDER[a.riskTier] - RISK_ORDER[b.riskTier] || a.displayName.localeCompare(b.displayName))
        .map((o) => offerSummary(o, timeZone)),
    }));
  return { catalogs };
}

/** Template data for `adaptiveCards/choose-offer.json` when a message matches several packages. */
export function chooseOfferView(query: string, offers: readonly AccessPackageOffer[], prefill: { durationText: string; justification: string }) {
  return {
    query,
    choices: offers.map((o) => ({ packageId: o.packageId, displayName: o.displayName })),
    durationText: prefill.durationText,
    justification: prefill.justification,
  };
}
