import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessReviewGateway } from "../../../src/governance/access-review-gateway.js";
import { GraphHttp } from "../../../src/governance/graph-http.js";
import type { GraphTokenSource } from "../../../src/identity/graph-token-source.js";
import { renderSpec } from "../../../src/teams/cards/render-card.js";
import type { Reply } from "../../../src/use-cases/reply.js";
import { digestKey, ReviewFlow, type ReviewActor } from "../../../src/use-cases/review-flow.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { cardOf, cardText, type TeamsPerson } from "../../support/teams-driver.js";

const COPILOT = { definitionId: "7a1c0000-0000-4000-8000-000000ad0001", instanceId: "7a1c0000-0000-4000-8000-000000ae0001" };
const LEGAL = { definitionId: "7a1c0000-0000-4000-8000-000000ad0004", instanceId: "7a1c0000-0000-4000-8000-000000ae0005" };

let h: BotHarness;
let flow: ReviewFlow;

// One bot and demo tenant for the file (starting one takes seconds): the tests decide different items in
// the order a reviewer would, and the review ends in the last one.
beforeAll(async () => {
  h = await startBotHarness();
  // Until the lead wires ReviewFlow into Gatepass, the test builds it from the running bot's own parts.
  const tenant = h.bot.demoTenant!;
  const app: GraphTokenSource = { kind: "app", principal: "app", getToken: async () => tenant.tenant.mintAppToken() };
  flow = new ReviewFlow(h.bot.gatepass.deps, new AccessReviewGateway(new GraphHttp({ baseUrl: tenant.url }), app));
});
afterAll(() => h?.close());

const actor = (p: TeamsPerson): ReviewActor => ({ aadObjectId: p.aadObjectId, name: p.name });
const origin = (p: TeamsPerson, cardActivityId: string | null = null) => ({ conversationId: h.teams.conversationIdFor(p), cardActivityId });

/** Audit entries about one decision item. */
async function auditOf(instanceId: string, decisionId: unknown, action: string) {
  const entries = await h.bot.gatepass.deps.audit.listBySubject("review", instanceId, { limit: 1000 });
  return entries.filter((e) => e.action === action && (e.details as { decisionId?: unknown }).decisionId === decisionId);
}

/** The decision item of a principal in the demo tenant's state (what Entra holds). */
function entraItem(instanceId: string, principalName: string) {
  const state = h.bot.demoTenant!.tenant.state;
  const principal = state.users.all().find((u) => u.displayName === principalName)!;
  return state.reviewDecisions.by("instanceId", instanceId).find((d) => d.principalId === principal.id)!;
}

/** The row of a principal on a rendered digest card, and the data its buttons send. */
function row(card: any, principalName: string) {
  const container = card.body.find((b: any) => b.type === "Container" && b.items?.[0]?.inlines?.[0]?.text === principalName);
  if (!container) throw new Error(`No row for ${principalName} on the card: ${cardText(card)}`);
  const actions: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === "object") {
      if (n.type === "Action.Execute") actions.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(container.items);
  const button = (title: string) => {
    const action = actions.find((a) => a.title === title);
    if (!action) throw new Error(`No ${title} button for ${principalName}`);
    return { ...action.data } as Record<string, unknown>;
  };
  return { text: cardText(container), button, reasonId: actions[0] ? `reason-${actions[0].data.decisionId}` : "" };
}

function replyCard(reply: Reply): any {
  if (reply.kind !== "card") throw new Error(`Expected a card, got: ${reply.text}`);
  return renderSpec(reply.card);
}

async function postDigestTo(who: TeamsPerson, review: typeof COPILOT): Promise<{ activityId: string; card: any }> {
  await h.teams.install(who);
  const message = await flow.postDigest(who.aadObjectId, review.definitionId, review.instanceId);
  expect(message).not.toBeNull();
  const activity = h.teams.messagesOf(who).get(message!.activityId)!;
  return { activityId: message!.activityId, card: cardOf(activity) };
}

describe("the reviewer's digest card", () => {
  it("lists Alex's pending Copilot Pilot items with Entra's recommendations, due in his own zone", async () => {
    const { card } = await postDigestTo(PERSONAS.alex, COPILOT);
    const text = cardText(card);
    expect(text).toContain("Copilot Pilot membership review");
    // 36 hours after Monday 09:00 in Redmond.
    expect(text).toContain("Due Tue 3 Mar, 21:00 PST (1 day 12 hours left)");
    expect(text).toContain("6 of 6 still to review.");
    expect(row(card, "Hannah Schmidt").text).toContain("Entra recommends: Deny");
    expect(row(card, "Hannah Schmidt").text).toContain("Last signed in 45 days ago");
    for (const name of ["Megan Bowen", "Lukas Meyer", "Daniel Kim", "Pradeep Gupta", "Lidia Holloway"]) {
      expect(row(card, name).text).toContain("Entra recommends: Approve");
    }
    expect(card.actions.map((a: any) => a.title)).toEqual(["Accept all recommendations (6)", "Refresh"]);
    const stored = await h.bot.gatepass.deps.cards.get(digestKey(COPILOT.instanceId, PERSONAS.alex.aadObjectId));
    expect(stored?.conversationId).toBe(h.teams.conversationIdFor(PERSONAS.alex));
    // Paging only starts past a card's worth of items; a page past the end shows the last one.
    expect(card.actions.some((a: any) => a.title === "Show more")).toBe(false);
    const refreshed = await flow.onAction(actor(PERSONAS.alex), "review.refresh", { ...COPILOT, page: 3 }, origin(PERSONAS.alex));
    expect(cardText(replyCard(refreshed))).toContain("6 of 6 still to review.");
  });

  it("Approve with a reason reaches Entra with Alex's token, and the card updates in place", async () => {
    const posted = await postDigestTo(PERSONAS.alex, COPILOT);
    const megan = row(posted.card, "Megan Bowen");
    const mark = h.teams.captured.length;
    const reply = await flow.onAction(actor(PERSONAS.alex), "review.decide", { ...megan.button("Approve"), [megan.reasonId]: "Leads the pilot's marketing track" }, origin(PERSONAS.alex, posted.activityId));

    expect(entraItem(COPILOT.instanceId, "Megan Bowen")).toMatchObject({ decision: "Approve", justification: "Leads the pilot's marketing track", reviewedById: PERSONAS.alex.aadObjectId });
    const card = replyCard(reply);
    expect(cardText(card)).toContain("Recorded in Entra: approved for Megan Bowen.");
    expect(cardText(card)).toContain("5 of 6 still to review.");
    expect(row(card, "Megan Bowen").text).toContain("Approved by you on Mon 2 Mar, 09:00 PST");
    expect(row(card, "Megan Bowen").text).toContain("Leads the pilot's marketing track");
    // The posted message shows the same card (a personal chat has only the reviewer in it).
    const update = await h.teams.waitFor((a) => a.kind === "update" && a.activityId === posted.activityId, 5_000, mark);
    expect(cardText(cardOf(update.activity))).toContain("Approved by you");
    expect(await auditOf(COPILOT.instanceId, megan.button("Approve").decisionId, "review.decided")).toMatchObject([
      { actorAadObjectId: PERSONAS.alex.aadObjectId, outcome: "ok", reason: "Leads the pilot's marketing track", details: { decision: "Approve", definitionId: COPILOT.definitionId } },
    ]);
  });

  it("records Deny and Don't know, keeping other typed reasons, and a repeated click acts once", async () => {
    const { card, activityId } = await postDigestTo(PERSONAS.alex, COPILOT);
    const lukas = row(card, "Lukas Meyer");
    const daniel = row(card, "Daniel Kim");
    const deny = { ...lukas.button("Deny"), [lukas.reasonId]: "Left the pilot in February", [daniel.reasonId]: "Asking his manager" };
    const [first, second] = await Promise.all([
      flow.onAction(actor(PERSONAS.alex), "review.decide", deny, origin(PERSONAS.alex, activityId)),
      flow.onAction(actor(PERSONAS.alex), "review.decide", deny, origin(PERSONAS.alex, activityId)),
    ]);
    expect(entraItem(COPILOT.instanceId, "Lukas Meyer")).toMatchObject({ decision: "Deny", justification: "Left the pilot in February" });
    // What was typed for Daniel survives the round trip.
    for (const reply of [first, second]) expect(JSON.stringify(replyCard(reply))).toContain('"value":"Asking his manager"');
    const third = await flow.onAction(actor(PERSONAS.alex), "review.decide", deny, origin(PERSONAS.alex, activityId));
    expect(cardText(replyCard(third))).toContain("Already recorded: denied for Lukas Meyer.");
    expect(await auditOf(COPILOT.instanceId, lukas.button("Deny").decisionId, "review.decided")).toHaveLength(1);

    const dontKnow = await flow.onAction(actor(PERSONAS.alex), "review.decide", { ...daniel.button("Don't know"), [daniel.reasonId]: "Asking his manager" }, origin(PERSONAS.alex, activityId));
    expect(entraItem(COPILOT.instanceId, "Daniel Kim")).toMatchObject({ decision: "DontKnow", justification: "Asking his manager" });
    expect(row(replyCard(dontKnow), "Daniel Kim").text).toContain("Marked \u201cdon't know\u201d by you");

    // A change of mind is a new decision, not a repeat (from the decided row's "Change decision" buttons).
    const changed = await flow.onAction(actor(PERSONAS.alex), "review.decide", { ...row(replyCard(dontKnow), "Lukas Meyer").button("Approve") }, origin(PERSONAS.alex, activityId));
    expect(entraItem(COPILOT.instanceId, "Lukas Meyer")).toMatchObject({ decision: "Approve", justification: null });
    expect(row(replyCard(changed), "Lukas Meyer").text).toContain("Approved by you");
    expect(await auditOf(COPILOT.instanceId, lukas.button("Deny").decisionId, "review.decided")).toHaveLength(2);
  });

  it("refuses someone Entra does not list as a reviewer, without changing anything", async () => {
    const { card } = await postDigestTo(PERSONAS.alex, COPILOT);
    const data = { ...row(card, "Hannah Schmidt").button("Approve") };
    const reply = await flow.onAction(actor(PERSONAS.isaiah), "review.decide", data, origin(PERSONAS.isaiah));
    expect(reply).toEqual({ kind: "text", text: expect.stringContaining("Entra doesn't list you as a reviewer of \"Copilot Pilot membership review\"") });
    const accept = await flow.onAction(actor(PERSONAS.isaiah), "review.acceptAll", { ...COPILOT }, origin(PERSONAS.isaiah));
    expect(accept.kind).toBe("text");
    // Megan reviews the same instance, but not Hannah: she gets her own card with the refusal on it.
    const megan = await flow.onAction(actor(PERSONAS.megan), "review.decide", data, origin(PERSONAS.megan));
    expect(cardText(replyCard(megan))).toContain("That item is not yours to review");
    expect(entraItem(COPILOT.instanceId, "Hannah Schmidt").decision).toBe("NotReviewed");
    const refused = await auditOf(COPILOT.instanceId, data.decisionId, "review.refused");
    expect(refused.map((e) => e.actorAadObjectId).sort()).toEqual([PERSONAS.isaiah.aadObjectId, PERSONAS.megan.aadObjectId].sort());
  });

  it("accepts Entra's recommendations for what is left, and audits each decision", async () => {
    const { card, activityId } = await postDigestTo(PERSONAS.alex, COPILOT);
    expect(cardText(card)).toContain("3 of 6 still to review.");
    const accept = card.actions.find((a: any) => a.verb === "review.acceptAll");
    expect(accept.title).toBe("Accept all recommendations (3)");
    const reply = await flow.onAction(actor(PERSONAS.alex), "review.acceptAll", { ...accept.data }, origin(PERSONAS.alex, activityId));
    expect(cardText(replyCard(reply))).toContain("Accepted Entra's recommendations: 2 approved, 1 denied.");
    expect(cardText(replyCard(reply))).toContain("All 6 reviewed. Thank you!");
    const hannah = entraItem(COPILOT.instanceId, "Hannah Schmidt");
    expect(hannah).toMatchObject({ decision: "Deny", reviewedById: PERSONAS.alex.aadObjectId });
    expect(entraItem(COPILOT.instanceId, "Pradeep Gupta").decision).toBe("Approve");
    expect(entraItem(COPILOT.instanceId, "Lidia Holloway").decision).toBe("Approve");
    // Decided before: left as they were.
    expect(entraItem(COPILOT.instanceId, "Megan Bowen").justification).toBe("Leads the pilot's marketing track");
    expect(entraItem(COPILOT.instanceId, "Daniel Kim").decision).toBe("DontKnow");
    expect(await auditOf(COPILOT.instanceId, hannah.id, "review.decided")).toMatchObject([{ outcome: "ok", details: { decision: "Deny", via: "acceptRecommendations" } }]);
    // Nothing is left to accept: the button is gone, and a repeated click changes nothing.
    expect(replyCard(reply).actions.map((a: any) => a.verb)).toEqual(["review.refresh"]);
    const again = await flow.onAction(actor(PERSONAS.alex), "review.acceptAll", { ...accept.data }, origin(PERSONAS.alex, activityId));
    expect(cardText(replyCard(again))).toContain("Nothing left to accept");
    expect(await auditOf(COPILOT.instanceId, hannah.id, "review.decided")).toHaveLength(1);
  });

  it("points out the missing reason on Adele's Legal Research review, and loses nothing typed", async () => {
    const { card, activityId } = await postDigestTo(PERSONAS.adele, LEGAL);
    expect(cardText(card)).toContain("This review asks for a reason whenever you approve.");
    const brian = row(card, "Brian Johnson");
    const omar = row(card, "Omar Haddad");
    const reply = await flow.onAction(actor(PERSONAS.adele), "review.decide", { ...brian.button("Approve"), [brian.reasonId]: "   ", [omar.reasonId]: "On the Contoso merger matter" }, origin(PERSONAS.adele, activityId));
    const refused = replyCard(reply);
    expect(row(refused, "Brian Johnson").text).toContain("Give a reason before you approve Brian: this review asks for one.");
    expect(JSON.stringify(refused)).toContain('"value":"On the Contoso merger matter"');
    expect(entraItem(LEGAL.instanceId, "Brian Johnson").decision).toBe("NotReviewed");
    expect(await auditOf(LEGAL.instanceId, brian.button("Approve").decisionId, "review.refused")).toMatchObject([{ reason: "missing justification" }]);

    const approved = await flow.onAction(actor(PERSONAS.adele), "review.decide", { ...brian.button("Approve"), [brian.reasonId]: "Works on the Fabrikam matter", [omar.reasonId]: "On the Contoso merger matter" }, origin(PERSONAS.adele, activityId));
    expect(entraItem(LEGAL.instanceId, "Brian Johnson")).toMatchObject({ decision: "Approve", justification: "Works on the Fabrikam matter" });
    expect(JSON.stringify(replyCard(approved))).toContain('"value":"On the Contoso merger matter"');
    // Deny needs no reason.
    await flow.onAction(actor(PERSONAS.adele), "review.decide", { ...omar.button("Deny") }, origin(PERSONAS.adele, activityId));
    expect(entraItem(LEGAL.instanceId, "Omar Haddad").decision).toBe("Deny");
  });

  it("a decision made outside Teams reaches the posted digest on the next refresh", async () => {
    const { activityId } = await postDigestTo(PERSONAS.adele, LEGAL);
    const tenant = h.bot.demoTenant!;
    const victor = entraItem(LEGAL.instanceId, "Victor Nguyen");
    // Adele decides in My Access, with her own token.
    const res = await fetch(`${tenant.url}/v1.0/identityGovernance/accessReviews/definitions/${LEGAL.definitionId}/instances/${LEGAL.instanceId}/decisions/${victor.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${tenant.tenant.mintUserToken(PERSONAS.adele.aadObjectId)}`, "content-type": "application/json" },
      body: JSON.stringify({ decision: "Deny", justification: "Contract ended" }),
    });
    expect(res.status).toBe(204);
    const mark = h.teams.captured.length;
    const result = await flow.digests.refreshAllPosted();
    expect(result.failed).toBe(0);
    const update = await h.teams.waitFor((a) => a.kind === "update" && a.activityId === activityId, 5_000, mark);
    expect(row(cardOf(update.activity), "Victor Nguyen").text).toContain("Denied by you");
    // Nothing changed since: a second pass updates nothing.
    const before = h.teams.captured.length;
    await flow.digests.refreshAllPosted();
    expect(h.teams.captured.slice(before).filter((a) => a.activityId === activityId)).toEqual([]);
  });

  it("once the review has ended, the card says so, shows Entra's default decisions and offers no buttons", async () => {
    const { card, activityId } = await postDigestTo(PERSONAS.megan, COPILOT);
    // Megan is the fallback reviewer of Alex's own membership, which nobody decides before the end.
    const alex = row(card, "Alex Wilber").button("Approve");
    await h.advance("PT37H");
    const ended = replyCard(await flow.onAction(actor(PERSONAS.megan), "review.decide", alex, origin(PERSONAS.megan, activityId)));
    expect(cardText(ended)).toContain("Ended Tue 3 Mar, 21:00 PST: decisions are final");
    expect(cardText(ended)).toContain("This review is no longer in progress");
    expect(row(ended, "Alex Wilber").text).toContain("Denied by Entra (the review's default decision)");
    expect(JSON.stringify(ended)).not.toContain("review.decide");
    expect(entraItem(COPILOT.instanceId, "Alex Wilber").decision).toBe("Deny");

    // The refresh pass shows the end on every posted digest of the review, then stops watching it.
    const mark = h.teams.captured.length;
    await flow.digests.refreshAllPosted();
    const alexCard = (await h.bot.gatepass.deps.cards.get(digestKey(COPILOT.instanceId, PERSONAS.alex.aadObjectId)))!;
    const update = await h.teams.waitFor((a) => a.kind === "update" && a.activityId === alexCard.activityId, 5_000, mark);
    expect(cardText(cardOf(update.activity))).toContain("decisions are final");
    expect(await h.bot.gatepass.deps.cards.listUnsettledSubjects("review")).not.toContain(COPILOT.instanceId);
  });
});
