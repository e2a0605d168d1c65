import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startGatepass } from "../../../src/start-gatepass.js";
import { loadConfig, ConfigError } from "../../../src/config.js";
import { cardOf, cardText } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { currentText, decideData, person, requestAccess, waitForApprovalCard } from "../../support/bot-flows.js";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  await h.teams.install(person(h, "Megan Bowen"));
});
afterAll(() => h?.close());

describe("tenant and authentication", () => {
  it("refuses activities from another tenant before any handler runs", async () => {
    const before = h.teams.captured.length;
    const answer = await h.teams.message({ ...PERSONAS.alex, tenantId: "11111111-2222-3333-4444-555555555555" }, "what can I request?");
    expect(answer.status).toBe(403);
    expect(h.teams.captured.length).toBe(before);
  });

  it("turns Bot Framework authentication on whenever MicrosoftAppId is set", async () => {
    const bot = await startGatepass({
      env: {
        PORT: "0",
        GATEPASS_MODE: "demo",
        MicrosoftAppId: "11111111-1111-1111-1111-111111111111",
        MicrosoftAppPassword: "not-used-here",
        MicrosoftAppType: "MultiTenant",
        PGLITE_DATA_DIR: "memory://",
        RECONCILE_INTERVAL_SECONDS: "0",
      },
      demoTenant: { stateFile: null },
      reconcileIntervalMs: 0,
      log: pino({ level: "silent" }),
    });
    try {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", text: "hi", channelId: "msteams", serviceUrl: "http://127.0.0.1:9/", from: { id: "29:x", aadObjectId: PERSONAS.alex.aadObjectId }, conversation: { id: "a:1" }, recipient: { id: "28:bot" }, channelData: { tenant: { id: "00000000-0000-0000-0000-0000000000001" } } }),
      });
      expect(res.status).toBe(401);
    } finally {
      await bot.close();
    }
  });

  it("refuses to start with authentication off outside demo mode", () => {
    expect(() => loadConfig({ GATEPASS_MODE: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ GATEPASS_MODE: "production" })).toThrow(/MicrosoftAppId/);
    expect(loadConfig({}).mode).toBe("demo");
  });
});

describe("what people type", () => {
  it("reaches approvers as plain text, never as live links or mentions", async () => {
    const megan = person(h, "Megan Bowen");
    const nasty = "see [my doc](https://evil.example/x) and <at>Megan Bowen</at> **now**";
    const { answer } = await requestAccess(h, PERSONAS.alex, "I need ChatGPT for 2 hours", { justification: nasty });
    expect(cardText(answer.body.value)).toContain("Waiting on Megan Bowen");
    const approval = await waitForApprovalCard(h, megan, "Alex Wilber");
    const places: string[] = [];
    const walk = (node: any) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node && typeof node === "object") {
        for (const value of Object.values(node)) if (typeof value === "string" && value.includes("evil.example")) places.push(node.type);
        Object.values(node).forEach(walk);
      }
    };
    walk(approval.card);
    expect(places.length).toBeGreaterThan(0);
    expect(new Set(places)).toEqual(new Set(["TextRun"]));
    const entities = h.teams.sentTo(megan).flatMap((c) => c.activity.entities ?? []);
    expect(entities.filter((e: any) => e.type === "mention")).toEqual([]);
  });
});

describe("my access", () => {
  it("shows active access with time left, and pending requests made outside Teams with where they wait", async () => {
    const lukas = person(h, "Lukas Meyer");
    const reply = await (async () => {
      const mark = h.teams.captured.length;
      await h.teams.message(lukas, "my access");
      return h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(lukas), 10_000, mark);
    })();
    const text = cardText(cardOf(reply.activity));
    expect(text).toContain("ChatGPT");
    expect(text).toContain("Waiting on Megan Bowen");

    const alexMark = h.teams.captured.length;
    await h.teams.message(PERSONAS.alex, "my access");
    const alex = await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(PERSONAS.alex), 10_000, alexMark);
    expect(cardText(cardOf(alex.activity))).toMatch(/Copilot[\s\S]*left/);
  });

  it("tells the person their request is filed when Entra took it but recording it here failed, and still sends the approver's card", async () => {
    const chloe = person(h, "Chloe Bernard");
    const christie = person(h, "Christie Cline"); // Chloe's manager
    await h.teams.install(christie);
    const together = h.bot.gatepass.deps.together;
    const run = together.run.bind(together);
    let refused = 0;
    together.run = (statements) => (refused++ === 0 ? Promise.reject(new Error("the store is down")) : run(statements));
    try {
      const { answer } = await requestAccess(h, chloe, "chatgpt for 2 hours to draft the launch post");
      expect(refused).toBeGreaterThan(0);
      // Not "could not file": Entra has it, so the answer is its status.
      expect(cardText(answer.body.value)).toMatch(/ChatGPT[\s\S]*Waiting/i);
      expect(answer.body.value.actions?.some((a: any) => a.verb === "request.submit") ?? false).toBe(false);
    } finally {
      together.run = run;
    }
    // The approver's card does not depend on that write: Christie gets it.
    const approval = await waitForApprovalCard(h, christie, "Chloe Bernard");
    expect(decideData(approval.card, "Approve")).toBeTruthy();
  });

  it("cancels a pending request, and the approver's card says so", async () => {
    const nina = person(h, "Nina Petrova");
    const megan = person(h, "Megan Bowen");
    const { form } = await requestAccess(h, nina, "chatgpt for 2 hours to draft the newsletter");
    await waitForApprovalCard(h, megan, "Nina Petrova");
    const mark = h.teams.captured.length;
    await h.teams.message(nina, "my access");
    const overview = await h.teams.waitFor((a) => a.conversationId === h.teams.conversationIdFor(nina), 10_000, mark);
    const cancel = JSON.stringify(cardOf(overview.activity));
    const requestId = /"verb":"request.cancel","data":\{"requestId":"([^"]+)"/.exec(cancel)?.[1];
    expect(requestId).toBeTruthy();
    const answer = await h.teams.execute(nina, "request.cancel", { requestId }, overview.activityId);
    expect(cardText(answer.body.value)).toContain("canceled");
    expect(currentText(h, nina, form.activityId)).toContain("canceled");
    const approval = await waitForApprovalCard(h, megan, "Nina Petrova");
    expect(cardText(approval.card)).toContain("canceled this request");
    expect(approval.card.actions ?? []).toEqual([]);
    expect(() => decideData(approval.card, "Approve")).toThrow();
  });
});
