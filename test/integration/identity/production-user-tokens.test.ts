import https from "node:https";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startDemoTenant, type StartedDemoTenant } from "../../../src/demo-tenant/start-demo-tenant.js";
import { SignInRequiredError } from "../../../src/identity/graph-token-source.js";
import { createMsalClient, msalConfiguration, type MsalSettings } from "../../../src/identity/msal-client.js";
import { DELEGATED_GRAPH_SCOPES, ProductionUserTokenSources } from "../../../src/identity/production-user-token-source.js";
import { TokenCachePlugin, tokenCachePartitionKey } from "../../../src/identity/token-cache-plugin.js";
import { openDb, TokenCache, type Db } from "../../../src/store/index.js";
import { readBytes } from "../../../src/store/column-readers.js";
import { PEOPLE, TEST_EPOCH } from "../../support/demo-tenant-harness.js";

// The real path against the demo tenant: MSAL (the one teams-ai uses) doing on-behalf-of over https with
// the tenant's self-signed CA, its cache in the store through the plugin, encrypted with TOKEN_CACHE_KEY.

const KEY = "test token cache passphrase, long enough";
const OTHER_KEY = "another passphrase entirely, also long";
const log = pino({ level: "silent" });
const clock = { now: () => new Date() };

let demo: StartedDemoTenant;
let tenantId: string;
let botAppId: string;
let settings: MsalSettings;
let db: Db;
let store: TokenCache;
const hostsCalled: string[] = [];

beforeAll(async () => {
  demo = await startDemoTenant({ httpsPort: 0, stateFile: null, startAt: TEST_EPOCH, frozenClock: true });
  tenantId = demo.tenant.state.settings.tenantId;
  botAppId = demo.tenant.state.settings.botAppId;
  settings = { tenantId, clientId: botAppId, clientSecret: demo.tenant.botClientSecret(), authorityHost: demo.httpsUrl!, caPem: demo.caPem! };
  db = await openDb({ pgliteDataDir: "memory://" });
  store = new TokenCache(db, KEY);
  // MSAL (2.x) talks through node:https; every host it reaches is recorded.
  const original = https.request.bind(https) as (...args: unknown[]) => ReturnType<typeof https.request>;
  vi.spyOn(https, "request").mockImplementation(((target: unknown, ...rest: unknown[]) => {
    hostsCalled.push(hostOf(target));
    return original(target, ...rest);
  }) as typeof https.request);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await db?.close();
  await demo?.close();
});

afterEach(() => {
  hostsCalled.length = 0;
});

function hostOf(target: unknown): string {
  if (typeof target === "string" || target instanceof URL) return new URL(target).host;
  const options = target as https.RequestOptions;
  return `${options.hostname ?? options.host}:${options.port ?? ""}`;
}

const ssoTokenFor = (userId: string) => demo.tenant.mintUserToken(userId, `api://botid-${botAppId}`);
const sources = (options: { key?: string; onDb?: Db } = {}) =>
  new ProductionUserTokenSources({ settings, store: new TokenCache(options.onDb ?? db, options.key ?? KEY), clock, log });

async function sealedRow(cacheKey: string, onDb: Db = db): Promise<Buffer | undefined> {
  const { rows } = await onDb.query<{ sealed: unknown }>("SELECT sealed FROM token_cache WHERE cache_key = $1", [cacheKey]);
  return rows[0] === undefined ? undefined : readBytes(rows[0].sealed);
}

function claimsOf(token: string): Record<string, unknown> {
  const verified = demo.tenant.signer.verify(token);
  if (!verified.ok) throw new Error(verified.reason);
  return verified.claims as unknown as Record<string, unknown>;
}

describe("MSAL on-behalf-of against the demo tenant, cache in the store", () => {
  it("exchanges a Teams-SSO-like assertion with no discovery call to Microsoft, and writes the cache encrypted", async () => {
    const key = tokenCachePartitionKey(tenantId, PEOPLE.alex);
    const plugin = new TokenCachePlugin({ store, partition: () => key, clock, log });
    const msal = createMsalClient(msalConfiguration(settings, plugin, log));

    const result = await msal.acquireTokenOnBehalfOf({ oboAssertion: ssoTokenFor(PEOPLE.alex), scopes: [...DELEGATED_GRAPH_SCOPES] });

    expect(result?.accessToken).toBeTruthy();
    expect(claimsOf(result!.accessToken)).toMatchObject({ idtyp: "user", oid: PEOPLE.alex, aud: "https://graph.microsoft.com" });
    // Only the demo tenant was reached (openid-configuration and the token endpoint).
    expect(hostsCalled.length).toBeGreaterThan(0);
    expect(new Set(hostsCalled)).toEqual(new Set([new URL(demo.httpsUrl!).host]));

    const sealed = await sealedRow(key);
    expect(sealed).toBeDefined();
    for (const plain of [result!.accessToken, result!.accessToken.split(".")[1]!, "AccessToken", "secret", PEOPLE.alex, tenantId]) {
      expect(sealed!.includes(Buffer.from(plain))).toBe(false);
    }
    // Decrypted, it is MSAL's serialized cache holding that token.
    const plain = JSON.parse((await store.get(key))!) as { AccessToken: Record<string, { secret: string }> };
    expect(Object.values(plain.AccessToken).map((t) => t.secret)).toEqual([result!.accessToken]);
  });

  it("gives the token silently to a second instance (new MSAL client and plugin over the same database)", async () => {
    const first = sources();
    const exchanged = await first.exchange(PEOPLE.megan, ssoTokenFor(PEOPLE.megan));
    hostsCalled.length = 0;

    const second = sources();
    const token = await second.forUser(PEOPLE.megan).getToken();

    expect(token).toBe(exchanged);
    expect(claimsOf(token)).toMatchObject({ oid: PEOPLE.megan });
    // From the shared cache: no token request (at most the authority's metadata for the new client).
    expect(hostsCalled.length).toBeLessThanOrEqual(1);
  });

  it("keeps tokens across a restart (the store on disk, reopened)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gatepass-sso-"));
    try {
      let onDisk = await openDb({ pgliteDataDir: dir });
      const exchanged = await sources({ onDb: onDisk }).exchange(PEOPLE.adele, ssoTokenFor(PEOPLE.adele));
      await onDisk.close();

      onDisk = await openDb({ pgliteDataDir: dir });
      try {
        expect(await sources({ onDb: onDisk }).trySilent(PEOPLE.adele)).toBe(exchanged);
      } finally {
        await onDisk.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("treats a row written under another TOKEN_CACHE_KEY as a cache miss (sign in again), then heals on the next exchange", async () => {
    await sources().exchange(PEOPLE.isaiah, ssoTokenFor(PEOPLE.isaiah));

    const rekeyed = sources({ key: OTHER_KEY });
    expect(await rekeyed.trySilent(PEOPLE.isaiah)).toBeNull();
    await expect(rekeyed.forUser(PEOPLE.isaiah).getToken()).rejects.toBeInstanceOf(SignInRequiredError);

    const fresh = await rekeyed.exchange(PEOPLE.isaiah, ssoTokenFor(PEOPLE.isaiah));
    expect(await sources({ key: OTHER_KEY }).trySilent(PEOPLE.isaiah)).toBe(fresh);
    expect(await sources({ key: KEY }).trySilent(PEOPLE.isaiah)).toBeNull();
  });

  it("asks a person who never signed in to sign in, and never files one person's token under another", async () => {
    const tokens = sources();
    await expect(tokens.forUser(PEOPLE.patti).getToken()).rejects.toMatchObject({ name: "SignInRequiredError", userId: PEOPLE.patti });

    await expect(tokens.exchange(PEOPLE.patti, ssoTokenFor(PEOPLE.alex))).rejects.toBeInstanceOf(SignInRequiredError);
    expect(await sealedRow(tokenCachePartitionKey(tenantId, PEOPLE.patti))).toBeUndefined();
    expect(await tokens.trySilent(PEOPLE.patti)).toBeNull();
  });

  it("keeps each person's row to themselves when one shared MSAL client (teams-ai's) exchanges for several people at once", async () => {
    const tokens = sources();
    const shared = createMsalClient(tokens.sharedClientConfiguration());
    const people = [PEOPLE.alex, PEOPLE.megan, PEOPLE.adele, PEOPLE.isaiah, PEOPLE.patti];
    await Promise.all(
      people.flatMap((person) =>
        [1, 2].map(() => tokens.actingFor(person, () => shared.acquireTokenOnBehalfOf({ oboAssertion: ssoTokenFor(person), scopes: [...DELEGATED_GRAPH_SCOPES] }))),
      ),
    );
    for (const person of people) {
      const plain = JSON.parse((await store.get(tokenCachePartitionKey(tenantId, person)))!) as { AccessToken: Record<string, { secret: string }> };
      const owners = Object.values(plain.AccessToken).map((t) => claimsOf(t.secret).oid);
      expect(owners.length).toBeGreaterThan(0);
      expect(new Set(owners)).toEqual(new Set([person]));
    }
    // Outside a person's turn the shared client keeps nothing.
    const before = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM token_cache")).rows[0]!.n;
    await shared.acquireTokenOnBehalfOf({ oboAssertion: ssoTokenFor(PEOPLE.alex), scopes: [...DELEGATED_GRAPH_SCOPES] });
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM token_cache")).rows[0]!.n).toBe(before);
  });
});
