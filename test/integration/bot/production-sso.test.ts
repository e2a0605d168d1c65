import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoTenant, type StartedDemoTenant } from "../../../src/demo-tenant/start-demo-tenant.js";
import { tokenCachePartitionKey } from "../../../src/identity/token-cache-plugin.js";
import { readBytes } from "../../../src/store/column-readers.js";
import { startGatepass, type RunningGatepass } from "../../../src/start-gatepass.js";
import { PERSONAS } from "../../support/bot-harness.js";
import { TEST_EPOCH } from "../../support/demo-tenant-harness.js";
import { cardOf, cardText, TeamsDriver, type TeamsPerson } from "../../support/teams-driver.js";

// Production mode (MicrosoftAppId set, Teams SSO, delegated tokens from on-behalf-of, MSAL's cache in the
// store) against the demo tenant, driven like Teams does. The one thing turned off is Bot Framework's
// JWT validation: no Bot Connector here signs activities, so the adapter gets a credential factory that
// reports authentication as disabled (an empty app id) through `botCredentialsFactory`.

const SIGN_IN_LINK = "https://gatepass.example.com/auth/sign-in";
const OAUTH_CARD = "application/vnd.microsoft.card.oauth";

let demo: StartedDemoTenant;
let tenantId: string;
let botAppId: string;
let dataDir: string;
let bot: RunningGatepass;
let teams: TeamsDriver;

async function startBot(): Promise<void> {
  bot = await startGatepass({
    env: {
      PORT: "0",
      GATEPASS_MODE: "production",
      MicrosoftAppId: botAppId,
      MicrosoftAppPassword: demo.tenant.botClientSecret(),
      MicrosoftAppType: "SingleTenant",
      MicrosoftAppTenantId: tenantId,
      GRAPH_BASE_URL: demo.url,
      AUTHORITY_HOST: demo.httpsUrl!,
      TOKEN_CACHE_KEY: "production sso test passphrase",
      SSO_SIGN_IN_LINK: SIGN_IN_LINK,
      PGLITE_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      RECONCILE_INTERVAL_SECONDS: "0",
    },
    reconcileIntervalMs: 0,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    authorityCaPem: demo.caPem!,
    botCredentialsFactory: new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: "", MicrosoftAppPassword: "", MicrosoftAppType: "MultiTenant" }),
  });
  teams = await new TeamsDriver(`${bot.url}/api/messages`, tenantId).start();
}

async function stopBot(): Promise<void> {
  await teams?.stop();
  await bot?.close();
}

beforeAll(async () => {
  demo = await startDemoTenant({ httpsPort: 0, stateFile: null, startAt: TEST_EPOCH, frozenClock: true });
  tenantId = demo.tenant.state.settings.tenantId;
  botAppId = demo.tenant.state.settings.botAppId;
  dataDir = mkdtempSync(join(tmpdir(), "gatepass-prod-sso-"));
  await startBot();
});

afterAll(async () => {
  await stopBot();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What the Teams client would send: an activity from the person in their personal chat with the bot. */
function activity(person: TeamsPerson, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: "msteams",
    serviceUrl: teams.connectorUrl,
    timestamp: new Date().toISOString(),
    id: `act-${randomUUID()}`,
    from: { id: `29:${person.aadObjectId}`, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: teams.botId, name: "Gatepass" },
    conversation: { id: teams.conversationIdFor(person), conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: "en-US",
    ...fields,
  };
}

async function post(body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${bot.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The SSO token the Teams client gets for the bot's resource (webApplicationInfo) for this person. */
const ssoTokenFor = (person: TeamsPerson) => demo.tenant.mintUserToken(person.aadObjectId, `api://botid-${botAppId}`);

const execute = (person: TeamsPerson, verb: string, extra: Record<string, unknown> = {}) =>
  post(activity(person, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data: {} }, trigger: "manual", ...extra } }));

async function rowOf(person: TeamsPerson): Promise<Buffer | undefined> {
  const { rows } = await bot.db.query<{ sealed: unknown }>("SELECT sealed FROM token_cache WHERE cache_key = $1", [tokenCachePartitionKey(tenantId, person.aadObjectId)]);
  return rows[0] === undefined ? undefined : readBytes(rows[0].sealed);
}

describe("Teams SSO in production mode", () => {
  it("signs a person in on their first message (OAuth card, token exchange), then answers that message", async () => {
    const alex = PERSONAS.alex;
    const since = teams.captured.length;
    expect((await teams.message(alex, "what can I request?")).status).toBe(200);

    const prompt = await teams.waitFor((c) => c.activity.attachments?.[0]?.contentType === OAUTH_CARD, 10_000, since);
    const oauth = prompt.activity.attachments[0].content;
    expect(oauth.tokenExchangeResource.id).toMatch(/-graph$/);
    expect(oauth.buttons[0].value).toContain(SIGN_IN_LINK);
    expect(oauth.buttons[0].value).toContain(`clientId=${botAppId}`);
    expect(await rowOf(alex)).toBeUndefined();

    const exchanged = await post(
      activity(alex, { type: "invoke", name: "signin/tokenExchange", value: { id: oauth.tokenExchangeResource.id, connectionName: "", token: ssoTokenFor(alex) } }),
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ id: oauth.tokenExchangeResource.id });

    // The waiting message is answered with the person's own offers (read with their delegated token).
    const offers = await teams.waitFor((c) => c.activity.summary === "What you can request", 10_000, since);
    expect(cardText(cardOf(offers.activity))).toMatch(/ChatGPT/i);

    // The token is in the store, encrypted.
    const sealed = await rowOf(alex);
    expect(sealed).toBeDefined();
    expect(sealed!.includes(Buffer.from("AccessToken"))).toBe(false);
    expect(sealed!.includes(Buffer.from(alex.aadObjectId))).toBe(false);
  });

  it("answers the next message silently from the cache, without another sign-in card", async () => {
    const since = teams.captured.length;
    await teams.message(PERSONAS.alex, "what can I request?");
    const reply = await teams.waitFor(() => true, 10_000, since);
    expect(reply.activity.attachments?.[0]?.contentType).not.toBe(OAUTH_CARD);
    expect(reply.activity.summary).toBe("What you can request");
  });

  it("answers a card button of someone not signed in with Teams' loginRequest, then completes it with the SSO token", async () => {
    const megan = PERSONAS.megan;
    const login = await execute(megan, "offers.list");
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      statusCode: 401,
      type: "application/vnd.microsoft.activity.loginRequest",
      value: { tokenExchangeResource: { uri: `api://botid-${botAppId}` }, buttons: [{ type: "signin" }] },
    });
    expect(login.body.value.buttons[0].value).toContain(SIGN_IN_LINK);

    // Teams sends the same click again with the SSO token for the bot's resource.
    const retried = await execute(megan, "offers.list", { authentication: { id: login.body.value.tokenExchangeResource.id, connectionName: "graph", token: ssoTokenFor(megan) } });
    expect(retried.status).toBe(200);
    expect(retried.body.statusCode).toBe(200);
    expect(retried.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(retried.body.value)).toMatch(/ChatGPT/i);

    // Signed in now: the next click goes straight through.
    const next = await execute(megan, "access.mine");
    expect(next.body.statusCode).toBe(200);
  });

  it("refuses an exchange with someone else's token (412) and keeps nothing for them", async () => {
    const adele = PERSONAS.adele;
    const answer = await execute(adele, "offers.list", { authentication: { id: "x", connectionName: "graph", token: ssoTokenFor(PERSONAS.megan) } });
    expect(answer.body).toMatchObject({ statusCode: 412, type: "application/vnd.microsoft.error.preconditionFailed" });
    expect(await rowOf(adele)).toBeUndefined();

    // The same for a message's token exchange: teams-ai's exchange is never started for it.
    const since = teams.captured.length;
    await teams.message(adele, "what can I request?");
    const prompt = await teams.waitFor((c) => c.activity.attachments?.[0]?.contentType === OAUTH_CARD, 10_000, since);
    const id = prompt.activity.attachments[0].content.tokenExchangeResource.id;
    const exchanged = await post(activity(adele, { type: "invoke", name: "signin/tokenExchange", value: { id, connectionName: "", token: ssoTokenFor(PERSONAS.megan) } }));
    expect(exchanged.status).toBe(501); // no handler takes it
    expect(await rowOf(adele)).toBeUndefined();
  });

  it("keeps people signed in across a restart (a new instance over the same store)", async () => {
    await stopBot();
    await startBot();
    const since = teams.captured.length;
    await teams.message(PERSONAS.alex, "what can I request?");
    const reply = await teams.waitFor(() => true, 10_000, since);
    expect(reply.activity.summary).toBe("What you can request");
    expect((await execute(PERSONAS.megan, "offers.list")).body.statusCode).toBe(200);
  });

  it("lets background work act for a signed-in approver, and reports sign-in for anyone else", async () => {
    await expect(bot.gatepass.deps.userTokens(PERSONAS.megan.aadObjectId).getToken()).resolves.toBeTruthy();
    await expect(bot.gatepass.deps.userTokens(PERSONAS.patti.aadObjectId).getToken()).rejects.toMatchObject({ name: "SignInRequiredError" });
  });
});
