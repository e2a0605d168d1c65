import { describe, expect, it } from "vitest";
import {
  BEHIND_SHOWN,
  PACKAGES_SHOWN,
  REVIEWS_SHOWN,
  UNREACHABLE_SHOWN,
  describeUnreachable,
  ownerDigestView,
  textProgressBar,
  type OwnerDigestInput,
  type PackageProgress,
  type ReviewProgress,
} from "../../../../src/domain/views/owner-digest-view.js";
import { renderCard } from "../../../../src/teams/cards/render-card.js";
import { cardText } from "../../../support/teams-driver.js";

const NOW = new Date("2026-03-03T09:00:00Z"); // Tuesday 09:00 in London
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const review = (overrides: Partial<ReviewProgress> = {}): ReviewProgress => ({
  instanceId: "inst-chatgpt",
  displayName: "Quarterly review: ChatGPT Enterprise Users",
  endAt: new Date(NOW.getTime() + 5 * DAY),
  tally: { total: 8, approved: 1, denied: 1, dontKnow: 0, notReviewed: 6 },
  reviewersBehind: [
    { name: "Patti Fernandez", pending: 1 },
    { name: "Megan Bowen", pending: 3 },
    { name: "Christie Cline", pending: 2 },
    { name: "Lynne Robbins", pending: 1 },
  ],
  ...overrides,
});

const legal = (overrides: Partial<PackageProgress> = {}): PackageProgress => ({
  packageId: "pkg-legal",
  displayName: "Legal Research Assistant (30 days)",
  catalogName: "AI tools – restricted",
  waitingCount: 2,
  oldestWaiting: { requesterName: "Brian Johnson", createdAt: new Date(NOW.getTime() - 2 * DAY), stageNumber: 2, stageCount: 2, approverNames: ["Adele Vance"] },
  endingSoonCount: 0,
  soonestEnding: null,
  ...overrides,
});

const input = (overrides: Partial<OwnerDigestInput> = {}): OwnerDigestInput => ({
  period: "daily",
  timeZone: "Europe/London",
  now: NOW,
  reviews: [review()],
  packages: [],
  unreachable: [],
  ...overrides,
});

type Row = Record<string, any>;

describe("textProgressBar", () => {
  it("draws ten cells and the share decided", () => {
    expect(textProgressBar(7, 10)).toBe("███████░░░ 70% decided");
    expect(textProgressBar(0, 8)).toBe("░░░░░░░░░░ 0% decided");
    expect(textProgressBar(8, 8)).toBe("██████████ 100% decided");
  });

  it("never shows a started review as empty, nor an unfinished one as full or 100%", () => {
    expect(textProgressBar(1, 200)).toBe("█░░░░░░░░░ 0% decided");
    expect(textProgressBar(199, 200)).toBe("█████████░ 99% decided");
  });

  it("says so when there is nothing to decide", () => {
    expect(textProgressBar(0, 0)).toBe("░░░░░░░░░░ nothing to decide");
  });
});

describe("ownerDigestView", () => {
  it("shows decided out of total, with what was decided, and the end in the owner's zone", () => {
    const data = ownerDigestView(input());
    const [row] = data.reviews as Row[];
    expect(data.title).toBe("Your daily progress digest");
    expect(data.asOf).toBe("As of Tue 3 Mar, 09:00 GMT");
    expect(row!.figures).toBe("2 of 8 decided (1 approved, 1 denied); 6 still to decide.");
    expect(row!.bar).toBe("███░░░░░░░ 25% decided");
    expect(row!.ends).toBe("Ends Sun 8 Mar, 09:00 GMT (5 days left)");
    expect(row!.endsColor).toBe("Default");
    expect(data.summary).toBe("1 access review in progress: 2 of 8 decisions made.");
  });

  it("colours an end within a day as urgent, within three days as a warning", () => {
    const soon = ownerDigestView(input({ reviews: [review({ endAt: new Date(NOW.getTime() + 20 * HOUR) })] }));
    expect((soon.reviews as Row[])[0]!.endsColor).toBe("Attention");
    const later = ownerDigestView(input({ reviews: [review({ endAt: new Date(NOW.getTime() + 2 * DAY) })] }));
    expect((later.reviews as Row[])[0]!.endsColor).toBe("Warning");
  });

  it("lists the reviewers most behind first, at most five, and counts the rest", () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ name: `Reviewer ${String.fromCharCode(65 + i)}`, pending: i % 3 }));
    const data = ownerDigestView(input({ reviews: [review({ reviewersBehind: [...review().reviewersBehind, ...many] })] }));
    const [row] = data.reviews as Row[];
    const behind = (row!.behind as Row[]).map((b) => b.text);
    expect(behind).toHaveLength(BEHIND_SHOWN);
    expect(behind).toEqual([
      "Megan Bowen: 3 to decide",
      "Christie Cline: 2 to decide",
      "Reviewer C: 2 to decide",
      "Reviewer F: 2 to decide",
      "Lynne Robbins: 1 to decide",
    ]);
    // Nine reviewers have something pending (those with none are not behind): four are counted.
    expect(row!.moreBehind).toBe("and 4 more reviewers with decisions to make");
  });

  it("gives the chart one stacked bar per review, soonest end first, and the same picture as text", () => {
    const first = review({ instanceId: "inst-ai", displayName: "AI Platform Admins eligibility review", endAt: new Date(NOW.getTime() + 2 * DAY), tally: { total: 7, approved: 1, denied: 0, dontKnow: 1, notReviewed: 5 } });
    const data = ownerDigestView(input({ reviews: [review(), first] }));
    expect(data.hasReviews).toBe(true);
    expect((data.chart as Row[]).map((c) => c.title)).toEqual(["AI Platform Admins eligibility review", "Quarterly review: ChatGPT Enterprise Users"]);
    expect((data.chart as Row[])[0]!.data).toEqual([
      { legend: "Approved", value: 1, color: "good" },
      { legend: "Denied", value: 0, color: "attention" },
      { legend: "Don't know", value: 1, color: "warning" },
      { legend: "Not decided", value: 5, color: "neutral" },
    ]);
    expect(data.bars).toEqual([
      { bar: "███░░░░░░░ 28% decided", name: "AI Platform Admins eligibility review" },
      { bar: "███░░░░░░░ 25% decided", name: "Quarterly review: ChatGPT Enterprise Users" },
    ]);
  });

  it("tells per package how many requests wait, the oldest and where it waits, and what ends soon", () => {
    const soonestEnding = { personName: "Sofia Romero", endAt: new Date(NOW.getTime() + 5 * HOUR) };
    const data = ownerDigestView(input({ reviews: [], packages: [legal({ endingSoonCount: 2, soonestEnding })] }));
    const [row] = data.packages as Row[];
    expect(row).toMatchObject({
      title: "Legal Research Assistant (30 days)",
      catalog: "AI tools – restricted",
      waiting: "2 requests wait for approval.",
      oldest: "The oldest is Brian Johnson's, waiting 2 days, at stage 2 of 2 with Adele Vance.",
      ending: "2 assignments end within 7 days; the first is Sofia Romero's, on Tue 3 Mar, 14:00 GMT (5 hours left).",
    });
    expect(data.hasReviews).toBe(false);
    expect(data.summary).toBe("2 requests wait for approval. 2 assignments end within 7 days.");
  });

  it("names at most three approvers where a request waits, and says when Entra resolves nobody", () => {
    const names = ["Alex Wilber", "Adele Vance", "Lee Gu", "Grady Archie"];
    const data = ownerDigestView(
      input({ reviews: [], packages: [legal({ waitingCount: 1, oldestWaiting: { requesterName: "Pradeep Gupta", createdAt: new Date(NOW.getTime() - 6 * HOUR), stageNumber: 2, stageCount: 2, approverNames: names } })] }),
    );
    expect((data.packages as Row[])[0]!.oldest).toBe("It is Pradeep Gupta's, waiting 6 hours, at stage 2 of 2 with Alex Wilber, Adele Vance, Lee Gu, 1 more.");
    const nobody = ownerDigestView(
      input({ reviews: [], packages: [legal({ waitingCount: 1, oldestWaiting: { requesterName: "Victor Nguyen", createdAt: new Date(NOW.getTime() - HOUR), stageNumber: 1, stageCount: 2, approverNames: [] } })] }),
    );
    expect((nobody.packages as Row[])[0]!.oldest).toBe("It is Victor Nguyen's, waiting 1 hour, at stage 1 of 2, with no approver Entra can resolve.");
  });

  it("lists the people the bot could not reach, with what happened and the reason recorded", () => {
    const since = new Date(NOW.getTime() - 16 * HOUR);
    const data = ownerDigestView(
      input({
        unreachable: [
          { name: "Lynne Robbins", status: "unreachable", reason: "Installing Gatepass for them failed (Forbidden): Not allowed.", since },
          { name: "Grady Archie", status: "blocked", reason: "Teams refused messages to them (403 MessageWritesBlocked): they blocked or removed Gatepass.", since },
        ],
      }),
    );
    expect(data.hasUnreachable).toBe(true);
    expect(data.unreachable).toEqual([
      { name: "Grady Archie", what: "blocked the bot", detail: "Teams refused messages to them (403 MessageWritesBlocked): they blocked or removed Gatepass.", since: "Since Mon 2 Mar, 17:00 GMT" },
      { name: "Lynne Robbins", what: "could not install the app", detail: "Installing Gatepass for them failed (Forbidden): Not allowed.", since: "Since Mon 2 Mar, 17:00 GMT" },
    ]);
    expect(data.summary).toBe("1 access review in progress: 2 of 8 decisions made. 2 people could not be reached.");
  });

  it("reads what happened from the recorded sentence", () => {
    expect(describeUnreachable({ status: "unreachable", reason: "They never opened Gatepass in Teams, and installing it for them is not set up (TEAMS_APP_ID)." })).toBe("could not install the app");
    expect(describeUnreachable({ status: "unreachable", reason: "Gatepass is installed for them, but Teams refused to open a chat (403 Forbidden)." })).toBe("could not open a chat");
    expect(describeUnreachable({ status: "unreachable", reason: "No Bot Connector is known yet: nobody has talked to the bot in this tenant." })).toBe("could not open a chat");
    expect(describeUnreachable({ status: "unreachable", reason: "Something else." })).toBe("could not be reached");
  });

  it("counts the reviewers the caller did not name among those behind", () => {
    const data = ownerDigestView(input({ reviews: [review({ reviewersBehind: [{ name: "Megan Bowen", pending: 3 }], otherReviewersBehind: 9_995 })] }));
    const [row] = data.reviews as Row[];
    expect((row!.behind as Row[]).map((b) => b.text)).toEqual(["Megan Bowen: 3 to decide"]);
    expect(row!.moreBehind).toBe("and 9995 more reviewers with decisions to make");
  });

  it("shows at most a card's worth of reviews, packages and people, and counts the rest", () => {
    const reviews = Array.from({ length: REVIEWS_SHOWN + 3 }, (_, i) => review({ instanceId: `inst-${i}`, displayName: `Review ${i}`, endAt: new Date(NOW.getTime() + (i + 1) * DAY) }));
    const packages = Array.from({ length: PACKAGES_SHOWN + 2 }, (_, i) => legal({ packageId: `pkg-${i}`, displayName: `Tool ${i}` }));
    const unreachable = Array.from({ length: UNREACHABLE_SHOWN }, (_, i) => ({ name: `Person ${i}`, status: "unreachable" as const, reason: "Installing Gatepass for them failed.", since: NOW }));
    const data = ownerDigestView(input({ reviews, packages, unreachable, otherUnreachable: 5 }));
    expect(data.reviews as Row[]).toHaveLength(REVIEWS_SHOWN);
    expect((data.reviews as Row[])[0]!.title).toBe("Review 0");
    expect(data.chart as Row[]).toHaveLength(REVIEWS_SHOWN);
    expect(data.moreReviews).toBe("and 3 more reviews in progress");
    expect(data.packages as Row[]).toHaveLength(PACKAGES_SHOWN);
    expect(data.morePackages).toBe("and 2 more access packages with requests waiting or access ending");
    expect(data.unreachable as Row[]).toHaveLength(UNREACHABLE_SHOWN);
    expect(data.moreUnreachable).toBe("and 5 more people");
    // The summary counts everything.
    expect(data.summary).toBe(`${REVIEWS_SHOWN + 3} access reviews in progress: ${2 * (REVIEWS_SHOWN + 3)} of ${8 * (REVIEWS_SHOWN + 3)} decisions made. 20 requests wait for approval. 15 people could not be reached.`);
    // And the card stays well under what Teams accepts (about 28 KB).
    expect(JSON.stringify(renderCard("owner-digest", data)).length).toBeLessThan(24_000);
  });

  it("says weekly for a weekly digest", () => {
    expect(ownerDigestView(input({ period: "weekly" })).title).toBe("Your weekly progress digest");
  });
});

describe("the owner-digest template", () => {
  it("renders the chart with a text fallback, names as plain TextRuns, and hides empty sections", () => {
    const card = renderCard(
      "owner-digest",
      ownerDigestView(input({ unreachable: [{ name: "[Lynne](https://evil.example)", status: "blocked", reason: "Teams refused messages to them.", since: NOW }] })),
    ) as Row;
    expect(card.version).toBe("1.5");
    const chart = (card.body as Row[]).find((b) => b.type === "Chart.HorizontalBar.Stacked")!;
    expect(chart.data).toEqual([
      {
        title: "Quarterly review: ChatGPT Enterprise Users",
        data: [
          { legend: "Approved", value: 1, color: "good" },
          { legend: "Denied", value: 1, color: "attention" },
          { legend: "Don't know", value: 0, color: "warning" },
          { legend: "Not decided", value: 6, color: "neutral" },
        ],
      },
    ]);
    expect(cardText(chart.fallback)).toContain("███░░░░░░░ 25% decided");
    expect(cardText(chart.fallback)).toContain("Quarterly review: ChatGPT Enterprise Users");
    const text = cardText(card);
    expect(text).toContain("Megan Bowen: 3 to decide");
    expect(text).toContain("People the bot could not reach");
    expect(text).not.toContain("Access packages");
    // What the directory holds is shown as a TextRun, which Teams does not read as markdown.
    const runs: Row[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === "object") {
        if ((n as Row).type === "TextRun") runs.push(n as Row);
        Object.values(n).forEach(walk);
      }
    };
    walk(card.body);
    expect(runs.some((r) => r.text === "[Lynne](https://evil.example)")).toBe(true);
    const blocks = JSON.stringify((card.body as Row[]).filter((b) => b.type === "TextBlock"));
    expect(blocks).not.toContain("evil.example");
  });

  it("leaves the chart out when the owner has no review in progress", () => {
    const card = renderCard("owner-digest", ownerDigestView(input({ reviews: [], packages: [legal()] }))) as Row;
    expect((card.body as Row[]).some((b) => String(b.type).startsWith("Chart."))).toBe(false);
    expect(cardText(card)).toContain("Legal Research Assistant (30 days)");
  });
});
