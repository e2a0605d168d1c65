import { TtlCache } from "../domain/async/ttl-cache.js";
import { systemClock, type Clock } from "../domain/clock.js";
import type { AccessPackageOffer } from "../domain/model/access-package-offer.js";
import type { UserTokenSources } from "./gatepass-deps.js";
import type { EntitlementPort } from "./ports.js";

const TTL_MS = 2 * 60_000;
/** People whose offers are kept at once: past it the expired go, then the oldest (a list is a few KB). */
const MAX_PEOPLE = 5_000;

/**
 * The packages each person may request, kept for two minutes: a conversation ("chatgpt for 2h", then
 * the card, then submit) asks for them several times, and Entra's answer changes rarely. Submits are
 * still checked by Entra itself, so a stale entry can only cost a clear refusal.
 */
export class OfferCatalog {
  private readonly entries = new TtlCache<AccessPackageOffer[]>(systemClock, TTL_MS, MAX_PEOPLE);

  constructor(
    private readonly entitlement: EntitlementPort,
    private readonly userTokens: UserTokenSources,
    private readonly clock: Clock,
  ) {}

  offersFor(userId: string): Promise<AccessPackageOffer[]> {
    return this.entries.get(userId, () => this.entitlement.listOffers(this.userTokens(userId)));
  }

  async find(userId: string, packageId: string): Promise<AccessPackageOffer | undefined> {
    return (await this.offersFor(userId)).find((o) => o.packageId === packageId);
  }

  forget(userId: string): void {
    this.entries.forget(userId);
  }

  get now(): Date {
    return this.clock.now();
  }
}
