import type { RiskTier } from "../model/access-package-offer.js";

/** How a risk tier reads on a card: a word and an Adaptive Card colour. */
export function riskBadge(tier: RiskTier): { riskLabel: string; riskColor: "Good" | "Warning" | "Attention" } {
  switch (tier) {
    case "low":
      return { riskLabel: "Low risk", riskColor: "Good" };
    case "medium":
      return { riskLabel: "Medium risk", riskColor: "Warning" };
    default:
      return { riskLabel: "High risk", riskColor: "Attention" };
  }
}
