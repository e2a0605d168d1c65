import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PEOPLE, startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { startDemoTenant } from "../../../src/demo-tenant/start-demo-tenant.js";

const TENANT = "00000000-0000-0000-0000-0000000000001";
const BOT = "00000000-0000-0000-0000-00000000000011";

let h: DemoTenantHarness;
let app: string;
beforeAll(async () => {
  h = await startHarness({ pageSize: 5 });
  app = await h.appToken();
});
afterAll(() => h.close());

async function tokenRequest(form: Record<string, string>) {
  const res = await fetch(`${h.url}/${TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe("token endpoint", () => {
  it("issues an app token for the bot's client credentials, which Graph accepts", async () => {
    const res = await tokenRequest({ grant_type: "client_credentials", client_id: BOT, client_secret: h.running.tenant.botClientSecret(), scope: "https://graph.microsoft.com/.default" });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe("Bearer");
    const users = await h.graph("GET", "/users", { token: res.body.access_token });
    expect(users.status).toBe(200);
  });

  it("refuses a wrong secret with Entra's error JSON", async () => {
    const res = await tokenRequest({ grant_type: "client_credentials", client_id: BOT, client_secret: "nope", scope: "https://graph.microsoft.com/.default" });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("invalid_client");
    expect(res.body.error_codes).toEqual([7000215]);
  });

  it("exchanges a user's assertion on behalf of them for a delegated Graph token", async () => {
    const assertion = (await h.demo("POST", "/_demo/token", { kind: "user", userId: PEOPLE.alex, audience: `api://botid-${BOT}` })).body.access_token;
    const res = await tokenRequest({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      client_id: BOT,
      client_secret: h.running.tenant.botClientSecret(),
      assertion,
      scope: "https://graph.microsoft.com/.default",
      requested_token_use: "on_behalf_of",
    });
    expect(res.status).toBe(200);
    const me = await h.graph("GET", "/me", { token: res.body.access_token });
    expect(me.body.id).toBe(PEOPLE.alex);
  });

  it("refuses an on-behalf-of assertion meant for another audience", async () => {
    const graphToken = await h.userToken(PEOPLE.alex);
    const res = await tokenRequest({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      client_id: BOT,
      client_secret: h.running.tenant.botClientSecret(),
      assertion: graphToken,
      scope: "https://graph.microsoft.com/.default",
      requested_token_use: "on_behalf_of",
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_grant");
  });

  it("serves OpenID metadata pointing at its own token endpoint", async () => {
    const res = await fetch(`${h.url}/${TENANT}/v2.0/.well-known/openid-configuration`);
    const body = (await res.json()) as { token_endpoint: string };
    expect(body.token_endpoint).toBe(`${h.url}/${TENANT}/oauth2/v2.0/token`);
  });
});

describe("Graph basics", () => {
  it("answers 401 with Graph's error body when the token is missing or forged", async () => {
    const missing = await h.graph("GET", "/users");
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("InvalidAuthenticationToken");
    expect(missing.body.error.innerError["request-id"]).toBeTruthy();
    const forged = await h.graph("GET", "/users", { token: `${app.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
  });

  it("refuses /me with an app token, as Graph does", async () => {
    const res = await h.graph("GET", "/me", { token: app });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("delegated");
  });

  it("answers 400 for an unknown segment, 405 for a wrong method, 400 for malformed JSON", async () => {
    expect((await h.graph("GET", "/nonsense", { token: app })).status).toBe(400);
    expect((await h.graph("DELETE", "/users", { token: app })).status).toBe(405);
    const bad = await h.graph("POST", "/users/x/teamwork/installedApps", { token: app, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("JSON");
  });

  it("pages with @odata.nextLink until every user is read", async () => {
    const first = await h.graph("GET", "/users", { token: app });
    expect(first.body.value).toHaveLength(5);
    expect(first.body["@odata.nextLink"]).toMatch(/\$skiptoken=/);
    const all = await h.listAll("/users", app);
    expect(all.length).toBe(h.running.tenant.state.users.size);
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
  });

  it("refuses a skiptoken it did not issue", async () => {
    const res = await h.graph("GET", "/users?$skiptoken=forged", { token: app });
    expect(res.status).toBe(400);
  });

  it("filters, selects, counts and expands", async () => {
    const legal = await h.listAll("/users?$filter=department eq 'Legal'&$select=id,displayName,department", app);
    expect(legal.length).toBeGreaterThan(3);
    for (const u of legal) {
      expect(Object.keys(u).sort()).toEqual(["department", "displayName", "id"]);
      expect(u.department).toBe("Legal");
    }
    const counted = await h.graph("GET", "/users?$count=true&$top=2", { token: app });
    expect(counted.body["@odata.count"]).toBe(h.running.tenant.state.users.size);
    const alex = await h.graph("GET", `/users/${PEOPLE.alex}?$expand=manager($select=id,displayName)`, { token: app });
    expect(alex.body.manager).toEqual({ "@odata.type": "#microsoft.graph.user", id: PEOPLE.megan, displayName: "Megan Bowen" });
  });

  it("answers 400 for a malformed $filter and an unknown $select property", async () => {
    const filter = await h.graph("GET", "/users?$filter=department eq", { token: app });
    expect(filter.status).toBe(400);
    const select = await h.graph("GET", "/users?$select=shoeSize", { token: app });
    expect(select.status).toBe(400);
    expect(select.body.error.message).toContain("shoeSize");
  });
});

describe("directory", () => {
  it("gives a user's manager, reports, sponsors and mailbox settings", async () => {
    const manager = await h.graph("GET", `/users/${PEOPLE.alex}/manager`, { token: app });
    expect(manager.body.id).toBe(PEOPLE.megan);
    const reports = await h.listAll(`/users/${PEOPLE.megan}/directReports`, app);
    expect(reports.map((r) => r.id)).toContain(PEOPLE.alex);
    const sponsors = await h.listAll(`/users/${PEOPLE.alex}/sponsors`, app);
    expect(sponsors.map((s) => s.id)).toEqual([PEOPLE.adele]);
    const mailbox = await h.graph("GET", `/users/${PEOPLE.alex}/mailboxSettings`, { token: app });
    expect(mailbox.body.timeZone).toBe("Pacific Standard Time");
    expect(mailbox.body.automaticRepliesSetting.status).toBe("disabled");
  });

  it("knows who is out of office and who has no manager", async () => {
    const christie = (await h.listAll("/users?$filter=displayName eq 'Christie Cline'", app))[0];
    const mailbox = await h.graph("GET", `/users/${christie.id}/mailboxSettings`, { token: app });
    expect(mailbox.body.automaticRepliesSetting.status).toBe("alwaysEnabled");
    const victor = (await h.listAll("/users?$filter=startswith(displayName,'Victor')", app))[0];
    const none = await h.graph("GET", `/users/${victor.id}/manager`, { token: app });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe("Request_ResourceNotFound");
  });

  it("finds a user by principal name and 404s an unknown id", async () => {
    expect((await h.graph("GET", "/users/alexw@example.com", { token: app })).body.id).toBe(PEOPLE.alex);
    expect((await h.graph("GET", "/users/00000000-dead-beef-0000-000000000000", { token: app })).status).toBe(404);
  });

  it("limits a User.Read delegated token to the signed-in user", async () => {
    const alex = await h.userToken(PEOPLE.alex);
    expect((await h.graph("GET", "/me?$select=id,mail", { token: alex })).body).toMatchObject({ id: PEOPLE.alex, mail: "alexw@example.com" });
    expect((await h.graph("GET", `/users/${PEOPLE.megan}`, { token: alex })).status).toBe(403);
  });

  it("lists group members", async () => {
    const groups = await h.listAll("/groups?$filter=displayName eq 'Copilot Pilot'", app);
    const members = await h.listAll(`/groups/${groups[0].id}/members?$select=id`, app);
    expect(members.map((m) => m.id)).toContain(PEOPLE.alex);
  });
});

describe("Teams app installation", () => {
  it("installs the bot for someone who never opened it and gives the 1:1 chat", async () => {
    const catalog = await h.graph("GET", `/appCatalogs/teamsApps?$filter=externalId eq '${BOT}'`, { token: app });
    const teamsAppId = catalog.body.value[0].id;
    const lukas = (await h.listAll("/users?$filter=displayName eq 'Lukas Meyer'", app))[0].id;
    expect(await h.listAll(`/users/${lukas}/teamwork/installedApps`, app)).toEqual([]);
    const install = await h.graph("POST", `/users/${lukas}/teamwork/installedApps`, {
      token: app,
      body: { "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${teamsAppId}` },
    });
    expect(install.status).toBe(201);
    const again = await h.graph("POST", `/users/${lukas}/teamwork/installedApps`, {
      token: app,
      body: { "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${teamsAppId}` },
    });
    expect(again.status).toBe(409);
    const installs = await h.listAll(`/users/${lukas}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '${BOT}'`, app);
    expect(installs).toHaveLength(1);
    expect(installs[0].teamsApp.externalId).toBe(BOT);
    const chat = await h.graph("GET", `/users/${lukas}/teamwork/installedApps/${installs[0].id}/chat`, { token: app });
    expect(chat.body.chatType).toBe("oneOnOne");
    expect(chat.body.id).toMatch(/^19:.*@unq\.gbl\.spaces$/);
  });
});

describe("$batch", () => {
  it("answers each request on its own, including failures", async () => {
    const res = await h.graph("POST", "/$batch", {
      token: app,
      body: {
        requests: [
          { id: "1", method: "GET", url: `/users/${PEOPLE.alex}?$select=id` },
          { id: "2", method: "GET", url: "/users/unknown-user" },
          { id: "3", method: "GET", url: `/users/${PEOPLE.alex}/manager?$select=id`, dependsOn: ["1"] },
          { id: "4", method: "GET", url: `/users/${PEOPLE.alex}`, dependsOn: ["2"] },
        ],
      },
    });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.responses.map((r: any) => [r.id, r]));
    expect(byId["1"].status).toBe(200);
    expect(byId["1"].body.id).toBe(PEOPLE.alex);
    expect(byId["2"].status).toBe(404);
    expect(byId["3"].body.id).toBe(PEOPLE.megan);
    expect(byId["4"].status).toBe(424);
  });

  it("refuses more than 20 requests", async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/users?$top=1" }));
    const res = await h.graph("POST", "/$batch", { token: app, body: { requests } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("20");
  });

  it("throttles single items with their own 429", async () => {
    await h.demo("POST", "/_demo/faults", { rules: [{ match: "manager", status: 429, retryAfterSeconds: 7, count: 1 }] });
    const res = await h.graph("POST", "/$batch", {
      token: app,
      body: { requests: [{ id: "a", method: "GET", url: `/users/${PEOPLE.alex}/manager` }, { id: "b", method: "GET", url: `/users/${PEOPLE.alex}` }] },
    });
    const byId = Object.fromEntries(res.body.responses.map((r: any) => [r.id, r]));
    expect(byId.a.status).toBe(429);
    expect(byId.a.headers["Retry-After"]).toBe("7");
    expect(byId.b.status).toBe(200);
  });
});

describe("faults", () => {
  it("injects 429 with Retry-After for a count, then recovers", async () => {
    await h.demo("POST", "/_demo/faults", { replace: true, rules: [{ match: "^GET /v1.0/groups", status: 429, retryAfterSeconds: 3, count: 2 }] });
    const a = await h.graph("GET", "/groups", { token: app });
    const b = await h.graph("GET", "/groups", { token: app });
    const c = await h.graph("GET", "/groups", { token: app });
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers.get("retry-after")).toBe("3");
    expect(a.body.error.code).toBe("TooManyRequests");
  });

  it("injects 503 and slow answers by path", async () => {
    await h.demo("POST", "/_demo/faults", { replace: true, rules: [{ match: "/users/", status: 503, count: 1 }, { match: "^GET /v1.0/groups", delayMs: 150, count: 1 }] });
    expect((await h.graph("GET", `/users/${PEOPLE.alex}`, { token: app })).status).toBe(503);
    const started = Date.now();
    expect((await h.graph("GET", "/groups", { token: app })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("throttles an app over its request ceiling", async () => {
    await h.demo("POST", "/_demo/faults", { replace: true, throttle: { limit: 3, windowSeconds: 60 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.graph("GET", "/groups?$top=1", { token: app })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    await h.demo("DELETE", "/_demo/faults");
    expect((await h.graph("GET", "/groups?$top=1", { token: app })).status).toBe(200);
  });

  it("refuses a malformed fault rule with a clear message", async () => {
    const res = await h.demo("POST", "/_demo/faults", { rules: [{ match: "x" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("status");
  });
});

describe("demo clock and reset", () => {
  it("moves forward, refuses to go back, and resets the scenario", async () => {
    const before = (await h.demo("GET", "/_demo/clock")).body.now;
    const after = await h.advance("PT3H");
    expect(Date.parse(after) - Date.parse(before)).toBe(3 * 3600_000);
    const back = await h.demo("POST", "/_demo/clock", { set: before });
    expect(back.status).toBe(400);
    const bad = await h.demo("POST", "/_demo/clock", { advance: "three hours" });
    expect(bad.status).toBe(400);
    const reset = await h.demo("POST", "/_demo/reset");
    expect(reset.body.counts.users).toBe(h.running.tenant.state.users.size);
  });
});

describe("persistence", () => {
  it("survives a restart when a state file is configured", async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "demo-tenant-")), "state.json");
    const first = await startDemoTenant({ stateFile });
    const token = first.tenant.mintAppToken();
    const lukas = first.tenant.state.users.all().find((u) => u.displayName === "Lukas Meyer")!.id;
    const appId = first.tenant.state.teamsApps.all()[0]!.id;
    const res = await fetch(`${first.url}/v1.0/users/${lukas}/teamwork/installedApps`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${appId}` }),
    });
    expect(res.status).toBe(201);
    await first.close();
    const second = await startDemoTenant({ stateFile });
    expect(second.tenant.state.installedApps.by("userId", lukas)).toHaveLength(1);
    await second.close();
  });
});
