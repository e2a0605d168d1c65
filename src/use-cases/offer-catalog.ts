import type { Clock } from "../domain/clock.js";
import type { AccessPackageOffer } from "../domain/model/access-package-offer.js";
import type { UserTokenSources } from "./gatepass-deps.js";
import type { EntitlementPort } from "./ports.js";

const TTL_MS = 2 * 60_000;

/**
 * The packages each person may request, kept for two minutes: a conversation ("chatgpt for 2h", then
 * the card, then submit) asks for them several times, and Entra's answer changes rarely. Submits are
 * still checked by Entra itself, so a stale entry can only cost a clear refusal.
 */
export class OfferCatalog {
  private readonly entries = new Map<string, { at: number; offers: Promise<AccessPackageOffer[]> }>();

  constructor(
    private readonly entitlement: EntitlementPort,
    private readonly userTokens: UserTokenSources,
    private readonly clock: Clock,
  ) {}

  offersFor(userId: string): Promise<AccessPackageOffer[]> {
    const now = Date.now();
    const cached = this.entries.get(userId);
    if (cached && now - cached.at < TTL_MS) return cached.offers;
    const offers = this.entitlement.listOffers(this.userTokens(userId));
    this.entries.set(userId, { at: now, offers });
    offers.catch(() => this.entries.delete(userId));
    return offers;
  }

  async find(userId: string, packageId: string): Promise<AccessPackageOffer | undefined> {
    return (await this.offersFor(userId)).find((o) => o.packageId === packageId);
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }

  get now(): Date {
    return this.clock.now();
  }
}
