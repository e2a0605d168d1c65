import { describe, expect, it } from "vitest";
import type { ReviewInstance, ReviewItem } from "../../../../src/domain/model/access-review.js";
import { DIGEST_PAGE_SIZE, orderDigestItems, reasonInputId, reviewDigestView } from "../../../../src/domain/views/review-digest-view.js";
import { renderCard } from "../../../../src/teams/cards/render-card.js";

const NOW = new Date("2026-03-02T17:00:00Z"); // Monday 09:00 in Redmond
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ALEX = "alex-id";

const instance = (overrides: Partial<ReviewInstance> = {}): ReviewInstance => ({
  id: "inst-1",
  definitionId: "def-1",
  displayName: "Copilot Pilot membership review",
  descriptionForReviewers: "Is this person still active in the Copilot pilot?",
  startAt: new Date(NOW.getTime() - 13 * DAY),
  endAt: new Date(NOW.getTime() + 36 * HOUR),
  status: "InProgress",
  justificationRequiredOnApproval: false,
  ...overrides,
});

let n = 0;
const item = (name: string, overrides: Partial<ReviewItem> = {}): ReviewItem => ({
  id: `item-${++n}`,
  principal: { id: `${name}-id`, displayName: name, upn: `${name.split(" ")[0]!.toLowerCase()}@example.com` },
  resourceName: "Copilot Pilot",
  recommendation: "Approve",
  decision: "NotReviewed",
  justification: null,
  reviewedBy: null,
  reviewedAt: null,
  lastSignIn: new Date(NOW.getTime() - 3 * HOUR),
  ...overrides,
});

const viewer = { userId: ALEX, timeZone: "America/Los_Angeles" };
type Row = Record<string, any>;
const rows = (data: Record<string, unknown>) => data.rows as Row[];

describe("review digest view", () => {
  it("titles the card with the review and the due date in the reviewer's zone, with time left", () => {
    const data = reviewDigestView(instance(), [item("Megan Bowen")], viewer, NOW);
    expect(data.title).toBe("Copilot Pilot membership review");
    expect(data.due).toBe("Due Tue 3 Mar, 21:00 PST (1 day 12 hours left)");
    expect(data.dueColor).toBe("Warning");
    const tokyo = reviewDigestView(instance(), [item("Megan Bowen")], { ...viewer, timeZone: "Asia/Tokyo" }, NOW);
    expect(tokyo.due).toBe("Due Wed 4 Mar, 14:00 GMT+9 (1 day 12 hours left)");
    const soon = reviewDigestView(instance({ endAt: new Date(NOW.getTime() + 5 * HOUR) }), [item("Megan Bowen")], viewer, NOW);
    expect(soon.dueColor).toBe("Attention");
  });

  it("lists each pending item with person, resource, recommendation, last sign-in and its own reason box", () => {
    const hannah = item("Hannah Schmidt", { recommendation: "Deny", lastSignIn: new Date(NOW.getTime() - 45 * DAY) });
    const nobody = item("Rosa Guest", { recommendation: "NoInfoAvailable", lastSignIn: null });
    const data = reviewDigestView(instance(), [hannah, nobody], viewer, NOW);
    const [h, r] = rows(data);
    expect(h).toMatchObject({
      decisionId: hannah.id,
      name: "Hannah Schmidt",
      details: "Copilot Pilot · hannah@example.com",
      recommendation: "Entra recommends: Deny",
      recommendationColor: "Attention",
      signIn: "Last signed in 45 days ago",
      canDecide: true,
      canChange: false,
      inputId: reasonInputId(hannah.id),
      inputLabel: "Reason (optional)",
      inputValue: "",
    });
    expect(r).toMatchObject({ recommendation: "No recommendation from Entra", signIn: "" });
    expect(data.progress).toBe("2 of 2 still to review.");
  });

  it("shows decided items with the decision and who made it, after the pending ones", () => {
    const done = item("Adam Approved", { decision: "Approve", justification: "Runs the pilot", reviewedBy: { id: ALEX, displayName: "Alex Wilber", upn: "" }, reviewedAt: new Date(NOW.getTime() - HOUR) });
    const other = item("Dora Denied", { decision: "Deny", reviewedBy: { id: "megan", displayName: "Megan Bowen", upn: "" }, reviewedAt: new Date(NOW.getTime() - HOUR) });
    const unsure = item("Una Unsure", { decision: "DontKnow", reviewedBy: { id: ALEX, displayName: "Alex Wilber", upn: "" }, reviewedAt: null });
    const open = item("Zed Pending");
    const data = reviewDigestView(instance(), [done, other, unsure, open], viewer, NOW);
    expect(rows(data).map((r) => r.name)).toEqual(["Zed Pending", "Adam Approved", "Dora Denied", "Una Unsure"]);
    expect(rows(data)[1]).toMatchObject({ outcome: "Approved by you on Mon 2 Mar, 08:00 PST", outcomeReason: "Runs the pilot", outcomeColor: "Good", canDecide: false, canChange: true });
    expect(rows(data)[2]!.outcome).toBe("Denied by Megan Bowen on Mon 2 Mar, 08:00 PST");
    expect(rows(data)[3]!.outcome).toBe("Marked \u201cdon't know\u201d by you");
    expect(data.progress).toBe("1 of 4 still to review.");
  });

  it("offers accepting recommendations only for pending items that have one", () => {
    const data = reviewDigestView(instance(), [item("A", { recommendation: "Approve" }), item("B", { recommendation: "Deny" }), item("C", { recommendation: "NoInfoAvailable" })], viewer, NOW);
    expect(data.canAcceptAll).toBe(true);
    expect(data.acceptAllTitle).toBe("Accept all recommendations (2)");
    expect(data.acceptAllNote).toBe("Accepting Entra's recommendations approves 1 and denies 1; 1 without a recommendation stay for you to decide.");
    const none = reviewDigestView(instance(), [item("C", { recommendation: "NoInfoAvailable" })], viewer, NOW);
    expect(none.canAcceptAll).toBe(false);
  });

  it("says when a reason is required to approve, and points at the item missing one, keeping what was typed", () => {
    const a = item("Brian Johnson");
    const b = item("Omar Hassan");
    const data = reviewDigestView(instance({ justificationRequiredOnApproval: true }), [a, b], { ...viewer, typed: { [b.id]: "Active on the Fabrikam matter" }, itemErrors: { [a.id]: "Give a reason before you approve Brian: this review asks for one." } }, NOW);
    expect(data.justificationNote).toBe("This review asks for a reason whenever you approve.");
    expect(rows(data)[0]).toMatchObject({ inputLabel: "Reason (required to approve)", error: "Give a reason before you approve Brian: this review asks for one." });
    expect(rows(data)[1]).toMatchObject({ inputValue: "Active on the Fabrikam matter", error: "" });
  });

  it("offers no buttons once the review has ended, and says decisions are final", () => {
    const ended = instance({ status: "Completed", endAt: new Date(NOW.getTime() - HOUR) });
    const data = reviewDigestView(ended, [item("A"), item("B", { decision: "Deny", reviewedBy: null, reviewedAt: NOW })], viewer, NOW);
    expect(data.due).toBe("Ended Mon 2 Mar, 08:00 PST: decisions are final and can no longer be changed here.");
    expect(rows(data).every((r) => !r.canDecide && !r.canChange)).toBe(true);
    expect(rows(data)[1]!.outcome).toBe("Denied by Entra (the review's default decision)");
    expect(data.canAcceptAll).toBe(false);
  });

  it("pages long digests, pending first, and stays on the last page when items are decided away", () => {
    const many = Array.from({ length: 23 }, (_, i) => item(`Person ${String(i).padStart(2, "0")}`));
    const first = reviewDigestView(instance(), many, viewer, NOW);
    expect(rows(first)).toHaveLength(DIGEST_PAGE_SIZE);
    expect(first).toMatchObject({ page: 0, pageText: `Showing 1–${DIGEST_PAGE_SIZE} of 23`, hasPrevious: false, hasNext: true, nextPage: 1 });
    const lastPage = Math.ceil(23 / DIGEST_PAGE_SIZE) - 1;
    const last = reviewDigestView(instance(), many, { ...viewer, page: 99 }, NOW);
    expect(last).toMatchObject({ page: lastPage, pageText: `Showing ${lastPage * DIGEST_PAGE_SIZE + 1}–23 of 23`, hasPrevious: true, hasNext: false, previousPage: lastPage - 1 });
    expect(orderDigestItems(many)[0]!.principal.displayName).toBe("Person 00");
  });

  it("is a pure function of its inputs", () => {
    const items = [item("A"), item("B", { decision: "Approve", reviewedBy: { id: ALEX, displayName: "Alex", upn: "" }, reviewedAt: NOW })];
    expect(reviewDigestView(instance(), items, viewer, NOW)).toEqual(reviewDigestView(instance(), items, viewer, NOW));
  });

  it("renders within Teams' 28 KB message limit even with a full page of long names, reasons and typed text", () => {
    const long = "x".repeat(500);
    const many = Array.from({ length: 40 }, (_, i) =>
      item(`Person with a rather long display name ${i}`, {
        resourceName: "Legal Research Assistant access package",
        decision: "Approve",
        justification: long,
        reviewedBy: { id: ALEX, displayName: "Alex Wilber", upn: "" },
        reviewedAt: NOW,
      }),
    );
    const typed = Object.fromEntries(many.map((i) => [i.id, long]));
    const data = reviewDigestView(instance({ displayName: "y".repeat(200), descriptionForReviewers: long, justificationRequiredOnApproval: true }), many, { ...viewer, typed, notice: "n".repeat(200) }, NOW);
    const size = Buffer.byteLength(JSON.stringify(renderCard("review-digest", data)), "utf8");
    expect(size).toBeLessThan(28 * 1024);
    expect(rows(data)[0]!.outcomeReason).toHaveLength(200);
    expect(rows(data)[0]!.inputValue).toBe(long);
    const sneaky = item("[Click me](https://evil.example)", { decision: "Deny", justification: "**bold** <at>Megan</at>", reviewedBy: { id: ALEX, displayName: "Alex", upn: "" }, reviewedAt: NOW });
    const text = JSON.stringify(renderCard("review-digest", reviewDigestView(instance(), [sneaky], viewer, NOW)));
    expect(text).toContain('"type":"TextRun","text":"[Click me](https://evil.example)"');
    expect(text).toContain('"type":"TextRun","text":"**bold** <at>Megan</at>"');
  });

  it("binds buttons with the ids the flow needs and the card's inputs", () => {
    const a = item("Megan Bowen");
    const card = renderCard("review-digest", reviewDigestView(instance(), [a], { ...viewer, typed: { [a.id]: "Leads the pilot" } }, NOW)) as any;
    const json = JSON.stringify(card);
    expect(json).not.toContain("${");
    const row = card.body.find((b: any) => b.type === "Container" && JSON.stringify(b).includes("review.decide"));
    const input = row.items.find((i: any) => i.type === "Container").items.find((i: any) => i.type === "Input.Text");
    expect(input).toMatchObject({ id: reasonInputId(a.id), value: "Leads the pilot" });
    const actions = row.items.find((i: any) => i.type === "Container").items.find((i: any) => i.type === "ActionSet").actions;
    expect(actions.map((x: any) => [x.title, x.verb, x.data])).toEqual([
      ["Approve", "review.decide", { definitionId: "def-1", instanceId: "inst-1", decisionId: a.id, decision: "Approve", page: 0 }],
      ["Deny", "review.decide", { definitionId: "def-1", instanceId: "inst-1", decisionId: a.id, decision: "Deny", page: 0 }],
      ["Don't know", "review.decide", { definitionId: "def-1", instanceId: "inst-1", decisionId: a.id, decision: "DontKnow", page: 0 }],
    ]);
    expect(card.actions.map((x: any) => x.verb)).toEqual(["review.acceptAll", "review.refresh"]);
    // teams-ai would edit the message for everyone if a returned card carried `refresh` (teams-platform.md).
    expect(card.refresh).toBeUndefined();
  });

  it("hides a decided item's buttons behind \"Change decision\", open again when something was typed or went wrong", () => {
    const decided = item("Megan Bowen", { decision: "Deny", reviewedBy: { id: ALEX, displayName: "Alex Wilber", upn: "" }, reviewedAt: NOW });
    const changeBox = (typed: Record<string, string>) => {
      const card = renderCard("review-digest", reviewDigestView(instance(), [decided], { ...viewer, typed }, NOW)) as any;
      const row = card.body.find((b: any) => b.type === "Container" && JSON.stringify(b).includes("review.decide"));
      const toggle = row.items.find((i: any) => i.type === "ActionSet" && i.actions[0].type === "Action.ToggleVisibility");
      const box = row.items.find((i: any) => i.id === `change-${decided.id}`);
      expect(toggle.actions[0].targetElements).toEqual([box.id]);
      return box.isVisible;
    };
    expect(changeBox({})).toBe(false);
    expect(changeBox({ [decided.id]: "Back on the pilot" })).toBe(true);
  });
});
