import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { AuditTrail, NudgeReachability } from "../../../src/store/index.js";
import { startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { person } from "../../support/bot-flows.js";
import { cardOf, cardText, type CapturedActivity, type TeamsPerson } from "../../support/teams-driver.js";

/** The ChatGPT Enterprise Users review Lee Gu created: due in 5 days, decided by each principal's manager. */
const CHATGPT_REVIEW = { definition: "7a1c0000-0000-4000-8000-000000ad0002", instance: "7a1c0000-0000-4000-8000-000000ae0003" };

let h: BotHarness;
let lee: TeamsPerson;
let lynne: TeamsPerson;

// Lee Gu (London) created three access reviews in progress, owns the AI platform catalog and manages the
// restricted AI tools' packages. Lynne Robbins reviews and approves in them, never opened the bot, and
// Teams refuses to install the app for her.
beforeAll(async () => {
  h = await startBotHarness();
  lee = person(h, "Lee Gu");
  lynne = person(h, "Lynne Robbins");
  await h.teams.install(lee);
  const faults = await fetch(`${h.bot.demoTenant!.url}/_demo/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rules: [{ match: `^POST /v1\\.0/users/${lynne.aadObjectId}/teamwork/installedApps`, status: 403 }] }),
  });
  expect(faults.status).toBe(200);
});
afterAll(() => h?.close());

/** The owners' digests the bot sent someone since `mark`. */
function digestsTo(who: TeamsPerson, mark: number): CapturedActivity[] {
  return h.teams.captured
    .slice(mark)
    .filter((c) => c.kind === "send" && c.conversationId === h.teams.conversationIdFor(who) && /progress digest/.test(cardText(cardOf(c.activity))));
}

/** Lee's review instances in progress, with decided and total counted from what Entra holds. */
function leesReviewsInEntra() {
  const state = h.bot.demoTenant!.tenant.state;
  return state.reviewDefinitions
    .all()
    .filter((d) => d.createdById === lee.aadObjectId)
    .flatMap((d) => state.reviewInstances.by("definitionId", d.id).filter((i) => i.status === "InProgress").map((i) => ({ definition: d, instance: i })))
    .map(({ definition, instance }) => {
      const items = state.reviewDecisions.by("instanceId", instance.id);
      return { name: definition.displayName, decided: items.filter((d) => d.decision !== "NotReviewed").length, total: items.length };
    });
}

function localHour(date: Date, zone: string): number {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(date));
}

/** Records a reviewer's decision in Entra the way My Access would: the reviewer's own token, PATCH. */
async function decideInEntra(reviewer: TeamsPerson, decision: "Approve" | "Deny"): Promise<void> {
  const url = h.bot.demoTenant!.url;
  const token = ((await (await fetch(`${url}/_demo/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "user", userId: reviewer.aadObjectId }) })).json()) as { access_token: string }).access_token;
  const instance = `${url}/v1.0/identityGovernance/accessReviews/definitions/${CHATGPT_REVIEW.definition}/instances/${CHATGPT_REVIEW.instance}`;
  const mine = (await (await fetch(`${instance}/decisions/filterByCurrentUser(on='reviewer')`, { headers: { authorization: `Bearer ${token}` } })).json()) as { value: { id: string; decision: string }[] };
  const item = mine.value.find((d) => d.decision === "NotReviewed")!;
  const patched = await fetch(`${instance}/decisions/${item.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ decision, justification: "Still on the campaign team" }),
  });
  expect(patched.status).toBe(204);
}

describe("the owners' progress digest", () => {
  it("tells an owner how each review is going (as Entra counts it), who is behind, when it ends, with a chart and a text picture", async () => {
    const mark = h.teams.captured.length;
    await h.nudge();
    const sent = digestsTo(lee, mark);
    expect(sent).toHaveLength(1);
    const card = cardOf(sent[0]!.activity)!;
    const text = cardText(card);
    expect(text).toContain("Your daily progress digest");

    const reviews = leesReviewsInEntra();
    expect(reviews.map((r) => r.name).sort()).toEqual(["AI Platform Admins eligibility review", "Copilot Pilot membership review", "Quarterly review: ChatGPT Enterprise Users"]);
    for (const review of reviews) {
      expect(text).toContain(review.name);
      expect(text).toContain(`${review.decided} of ${review.total} decided`);
    }
    // Managers review the ChatGPT seats: Megan Bowen has three of her reports to decide, Christie Cline two.
    expect(text).toContain("Megan Bowen: 3 to decide");
    expect(text).toContain("Christie Cline: 2 to decide");
    // In Lee's own zone: five days after Monday 17:00 in London.
    expect(text).toContain("Ends Sat 7 Mar, 17:00 GMT (5 days left)");

    // The picture: one stacked bar per review, and the same as text where charts are not drawn.
    const chart = (card.body as any[]).find((b) => b.type === "Chart.HorizontalBar.Stacked");
    expect(chart).toBeTruthy();
    expect((chart.data as any[]).map((row) => row.title).sort()).toEqual(reviews.map((r) => r.name).sort());
    const chatgpt = (chart.data as any[]).find((row) => row.title === "Quarterly review: ChatGPT Enterprise Users");
    const inEntra = reviews.find((r) => r.name === "Quarterly review: ChatGPT Enterprise Users")!;
    expect(chatgpt.data.find((d: any) => d.legend === "Not decided").value).toBe(inEntra.total - inEntra.decided);
    expect(chart.fallback.type).toBe("Container");
    expect(cardText(chart.fallback)).toMatch(/[█░]{10} \d+% decided/);

    // The packages Lee answers for: requests waiting in the restricted catalog he manages, Sofia Romero's
    // platform admin access ending in his own catalog.
    expect(text).toContain("Code Assistant (up to 7 days)");
    expect(text).toContain("AI Platform admin (8 hours)");
    expect(text).toMatch(/Sofia Romero's, on Mon 2 Mar, 22:00 GMT/);
    // Whether Lynne (whose install fails in this same pass) is listed already depends on which message the
    // sender reached first: each is rendered when it is sent. The next day's digest must list her (below).

    // Sent and audited like every nudge.
    const audit = await new AuditTrail(h.bot.db).listBySubject("ownerDigest", `${lee.aadObjectId}/daily`);
    expect(audit).toEqual([expect.objectContaining({ action: "nudge.sent", outcome: "ok", activityId: sent[0]!.activityId })]);
    // The same pass tried to bring Lynne her reviews and approvals: installing the app for her failed.
    expect(await new NudgeReachability(h.bot.db).get(lynne.aadObjectId)).toMatchObject({ status: "unreachable", reason: expect.stringContaining("Installing Gatepass for them failed (Forbidden)") });
  });

  it("sends nothing more the same day", async () => {
    const mark = h.teams.captured.length;
    await h.nudge();
    await h.advance("PT1H");
    await h.nudge();
    expect(digestsTo(lee, mark)).toEqual([]);
  });

  it("waits through the owner's night for their morning, then sends the next day's digest, with who could not be reached", async () => {
    // Tuesday 02:00 in London: quiet hours.
    await h.advance("PT8H");
    expect(localHour(h.bot.demoTenant!.tenant.clock.now(), "Europe/London")).toBe(2);
    let mark = h.teams.captured.length;
    await h.nudge();
    expect(digestsTo(lee, mark)).toEqual([]);

    // 08:30: quiet hours are over, but the digest is due at 09:00.
    await h.advance("PT6H30M");
    mark = h.teams.captured.length;
    await h.nudge();
    expect(digestsTo(lee, mark)).toEqual([]);

    // Megan decides one of her items in My Access meanwhile: the digest counts what Entra holds.
    await decideInEntra(person(h, "Megan Bowen"), "Approve");
    await h.advance("PT30M");
    expect(localHour(h.bot.demoTenant!.tenant.clock.now(), "Europe/London")).toBe(9);
    mark = h.teams.captured.length;
    await h.nudge();
    const sent = digestsTo(lee, mark);
    expect(sent).toHaveLength(1);
    const text = cardText(cardOf(sent[0]!.activity));
    for (const review of leesReviewsInEntra()) expect(text).toContain(`${review.decided} of ${review.total} decided`);
    expect(text).toContain("Megan Bowen: 2 to decide");
    expect(text).toContain("People the bot could not reach");
    expect(text).toContain("Lynne Robbins");
    expect(text).toContain("could not install the app");

    // And once only.
    mark = h.teams.captured.length;
    await h.nudge();
    expect(digestsTo(lee, mark)).toEqual([]);
  });
});

describe("OWNER_DIGEST_PERIOD", () => {
  it("is daily unless set, weekly or off when asked, and a clear error otherwise", () => {
    expect(loadConfig({}).nudges.ownerDigestPeriod).toBe("daily");
    expect(loadConfig({ OWNER_DIGEST_PERIOD: "weekly" }).nudges.ownerDigestPeriod).toBe("weekly");
    expect(loadConfig({ OWNER_DIGEST_PERIOD: "off" }).nudges.ownerDigestPeriod).toBeNull();
    expect(() => loadConfig({ OWNER_DIGEST_PERIOD: "hourly" })).toThrow(ConfigError);
    expect(() => loadConfig({ OWNER_DIGEST_PERIOD: "hourly" })).toThrow(/OWNER_DIGEST_PERIOD/);
  });

  it("off: owners get no digest, and everything else is nudged as before", async () => {
    const off = await startBotHarness({ OWNER_DIGEST_PERIOD: "off" });
    try {
      const owner = person(off, "Lee Gu");
      await off.teams.install(owner);
      const report = await off.nudge();
      expect(report?.sent).toBeGreaterThan(0);
      const toLee = off.teams.captured.filter((c) => c.kind === "send" && c.conversationId === off.teams.conversationIdFor(owner)).map((c) => cardText(cardOf(c.activity)));
      expect(toLee.length).toBeGreaterThan(0);
      expect(toLee.some((t) => /progress digest/.test(t))).toBe(false);
    } finally {
      await off.close();
    }
  });
});
