import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { generate } from "selfsigned";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProductionUserTokenSources } from "../../../src/identity/production-user-token-source.js";
import { openDb, TokenCache, type Db } from "../../../src/store/index.js";

// The demo tenant answers on-behalf-of with an access token only. Entra also returns an ID token,
// client_info and a refresh token (the scopes ask for openid, profile and offline_access), and names the
// granted scopes rather than `.default`. This local authority answers that way, so the paths production
// relies on are exercised: the account record MSAL builds from the ID token, and silent refresh through
// the refresh token once the access token has expired, by another instance, from the shared cache.

const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "99999999-8888-7777-6666-555555555555";
const SECRET = "entra-shaped-secret";
const ALEX = "aaaaaaaa-0000-0000-0000-000000000001";
const MEGAN = "aaaaaaaa-0000-0000-0000-000000000002";

interface Authority {
  url: string;
  caPem: string;
  grants: string[];
  /** Lifetime of the access tokens it issues from now on (seconds). */
  accessTokenSeconds: number;
  close(): Promise<void>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const unsignedJwt = (claims: Record<string, unknown>) => `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
const ssoToken = (oid: string) => unsignedJwt({ aud: `api://botid-${CLIENT}`, oid, tid: TENANT, exp: Math.floor(Date.now() / 1000) + 3600 });

async function startEntraShapedAuthority(): Promise<Authority> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
  const refreshTokens = new Map<string, string>();
  let issued = 0;
  const authority: Authority = { url: "", caPem: pems.cert, grants: [], accessTokenSeconds: 3600, close: async () => {} };

  const issue = (oid: string) => {
    const refreshToken = `rt-${randomUUID()}`;
    refreshTokens.set(refreshToken, oid);
    const now = Math.floor(Date.now() / 1000);
    return {
      token_type: "Bearer",
      scope: "https://graph.microsoft.com/EntitlementManagement.ReadWrite.All https://graph.microsoft.com/User.Read",
      expires_in: authority.accessTokenSeconds,
      ext_expires_in: authority.accessTokenSeconds,
      access_token: `at-${++issued}-${oid}`,
      refresh_token: refreshToken,
      id_token: unsignedJwt({ aud: CLIENT, iss: `${authority.url}/${TENANT}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid, sub: `sub-${oid}`, tid: TENANT, preferred_username: `${oid}@contoso.example`, name: oid, ver: "2.0" }),
      client_info: b64({ uid: oid, utid: TENANT }),
    };
  };

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const path = new URL(req.url ?? "/", authority.url).pathname;
      if (req.method === "GET" && path === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
        return send(200, {
          token_endpoint: `${authority.url}/${TENANT}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority.url}/${TENANT}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority.url}/${TENANT}/oauth2/v2.0/logout`,
          issuer: `${authority.url}/${TENANT}/v2.0`,
          jwks_uri: `${authority.url}/${TENANT}/discovery/v2.0/keys`,
        });
      }
      if (req.method !== "POST" || path !== `/${TENANT}/oauth2/v2.0/token`) return send(404, { error: "not_found" });
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      if (form.get("client_id") !== CLIENT || form.get("client_secret") !== SECRET) return send(401, { error: "invalid_client" });
      const grant = form.get("grant_type") ?? "";
      authority.grants.push(grant);
      if (grant === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        const claims = JSON.parse(Buffer.from(form.get("assertion")!.split(".")[1]!, "base64url").toString("utf8")) as { oid: string };
        return send(200, issue(claims.oid));
      }
      if (grant === "refresh_token") {
        const oid = refreshTokens.get(form.get("refresh_token") ?? "");
        return oid ? send(200, issue(oid)) : send(400, { error: "invalid_grant", error_codes: [70000], error_description: "AADSTS70000: refresh token unknown" });
      }
      return send(400, { error: "unsupported_grant_type" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  authority.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  authority.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return authority;
}

let authority: Authority;
let db: Db;
const sources = () =>
  new ProductionUserTokenSources({
    settings: { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: authority.url, caPem: authority.caPem },
    store: new TokenCache(db, "entra shaped test passphrase"),
    clock: { now: () => new Date() },
    log: pino({ level: "silent" }),
  });

beforeAll(async () => {
  authority = await startEntraShapedAuthority();
  db = await openDb({ pgliteDataDir: "memory://" });
});

afterAll(async () => {
  await db?.close();
  await authority?.close();
});

beforeEach(() => {
  authority.grants.length = 0;
  authority.accessTokenSeconds = 3600;
});

describe("delegated tokens against an Entra-shaped authority (ID token, client_info, refresh token)", () => {
  it("finds the person's account record in the shared cache from another instance", async () => {
    const exchanged = await sources().exchange(ALEX, ssoToken(ALEX));
    expect(exchanged).toMatch(new RegExp(`-${ALEX}$`));
    expect(authority.grants).toEqual(["urn:ietf:params:oauth:grant-type:jwt-bearer"]);

    const token = await sources().getToken(ALEX);
    expect(token).toMatch(new RegExp(`-${ALEX}$`));
    // Entra names the granted scopes, not `.default`, so MSAL may renew through the refresh token rather
    // than match the cached access token; either way no sign-in is needed and no assertion is sent again.
    expect(authority.grants.filter((g) => g !== "refresh_token")).toEqual(["urn:ietf:params:oauth:grant-type:jwt-bearer"]);
  });

  it("renews an expired access token silently with the refresh token, for background work on any instance", async () => {
    authority.accessTokenSeconds = 60; // inside MSAL's 5-minute renewal margin: expired at once
    const first = await sources().exchange(MEGAN, ssoToken(MEGAN));
    authority.grants.length = 0;

    const renewed = await sources().getToken(MEGAN);
    expect(renewed).not.toBe(first);
    expect(renewed).toMatch(new RegExp(`-${MEGAN}$`));
    expect(authority.grants).toEqual(["refresh_token"]);

    // The renewed tokens went back to the shared row: a third instance renews with the new refresh token.
    authority.grants.length = 0;
    expect(await sources().getToken(MEGAN)).toMatch(new RegExp(`-${MEGAN}$`));
    expect(authority.grants).toEqual(["refresh_token"]);
  });

  it("asks for sign-in when the refresh token is refused", async () => {
    authority.accessTokenSeconds = 60;
    const tokens = sources();
    await tokens.exchange(ALEX, ssoToken(ALEX));
    // Forget everything on the authority's side: the refresh token is now unknown (revoked).
    const other = await startEntraShapedAuthority();
    try {
      const stranded = new ProductionUserTokenSources({
        settings: { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: other.url, caPem: other.caPem },
        store: new TokenCache(db, "entra shaped test passphrase"),
        clock: { now: () => new Date() },
        log: pino({ level: "silent" }),
      });
      await expect(stranded.getToken(ALEX)).rejects.toMatchObject({ name: "SignInRequiredError" });
    } finally {
      await other.close();
    }
  });
});
