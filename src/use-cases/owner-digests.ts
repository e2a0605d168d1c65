import type { Logger } from "pino";
import type { Clock } from "../domain/clock.js";
import type { AccessAssignment } from "../domain/model/access-assignment.js";
import type { PendingReview } from "../domain/model/access-review.js";
import type { AccessRequest } from "../domain/model/access-request.js";
import type { DecisionTally } from "../domain/model/decision-tally.js";
import type { CatalogPackage, OwnedCatalog } from "../domain/model/owned-catalog.js";
import type { NudgeDigest } from "../domain/nudges/group-into-digests.js";
import type { OwnerDigestPeriod, OwnerDigestSubject } from "../domain/nudges/nudge-subject.js";
import type { PlannedNudge } from "../domain/nudges/planned-nudge.js";
import { BEHIND_SHOWN, ownerDigestView, UNREACHABLE_SHOWN, type PackageProgress, type ReviewProgress, type UnreachablePerson } from "../domain/views/owner-digest-view.js";
import type { CardSpec } from "./card-spec.js";

/** How far ahead an assignment's end counts as "ending soon" on an owner's digest. */
const ENDING_SOON_MS = 7 * 86_400_000;
/** Catalog roles change rarely, and every pass asks who owns what: read them at most this often. */
const CATALOG_ROLES_TTL_MS = 10 * 60_000;

/** A request waiting at an approval stage, as the nudge pass read it. */
export interface WaitingRequest {
  readonly request: AccessRequest;
  /** 0-based stage it waits at, of `stageCount`. */
  readonly stageIndex: number;
  readonly stageCount: number;
  /** Who may decide the stage now. */
  readonly approverIds: readonly string[];
}

/**
 * What one nudge pass already read from Entra (app-only) and owners' digests summarise, so a digest
 * costs only what the pass did not read: catalog roles, decision counts and names.
 */
export interface OwnerDigestFacts {
  /** Each access review instance in progress, with its undecided items by reviewer and its owners. */
  readonly reviews: PendingReview[];
  readonly waiting: WaitingRequest[];
  /** Delivered assignments that have not ended. */
  readonly assignments: AccessAssignment[];
}

/** An empty set of facts for a pass to fill. */
export function emptyOwnerDigestFacts(): OwnerDigestFacts {
  return { reviews: [], waiting: [], assignments: [] };
}

/** Who answers for which catalog (CatalogOwnerGateway). */
export interface CatalogOwnersPort {
  listOwnedCatalogs(): Promise<OwnedCatalog[]>;
}

/** Decision counts of a review instance (AccessReviewGateway). */
export interface DecisionTallyPort {
  tallyDecisions(definitionId: string, instanceId: string): Promise<DecisionTally>;
}

/** Who the bot could not message, as the store recorded it (NudgeReachability). */
export interface ReachabilityPort {
  getMany(aadObjectIds: readonly string[]): Promise<Map<string, { status: "blocked" | "unreachable"; reason: string; since: Date }>>;
}

/** What OwnerDigests needs; the composition root builds it when OWNER_DIGEST_PERIOD is not `off`. */
export interface OwnerDigestsDeps {
  period: OwnerDigestPeriod;
  catalogs: CatalogOwnersPort;
  reviews: DecisionTallyPort;
  reachability: ReachabilityPort;
  people: { names(userIds: readonly string[]): Promise<Map<string, string>> };
  clock: Clock;
  log: Logger;
}

/** One owner's share of a pass: the review instances and access packages they answer for that are in progress. */
export interface OwnedNow {
  readonly reviews: PendingReview[];
  readonly packages: Map<string, { pkg: CatalogPackage; catalog: OwnedCatalog }>;
}

/**
 * What one pass found each owner owns that is in progress, and the digest subjects for them. Decision
 * counts are read once per instance per pass, however many digests show it.
 */
export class OwnerDigestPlan {
  private readonly tallies = new Map<string, Promise<DecisionTally>>();

  constructor(
    readonly subjects: readonly OwnerDigestSubject[],
    readonly owned: ReadonlyMap<string, OwnedNow>,
    readonly facts: OwnerDigestFacts,
  ) {}

  tally(review: PendingReview, reviews: DecisionTallyPort): Promise<DecisionTally> {
    let tally = this.tallies.get(review.instance.id);
    if (!tally) {
      tally = reviews.tallyDecisions(review.instance.definitionId, review.instance.id);
      this.tallies.set(review.instance.id, tally);
      tally.catch(() => this.tallies.delete(review.instance.id));
    }
    return tally;
  }
}

/**
 * Owners' periodic progress digests (issue 4): for each owner of an access review in progress (its
 * creator) or of an access package catalog (catalog owners and access package managers) with requests
 * waiting or assignments ending soon, one card per day or week with decided out of total, who is behind,
 * what ends soon, and who the bot could not reach. Reads Entra app-only; the nudge pass plans, claims,
 * sends and audits each digest like any other nudge.
 */
export class OwnerDigests {
  private catalogRoles: { readAt: number; catalogs: Promise<OwnedCatalog[]> } | null = null;

  constructor(private readonly deps: OwnerDigestsDeps) {}

  /**
   * Who owns something in progress now, from what the pass read plus the catalog roles (a few app-only
   * calls). When the catalog roles cannot be read, review owners still get their digest.
   */
  async plan(facts: OwnerDigestFacts): Promise<OwnerDigestPlan> {
    const now = this.deps.clock.now();
    const owned = new Map<string, OwnedNow>();
    const ownerOf = (id: string) => {
      let share = owned.get(id);
      if (!share) owned.set(id, (share = { reviews: [], packages: new Map() }));
      return share;
    };
    for (const review of facts.reviews) for (const id of new Set(review.ownerIds)) ownerOf(id).reviews.push(review);

    const busy = new Set<string>([
      ...facts.waiting.map((w) => w.request.packageId),
      ...facts.assignments.filter((a) => isEndingSoon(a, now)).map((a) => a.packageId),
    ]);
    if (busy.size > 0) {
      const catalogs = await this.ownedCatalogs(now).catch((error: unknown) => {
        this.deps.log.warn({ err: error }, "could not read who owns which catalog; owners' digests cover reviews only this pass");
        return [] as OwnedCatalog[];
      });
      for (const catalog of catalogs) {
        const active = catalog.packages.filter((p) => busy.has(p.id));
        if (active.length === 0) continue;
        for (const id of new Set([...catalog.ownerIds, ...catalog.packageManagerIds])) {
          for (const pkg of active) ownerOf(id).packages.set(pkg.id, { pkg, catalog });
        }
      }
    }
    const subjects = [...owned.keys()].map((ownerId): OwnerDigestSubject => ({ kind: "ownerDigest", ownerId, period: this.deps.period }));
    return new OwnerDigestPlan(subjects, owned, facts);
  }

  private ownedCatalogs(now: Date): Promise<OwnedCatalog[]> {
    const cached = this.catalogRoles;
    if (cached && now.getTime() - cached.readAt < CATALOG_ROLES_TTL_MS && now.getTime() >= cached.readAt) return cached.catalogs;
    const catalogs = this.deps.catalogs.listOwnedCatalogs();
    this.catalogRoles = { readAt: now.getTime(), catalogs };
    // A failed read is not kept: the next pass asks again.
    catalogs.catch(() => {
      if (this.catalogRoles?.catalogs === catalogs) this.catalogRoles = null;
    });
    return catalogs;
  }

  /**
   * The owner's digest card, in their zone; null when they own nothing in progress any more. Names are
   * read only for who the card shows (the most behind reviewers, where the oldest request waits, the
   * first access to end, the people not reached): a review of 10,000 reviewers names five of them.
   */
  async card(plan: OwnerDigestPlan, ownerId: string, timeZone: string): Promise<CardSpec | null> {
    const share = plan.owned.get(ownerId);
    if (!share || (share.reviews.length === 0 && share.packages.size === 0)) return null;
    const now = this.deps.clock.now();
    const packages = [...share.packages.values()].map(({ pkg, catalog }) => {
      const waiting = plan.facts.waiting.filter((w) => w.request.packageId === pkg.id);
      const ending = plan.facts.assignments.filter((a) => a.packageId === pkg.id && isEndingSoon(a, now));
      return { pkg, catalog, waiting, oldest: earliest(waiting, (w) => w.request.createdAt), ending, soonest: earliest(ending, (a) => a.end!) };
    });
    const reviewers = share.reviews.map((r) => mostBehind(r));
    const involved = [...new Set([...share.reviews.flatMap((r) => [...r.byReviewer.keys()]), ...packages.flatMap((p) => p.waiting.flatMap((w) => w.approverIds))])];
    const [tallies, reach] = await Promise.all([
      Promise.all(share.reviews.map((r) => plan.tally(r, this.deps.reviews))),
      this.deps.reachability.getMany(involved),
    ]);
    // The most recently unreachable first: they are the news.
    const notReached = [...reach].sort(([, a], [, b]) => b.since.getTime() - a.since.getTime()).slice(0, UNREACHABLE_SHOWN);
    const names = await this.deps.people.names([
      ...reviewers.flatMap((r) => r.shown.map(([id]) => id)),
      ...packages.flatMap((p) => [...(p.oldest?.approverIds ?? []), ...(p.oldest && !p.oldest.request.targetDisplayName ? [p.oldest.request.targetUserId] : []), ...(p.soonest ? [p.soonest.targetUserId] : [])]),
      ...notReached.map(([id]) => id),
    ]);
    const name = (id: string) => names.get(id) ?? "someone";

    const reviews = share.reviews.map(
      (r, i): ReviewProgress => ({
        instanceId: r.instance.id,
        displayName: r.instance.displayName,
        endAt: r.instance.endAt,
        tally: tallies[i]!,
        reviewersBehind: reviewers[i]!.shown.map(([id, pending]) => ({ name: name(id), pending })),
        otherReviewersBehind: reviewers[i]!.others,
      }),
    );
    const progress = packages.map(
      (p): PackageProgress => ({
        packageId: p.pkg.id,
        displayName: p.pkg.displayName,
        catalogName: p.catalog.displayName,
        waitingCount: p.waiting.length,
        oldestWaiting: p.oldest
          ? {
              requesterName: p.oldest.request.targetDisplayName || name(p.oldest.request.targetUserId),
              createdAt: p.oldest.request.createdAt,
              stageNumber: p.oldest.stageIndex + 1,
              stageCount: Math.max(p.oldest.stageCount, p.oldest.stageIndex + 1),
              approverNames: p.oldest.approverIds.map(name),
            }
          : null,
        endingSoonCount: p.ending.length,
        soonestEnding: p.soonest ? { personName: name(p.soonest.targetUserId), endAt: p.soonest.end! } : null,
      }),
    );
    const unreachable = notReached.map(([id, r]): UnreachablePerson => ({ name: name(id), status: r.status, reason: r.reason, since: r.since }));
    const data = ownerDigestView({ period: this.deps.period, timeZone, now, reviews, packages: progress, unreachable, otherUnreachable: reach.size - notReached.length });
    return { template: "owner-digest", summary: String(data.summary), data };
  }
}

/** The reviewers of a review with the most decisions waiting (ties by id, so every pass picks the same), and how many others. */
function mostBehind(review: PendingReview): { shown: [string, number][]; others: number } {
  const behind = [...review.byReviewer]
    .map(([id, items]): [string, number] => [id, items.length])
    .filter(([, pending]) => pending > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return { shown: behind.slice(0, BEHIND_SHOWN), others: Math.max(0, behind.length - BEHIND_SHOWN) };
}

function earliest<T>(items: readonly T[], when: (item: T) => Date): T | null {
  let first: T | null = null;
  for (const item of items) if (first === null || when(item).getTime() < when(first).getTime()) first = item;
  return first;
}

/** An owner's digest goes out as a message of its own, not as an item of the reminders batch. */
export function ownerDigestMessage(nudge: PlannedNudge): NudgeDigest {
  return { key: nudge.key, recipientId: nudge.recipientId, kind: "batch", urgency: nudge.urgency, items: [nudge] };
}

function isEndingSoon(assignment: AccessAssignment, now: Date): boolean {
  const end = assignment.end?.getTime();
  return end !== undefined && end > now.getTime() && end - now.getTime() <= ENDING_SOON_MS;
}
