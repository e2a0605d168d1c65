import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GraphHttp } from "../../../src/governance/graph-http.js";
import { GovernanceError } from "../../../src/governance/governance-error.js";
import type { GraphTokenSource } from "../../../src/identity/graph-token-source.js";
import { PEOPLE, startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";

let h: DemoTenantHarness;
let app: GraphTokenSource;
let graph: GraphHttp;
beforeAll(async () => {
  h = await startHarness({ pageSize: 4 });
  const token = await h.appToken();
  app = { kind: "app", principal: "app", getToken: async () => token };
  graph = new GraphHttp({ baseUrl: h.url, timeoutMs: 1000, maxRetries: 2, maxRetryAfterSeconds: 2 });
});
afterAll(() => h.close());
afterEach(() => h.demo("DELETE", "/_demo/faults"));

async function failure(promise: Promise<unknown>): Promise<GovernanceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GovernanceError);
    return error as GovernanceError;
  }
  throw new Error("expected a failure");
}

describe("GraphHttp against the demo tenant", () => {
  it("reads an entity and every page of a collection", async () => {
    const alex = await graph.get<{ displayName: string }>(app, `/users/${PEOPLE.alex}`);
    expect(alex.displayName).toBe("Alex Wilber");
    const users = await graph.listAll<{ id: string }>(app, "/users?$select=id");
    expect(users.length).toBe(h.running.tenant.state.users.size);
  });

  it("maps 404 and 403 to NotFound and Forbidden", async () => {
    expect((await failure(graph.get(app, "/users/no-such-user"))).code).toBe("NotFound");
    const alexToken = await h.userToken(PEOPLE.alex);
    const alex: GraphTokenSource = { kind: "user", principal: PEOPLE.alex, getToken: async () => alexToken };
    expect((await failure(graph.get(alex, `/users/${PEOPLE.megan}`))).code).toBe("Forbidden");
  });

  it("retries a 429 after its Retry-After and succeeds", async () => {
    await h.demo("POST", "/_demo/faults", { rules: [{ match: "/users/", status: 429, retryAfterSeconds: 1, count: 1 }] });
    const started = Date.now();
    const alex = await graph.get<{ id: string }>(app, `/users/${PEOPLE.alex}`);
    expect(alex.id).toBe(PEOPLE.alex);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("fails fast as Throttled when Graph asks to wait longer than a turn can", async () => {
    await h.demo("POST", "/_demo/faults", { rules: [{ match: "/users/", status: 429, retryAfterSeconds: 120, count: 1 }] });
    const error = await failure(graph.get(app, `/users/${PEOPLE.alex}`));
    expect(error.code).toBe("Throttled");
    expect(error.details.retryAfterSeconds).toBe(120);
  });

  it("gives up on repeated 503 as Unavailable", async () => {
    await h.demo("POST", "/_demo/faults", { rules: [{ match: "/users/", status: 503, retryAfterSeconds: 0, count: 5 }] });
    expect((await failure(graph.get(app, `/users/${PEOPLE.alex}`))).code).toBe("Unavailable");
  });

  it("times out a slow answer", async () => {
    await h.demo("POST", "/_demo/faults", { rules: [{ match: "/users/", delayMs: 1500, count: 1 }] });
    expect((await failure(graph.get(app, `/users/${PEOPLE.alex}`))).code).toBe("Timeout");
  });

  it("batches in chunks of 20 and retries items throttled on their own", async () => {
    const ids = h.running.tenant.state.users.all().slice(0, 25).map((u) => u.id);
    await h.demo("POST", "/_demo/faults", { rules: [{ match: `${ids[3]}`, status: 429, retryAfterSeconds: 1, count: 1 }] });
    const answers = await graph.batch(app, ids.map((id, i) => ({ id: String(i), method: "GET", url: `/users/${id}?$select=id` })));
    expect(answers).toHaveLength(25);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.map((a) => (a.body as { id: string }).id)).toEqual(ids);
  });

  it("reports an unreachable Graph as Unavailable", async () => {
    const nowhere = new GraphHttp({ baseUrl: "http://127.0.0.1:9", timeoutMs: 1000, maxRetries: 0 });
    expect((await failure(nowhere.get(app, "/users"))).code).toBe("Unavailable");
  });
});
