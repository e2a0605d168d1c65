import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { AccessAssignment } from "../../../src/domain/model/access-assignment.js";
import type { PendingReview, ReviewInstance, ReviewItem } from "../../../src/domain/model/access-review.js";
import type { AccessRequest } from "../../../src/domain/model/access-request.js";
import type { OwnedCatalog } from "../../../src/domain/model/owned-catalog.js";
import { emptyOwnerDigestFacts, OwnerDigests, type OwnerDigestFacts, type OwnerDigestsDeps } from "../../../src/use-cases/owner-digests.js";

const NOW = new Date("2026-03-03T09:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const instance: ReviewInstance = {
  id: "inst-1",
  definitionId: "def-1",
  displayName: "Quarterly review: ChatGPT Enterprise Users",
  descriptionForReviewers: "",
  startAt: new Date(NOW.getTime() - 9 * DAY),
  endAt: new Date(NOW.getTime() + 5 * DAY),
  status: "InProgress",
  justificationRequiredOnApproval: false,
};

/** A review whose reviewer `r<i>` has `i + 1` undecided items, for `reviewers` reviewers. */
function pendingReview(reviewers: number, ownerIds = ["lee"]): PendingReview {
  const item = { id: "x" } as ReviewItem;
  const byReviewer = new Map(Array.from({ length: reviewers }, (_, i) => [`r${i}`, Array.from({ length: i + 1 }, () => item)] as const));
  return { instance, byReviewer, unassigned: [], pendingCount: 0, fallbackReviewerIds: [], ownerIds };
}

const request = (packageId: string, createdAt: Date, target = "Brian Johnson"): AccessRequest =>
  ({ id: `req-${target}`, packageId, packageDisplayName: "", targetUserId: `${target}-id`, targetDisplayName: target, createdAt }) as AccessRequest;

const assignment = (packageId: string, end: Date, target = "sofia"): AccessAssignment => ({
  id: `as-${target}`,
  packageId,
  packageDisplayName: "",
  policyId: null,
  state: "delivered",
  start: new Date(end.getTime() - 8 * HOUR),
  end,
  targetUserId: target,
});

const restricted: OwnedCatalog = {
  id: "cat-restricted",
  displayName: "AI tools – restricted",
  ownerIds: ["adele", "alex"],
  packageManagerIds: ["lee"],
  packages: [
    { id: "pkg-legal", displayName: "Legal Research Assistant (30 days)" },
    { id: "pkg-code", displayName: "Code Assistant (up to 7 days)" },
  ],
};

function digests(overrides: Partial<OwnerDigestsDeps> = {}) {
  const calls = { catalogs: 0, tallies: 0, named: [] as string[] };
  const deps: OwnerDigestsDeps = {
    period: "daily",
    catalogs: {
      listOwnedCatalogs: async () => {
        calls.catalogs++;
        return [restricted];
      },
    },
    reviews: {
      tallyDecisions: async () => {
        calls.tallies++;
        return { total: 60, approved: 5, denied: 0, dontKnow: 0, notReviewed: 55 };
      },
    },
    reachability: { getMany: async () => new Map() },
    people: {
      names: async (ids) => {
        calls.named.push(...ids);
        return new Map(ids.map((id) => [id, `Name of ${id}`]));
      },
    },
    clock: { now: () => NOW },
    log: pino({ level: "silent" }),
    ...overrides,
  };
  return { owners: new OwnerDigests(deps), calls };
}

const facts = (parts: Partial<OwnerDigestFacts>): OwnerDigestFacts => ({ ...emptyOwnerDigestFacts(), ...parts });

describe("OwnerDigests.plan", () => {
  it("gives review owners a digest subject, without reading catalog roles when no package has anything going on", async () => {
    const { owners, calls } = digests();
    const plan = await owners.plan(facts({ reviews: [pendingReview(2)], assignments: [assignment("pkg-legal", new Date(NOW.getTime() + 20 * DAY))] }));
    expect(plan.subjects).toEqual([{ kind: "ownerDigest", ownerId: "lee", period: "daily" }]);
    expect(calls.catalogs).toBe(0);
  });

  it("gives every owner and package manager of a catalog a subject when one of its packages has a request waiting or access ending within 7 days", async () => {
    const { owners } = digests();
    const waiting = await owners.plan(facts({ waiting: [{ request: request("pkg-legal", new Date(NOW.getTime() - DAY)), stageIndex: 1, stageCount: 2, approverIds: ["adele"] }] }));
    expect(waiting.subjects.map((s) => s.ownerId).sort()).toEqual(["adele", "alex", "lee"]);
    const ending = await owners.plan(facts({ assignments: [assignment("pkg-code", new Date(NOW.getTime() + 6 * DAY))] }));
    expect(ending.subjects.map((s) => s.ownerId).sort()).toEqual(["adele", "alex", "lee"]);
  });

  it("reads catalog roles at most every ten minutes", async () => {
    const { owners, calls } = digests();
    const busy = facts({ assignments: [assignment("pkg-code", new Date(NOW.getTime() + DAY))] });
    await owners.plan(busy);
    await owners.plan(busy);
    expect(calls.catalogs).toBe(1);
  });

  it("still plans review owners' digests when catalog roles cannot be read", async () => {
    const { owners } = digests({
      catalogs: {
        listOwnedCatalogs: async () => {
          throw new Error("Forbidden");
        },
      },
    });
    const plan = await owners.plan(facts({ reviews: [pendingReview(1)], waiting: [{ request: request("pkg-legal", NOW), stageIndex: 0, stageCount: 2, approverIds: [] }] }));
    expect(plan.subjects.map((s) => s.ownerId)).toEqual(["lee"]);
  });
});

describe("OwnerDigests.card", () => {
  it("names only the reviewers it shows, counts the others, and tallies each review once per pass", async () => {
    const { owners, calls } = digests();
    const plan = await owners.plan(facts({ reviews: [pendingReview(40)] }));
    const card = await owners.card(plan, "lee", "Europe/London");
    await owners.card(plan, "lee", "Europe/London");
    expect(calls.tallies).toBe(1);
    const row = (card!.data.reviews as Record<string, any>[])[0]!;
    expect(row.behind.map((b: { text: string }) => b.text)).toEqual(["Name of r39: 40 to decide", "Name of r38: 39 to decide", "Name of r37: 38 to decide", "Name of r36: 37 to decide", "Name of r35: 36 to decide"]);
    expect(row.moreBehind).toBe("and 35 more reviewers with decisions to make");
    expect(new Set(calls.named).size).toBe(5);
    expect(card!.template).toBe("owner-digest");
  });

  it("shows the oldest waiting request with its approvers, the first access to end, and who could not be reached", async () => {
    const { owners } = digests({
      reachability: { getMany: async (ids) => new Map(ids.filter((id) => id === "miriam").map((id) => [id, { status: "unreachable" as const, reason: "Installing Gatepass for them failed (Forbidden).", since: NOW }])) },
    });
    const plan = await owners.plan(
      facts({
        waiting: [
          { request: request("pkg-legal", new Date(NOW.getTime() - 3 * HOUR), "Victor Nguyen"), stageIndex: 0, stageCount: 2, approverIds: ["miriam"] },
          { request: request("pkg-legal", new Date(NOW.getTime() - DAY), "Brian Johnson"), stageIndex: 1, stageCount: 2, approverIds: ["adele"] },
        ],
        assignments: [assignment("pkg-code", new Date(NOW.getTime() + 5 * HOUR), "sofia"), assignment("pkg-code", new Date(NOW.getTime() + 3 * DAY), "kenji")],
      }),
    );
    const card = await owners.card(plan, "lee", "Europe/London");
    const packages = card!.data.packages as Record<string, string>[];
    expect(packages.map((p) => p.title)).toEqual(["Legal Research Assistant (30 days)", "Code Assistant (up to 7 days)"]);
    expect(packages[0]!.oldest).toBe("The oldest is Brian Johnson's, waiting 1 day, at stage 2 of 2 with Name of adele.");
    expect(packages[1]!.ending).toBe("2 assignments end within 7 days; the first is Name of sofia's, on Tue 3 Mar, 14:00 GMT (5 hours left).");
    expect(card!.data.unreachable).toEqual([{ name: "Name of miriam", what: "could not install the app", detail: "Installing Gatepass for them failed (Forbidden).", since: "Since Tue 3 Mar, 09:00 GMT" }]);
  });

  it("has nothing to say to someone who owns nothing in progress", async () => {
    const { owners } = digests();
    const plan = await owners.plan(facts({ reviews: [pendingReview(1)] }));
    expect(await owners.card(plan, "adele", "Europe/London")).toBeNull();
  });
});
