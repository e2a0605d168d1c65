import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessReviewGateway } from "../../../src/governance/access-review-gateway.js";
import { GovernanceError } from "../../../src/governance/governance-error.js";
import type { GraphTokenSource } from "../../../src/identity/graph-token-source.js";
import { startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { USERS } from "../demo-tenant/entitlement-fixtures.js";
import { CountingGraphHttp } from "./gateway-harness.js";

const COPILOT = "7a1c0000-0000-4000-8000-000000ae0001";
const CHATGPT_NOW = "7a1c0000-0000-4000-8000-000000ae0003";

let h: DemoTenantHarness;
let graph: CountingGraphHttp;
let gateway: AccessReviewGateway;
const source = (kind: "app" | "user", principal: string): GraphTokenSource => ({
  kind,
  principal,
  getToken: () => (kind === "app" ? h.appToken() : h.userToken(principal)),
});

beforeAll(async () => {
  // Pages of two, so the reviewer's own lists are followed past their first page.
  h = await startHarness({ pageSize: 2 });
  graph = new CountingGraphHttp({ baseUrl: h.url, timeoutMs: 20_000, maxRetries: 1 });
  gateway = new AccessReviewGateway(graph, source("app", "app"));
});
afterAll(() => h?.close());

describe("listMyInstancesInProgress", () => {
  it("lists the instances in progress a reviewer reviews, read with their token, in two calls", async () => {
    const before = graph.calls;
    const megan = await gateway.listMyInstancesInProgress(source("user", USERS.megan));
    // The ChatGPT review's past quarter is completed: only the current one.
    expect(megan.map((i) => i.id).sort()).toEqual([COPILOT, CHATGPT_NOW].sort());
    expect(megan.find((i) => i.id === COPILOT)).toMatchObject({ displayName: "Copilot Pilot membership review", status: "InProgress", justificationRequiredOnApproval: false });
    // One list of definitions and one $batch of their instances.
    expect(graph.calls - before).toBe(2);
  });

  it("lists nothing for a reviewer whose review has not started, nor for someone who reviews nothing", async () => {
    expect(await gateway.listMyInstancesInProgress(source("user", USERS.nestor))).toEqual([]);
    expect(await gateway.listMyInstancesInProgress(source("user", USERS.chloe))).toEqual([]);
  });

  it("is refused to the app's own token: there is no current user", async () => {
    const error = await gateway.listMyInstancesInProgress(source("app", "app")).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(GovernanceError);
  });
});
