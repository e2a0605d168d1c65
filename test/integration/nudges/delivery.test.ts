import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditTrail, ConversationReferences, NudgeLedger, NudgeReachability } from "../../../src/store/index.js";
import type { NudgeDelivery } from "../../../src/use-cases/nudges/nudge-sender.js";
import { startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { person, say } from "../../support/bot-flows.js";
import { cardOf, cardText, type TeamsPerson } from "../../support/teams-driver.js";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  // Someone has talked to the bot, so the tenant's connector address is known (as in any real tenant).
  await h.teams.install(person(h, "Megan Bowen"));
});
afterAll(() => h?.close());

function nudgeFor(who: TeamsPerson, text: string, key = `test:${randomUUID()}`): NudgeDelivery {
  return {
    key,
    recipientId: who.aadObjectId,
    card: { template: "notice", summary: text, data: { title: "Reminder", text } },
    kind: "approval.reminder",
    subjectId: `request-${randomUUID()}`,
    subjectType: "request",
    window: "halfway",
  };
}

/** The messages the connector received that carry `text`. */
function messagesWith(text: string) {
  return h.teams.captured.filter((c) => c.kind === "send" && cardText(cardOf(c.activity)).includes(text));
}

describe("reaching someone who never opened the bot", () => {
  it("installs the app for them through Graph, opens the 1:1 chat, sends, and remembers the chat", async () => {
    const nestor = person(h, "Nestor Wilke");
    const tenant = h.bot.demoTenant!.tenant;
    expect(tenant.state.installedApps.by("userId", nestor.aadObjectId)).toHaveLength(0);
    expect(await new ConversationReferences(h.bot.db).get(tenant.state.settings.tenantId, nestor.aadObjectId)).toBeUndefined();

    const delivery = nudgeFor(nestor, "Pradeep's request waits on you");
    const report = await h.bot.nudges.send([delivery]);

    expect(report.outcomes).toEqual([expect.objectContaining({ status: "sent", openedChat: true, attempts: 1 })]);
    // The demo tenant shows the installation, with the bot's 1:1 chat.
    const installs = tenant.state.installedApps.by("userId", nestor.aadObjectId);
    expect(installs).toHaveLength(1);
    expect(installs[0]!.chatId).toMatch(/^19:.*@unq\.gbl\.spaces$/);
    // The message reached Nestor's personal conversation.
    const sent = messagesWith("Pradeep's request waits on you");
    expect(sent.map((s) => s.conversationId)).toEqual([h.teams.conversationIdFor(nestor)]);
    const stored = await new ConversationReferences(h.bot.db).get(tenant.state.settings.tenantId, nestor.aadObjectId);
    expect(stored?.conversationId).toBe(h.teams.conversationIdFor(nestor));
    expect(await new NudgeLedger(h.bot.db).get(delivery.key)).toMatchObject({ state: "sent", activityId: sent[0]!.activityId, conversationId: stored?.conversationId });
    const audit = await new AuditTrail(h.bot.db).listBySubject("request", delivery.subjectId);
    expect(audit).toEqual([expect.objectContaining({ action: "nudge.sent", outcome: "ok", activityId: sent[0]!.activityId, details: expect.objectContaining({ key: delivery.key, openedChat: true }) })]);

    // The next nudge goes straight to the stored chat: no second installation.
    const again = await h.bot.nudges.send([nudgeFor(nestor, "A second reminder")]);
    expect(again.outcomes).toEqual([expect.objectContaining({ status: "sent", openedChat: false })]);
    expect(tenant.state.installedApps.by("userId", nestor.aadObjectId)).toHaveLength(1);
  });

  it("uses an installation that already exists (Graph's 409) and still opens the chat", async () => {
    const lynne = person(h, "Lynne Robbins");
    const tenant = h.bot.demoTenant!.tenant;
    const token = (await (await fetch(`${h.bot.demoTenant!.url}/_demo/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "app" }) })).json()) as { access_token: string };
    const installed = await fetch(`${h.bot.demoTenant!.url}/v1.0/users/${lynne.aadObjectId}/teamwork/installedApps`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/7a1c0000-0000-4000-8000-00000000f011" }),
    });
    expect(installed.status).toBe(201);

    const report = await h.bot.nudges.send([nudgeFor(lynne, "Lynne, one review is waiting")]);
    expect(report.outcomes).toEqual([expect.objectContaining({ status: "sent", openedChat: true })]);
    expect(tenant.state.installedApps.by("userId", lynne.aadObjectId)).toHaveLength(1);
    expect(messagesWith("Lynne, one review is waiting").map((s) => s.conversationId)).toEqual([h.teams.conversationIdFor(lynne)]);
  });

  it("records someone it cannot reach, with the reason, for the owner's digest, and does not retry them at once", async () => {
    const gone: TeamsPerson = { aadObjectId: randomUUID(), name: "Removed from Entra" };
    const first = nudgeFor(gone, "You will never see this");
    const report = await h.bot.nudges.send([first]);
    expect(report.outcomes).toEqual([expect.objectContaining({ status: "unreachable", reason: expect.stringMatching(/Installing Gatepass for them failed \(NotFound\)/) })]);
    const record = await new NudgeReachability(h.bot.db).get(gone.aadObjectId);
    expect(record).toMatchObject({ status: "unreachable", reason: expect.stringContaining("NotFound"), since: h.bot.demoTenant!.tenant.clock.now() });
    expect((await new NudgeReachability(h.bot.db).list({ status: "unreachable" })).map((r) => r.aadObjectId)).toContain(gone.aadObjectId);
    expect(await new NudgeLedger(h.bot.db).get(first.key)).toMatchObject({ state: "unreachable" });
    const audit = await new AuditTrail(h.bot.db).listBySubject("request", first.subjectId);
    expect(audit).toEqual([expect.objectContaining({ action: "nudge.unreachable", outcome: "failed" })]);

    // Another nudge the same day is closed without another install attempt.
    const second = await h.bot.nudges.send([nudgeFor(gone, "Still unreachable")]);
    expect(second.outcomes).toEqual([expect.objectContaining({ status: "unreachable" })]);
  });

  it("treats a Graph outage while installing as a failure to retry, not as unreachable", async () => {
    const miriam = person(h, "Miriam Graham");
    await fetch(`${h.bot.demoTenant!.url}/_demo/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ match: "^POST .*/teamwork/installedApps", status: 503, retryAfterSeconds: 0, count: 3 }] }),
    });
    const delivery = nudgeFor(miriam, "Miriam, your approval is needed");
    const report = await h.bot.nudges.send([delivery]);
    expect(report.outcomes).toEqual([expect.objectContaining({ status: "failed" })]);
    expect(await new NudgeReachability(h.bot.db).get(miriam.aadObjectId)).toBeUndefined();
    expect(await new NudgeLedger(h.bot.db).get(delivery.key)).toMatchObject({ state: "failed", attempts: 1 });

    const retried = await h.bot.nudges.send([delivery]);
    expect(retried.outcomes).toEqual([expect.objectContaining({ status: "sent", openedChat: true })]);
    expect(messagesWith("Miriam, your approval is needed")).toHaveLength(1);
  });
});

describe("the connector's answers", () => {
  it("on 429 waits the Retry-After, pauses the tenant's sends, tries the same message again, and posts it once", async () => {
    const alex = person(h, "Alex Wilber");
    h.teams.failNextSends = { status: 429, count: 1, retryAfter: 1 };
    const delivery = nudgeFor(alex, "Throttled once, then delivered");
    const started = Date.now();
    const report = await h.bot.nudges.send([delivery]);
    const elapsed = Date.now() - started;
    expect(report.outcomes).toEqual([expect.objectContaining({ status: "sent", attempts: 2 })]);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(messagesWith("Throttled once, then delivered")).toHaveLength(1);
    // The retry is invisible afterwards: sending the key again does nothing.
    expect((await h.bot.nudges.send([delivery])).outcomes).toEqual([expect.objectContaining({ status: "skipped", reason: "already_sent" })]);
    expect(messagesWith("Throttled once, then delivered")).toHaveLength(1);
  });

  it("on 403 marks the person blocked, and skips every later nudge to them without calling Teams", async () => {
    const adele = person(h, "Adele Vance");
    await h.teams.install(adele);
    h.teams.failNextSends = { status: 403, count: 1 };
    const first = nudgeFor(adele, "Adele blocked the bot");
    const report = await h.bot.nudges.send([first]);
    expect(report.outcomes).toEqual([expect.objectContaining({ status: "blocked", reason: expect.stringContaining("MessageWritesBlocked") })]);
    expect(h.teams.failNextSends).toMatchObject({ count: 0 });
    expect(await new NudgeReachability(h.bot.db).get(adele.aadObjectId)).toMatchObject({ status: "blocked", retryAt: null });
    expect(await new NudgeLedger(h.bot.db).get(first.key)).toMatchObject({ state: "blocked" });
    expect(await new AuditTrail(h.bot.db).listBySubject("request", first.subjectId)).toEqual([
      expect.objectContaining({ action: "nudge.blocked", outcome: "refused" }),
    ]);

    const before = h.teams.captured.length;
    const later = await h.bot.nudges.send([nudgeFor(adele, "Never sent"), nudgeFor(adele, "Nor this")]);
    expect(later.outcomes.map((o) => o.status)).toEqual(["blocked", "blocked"]);
    expect(h.teams.captured.length).toBe(before);
    // The key stays closed even if the person unblocks later; new keys go out again once she writes to the
    // bot, although this process wrote her conversation a moment ago (on install) and would otherwise not
    // write it again for a minute.
    expect((await h.bot.nudges.send([first])).outcomes).toEqual([expect.objectContaining({ status: "skipped", reason: "given_up" })]);
    await say(h, adele, "my access");
    expect(await new NudgeReachability(h.bot.db).get(adele.aadObjectId)).toBeUndefined();
    expect((await h.bot.nudges.send([nudgeFor(adele, "Welcome back")])).outcomes).toEqual([expect.objectContaining({ status: "sent" })]);
  });

  it("writes a person's conversation once for messages in a row, and again once they leave and come back", async () => {
    const lynne = person(h, "Lynne Robbins");
    await h.teams.install(lynne);
    const writes: string[] = [];
    const db = h.bot.db as unknown as { query: (text: string, ...rest: unknown[]) => Promise<unknown> };
    const query = db.query;
    db.query = function (this: unknown, text: string, ...rest: unknown[]) {
      if (/INSERT INTO conversation_references/.test(text)) writes.push(text);
      return query.call(this, text, ...rest);
    };
    try {
      await say(h, lynne, "my access");
      await say(h, lynne, "approvals");
      expect(writes).toHaveLength(0); // written on install, a moment ago
      await h.teams.uninstall(lynne);
      await h.teams.install(lynne);
      await say(h, lynne, "my access");
      expect(writes).toHaveLength(1); // the install wrote it again; the message did not need to
      expect(await new ConversationReferences(h.bot.db).get(h.bot.demoTenant!.tenant.state.settings.tenantId, lynne.aadObjectId)).toBeDefined();
    } finally {
      db.query = query;
    }
  });

  it("on another failure releases the key, and a later pass delivers it once", async () => {
    const isaiah = person(h, "Isaiah Langer");
    await h.teams.install(isaiah);
    h.teams.failNextSends = { status: 502, count: 1 };
    const delivery = nudgeFor(isaiah, "Bad gateway, then fine");
    const report = await h.bot.nudges.send([delivery]);
    // No retries behind the sender's back: a 5xx is not posted a second time by botbuilder.
    expect(report.outcomes).toEqual([expect.objectContaining({ status: "failed", reason: expect.stringContaining("502") })]);
    expect(await new NudgeLedger(h.bot.db).get(delivery.key)).toMatchObject({ state: "failed", attempts: 1 });
    const retried = await h.bot.nudges.send([delivery]);
    expect(retried.outcomes).toEqual([expect.objectContaining({ status: "sent" })]);
    expect(messagesWith("Bad gateway, then fine")).toHaveLength(1);
    expect(await new NudgeLedger(h.bot.db).get(delivery.key)).toMatchObject({ state: "sent", attempts: 2 });
  });
});

describe("exactly once", () => {
  it("sends a key delivered twice, in one pass and in the next, once", async () => {
    const patti = person(h, "Patti Fernandez");
    await h.teams.install(patti);
    const delivery = nudgeFor(patti, "Only once, please");
    const recorded: string[] = [];
    const onSent = async (d: NudgeDelivery, message: { activityId: string }) => {
      recorded.push(`${d.key}@${message.activityId}`);
    };
    const first = await h.bot.nudges.send([delivery, { ...delivery }], { onSent });
    expect(first.sent).toBe(1);
    const [a, b] = await Promise.all([h.bot.nudges.send([delivery], { onSent }), h.bot.nudges.send([delivery], { onSent })]);
    expect(a.sent + b.sent).toBe(0);
    const sent = messagesWith("Only once, please");
    expect(sent).toHaveLength(1);
    expect(recorded).toEqual([`${delivery.key}@${sent[0]!.activityId}`]);
  });

  it("picks up a nudge whose sender crashed after claiming it, once the lease expires", async () => {
    const megan = person(h, "Megan Bowen");
    const delivery = nudgeFor(megan, "Recovered after a crash");
    // Another process claimed the key, then died before sending.
    const ledger = new NudgeLedger(h.bot.db);
    const crashed = await ledger.claim(
      { key: delivery.key, recipientAadObjectId: megan.aadObjectId, kind: delivery.kind, subjectId: delivery.subjectId },
      { leaseMs: 120_000, now: h.bot.demoTenant!.tenant.clock.now() },
    );
    expect(crashed.status).toBe("claimed");
    expect((await h.bot.nudges.send([delivery])).outcomes).toEqual([expect.objectContaining({ status: "skipped", reason: "in_progress" })]);
    expect(messagesWith("Recovered after a crash")).toHaveLength(0);

    await h.advance("PT3M");
    expect((await h.bot.nudges.send([delivery])).outcomes).toEqual([expect.objectContaining({ status: "sent" })]);
    expect(messagesWith("Recovered after a crash")).toHaveLength(1);
    expect(await ledger.get(delivery.key)).toMatchObject({ state: "sent", attempts: 2 });
  });
});
