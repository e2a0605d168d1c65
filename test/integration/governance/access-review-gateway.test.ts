import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DemoTenantOptions } from "../../../src/demo-tenant/demo-tenant.js";
import { AccessReviewGateway } from "../../../src/governance/access-review-gateway.js";
import { GovernanceError } from "../../../src/governance/governance-error.js";
import type { GraphTokenSource } from "../../../src/identity/graph-token-source.js";
import { startHarness, TEST_EPOCH, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { USERS } from "../demo-tenant/entitlement-fixtures.js";
import { CountingGraphHttp } from "./gateway-harness.js";

const REVIEW = {
  copilot: { definition: "7a1c0000-0000-4000-8000-000000ad0001", instance: "7a1c0000-0000-4000-8000-000000ae0001" },
  chatgpt: { definition: "7a1c0000-0000-4000-8000-000000ad0002", instance: "7a1c0000-0000-4000-8000-000000ae0003", past: "7a1c0000-0000-4000-8000-000000ae0002" },
  aiPlatform: { definition: "7a1c0000-0000-4000-8000-000000ad0003", instance: "7a1c0000-0000-4000-8000-000000ae0004" },
  legal: { definition: "7a1c0000-0000-4000-8000-000000ad0004", instance: "7a1c0000-0000-4000-8000-000000ae0005" },
} as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Harness {
  h: DemoTenantHarness;
  graph: CountingGraphHttp;
  gateway: AccessReviewGateway;
  app: GraphTokenSource;
  as(userId: string): GraphTokenSource;
  /** Graph requests the demo tenant served while `run` ran (each item of a `$batch` counted) and HTTP calls made. */
  count<T>(run: () => Promise<T>): Promise<{ result: T; requests: number; httpCalls: number }>;
}

async function start(options: DemoTenantOptions): Promise<Harness> {
  const h = await startHarness(options);
  const graph = new CountingGraphHttp({ baseUrl: h.url, timeoutMs: 20_000, maxRetries: 1 });
  const source = (kind: "app" | "user", principal: string): GraphTokenSource => {
    let token: Promise<string> | undefined;
    return { kind, principal, getToken: () => (token ??= kind === "app" ? h.appToken() : h.userToken(principal)) };
  };
  const app = source("app", "app");
  const people = new Map<string, GraphTokenSource>();
  return {
    h,
    graph,
    app,
    gateway: new AccessReviewGateway(graph, app),
    as: (id) => people.get(id) ?? people.set(id, source("user", id)).get(id)!,
    async count(run) {
      await h.demo("POST", "/_demo/faults", { replace: true, rules: [{ match: ".", delayMs: 0 }] });
      const before = graph.calls;
      try {
        const result = await run();
        const faults = (await h.demo<{ rules: { hits: number }[] }>("GET", "/_demo/faults")).body;
        return { result, requests: faults.rules[0]?.hits ?? 0, httpCalls: graph.calls - before };
      } finally {
        await h.demo("DELETE", "/_demo/faults");
      }
    },
  };
}

/** Who the demo tenant itself assigned to each undecided item of an instance (what Graph hides from apps). */
function tenantAssignment(h: DemoTenantHarness, instanceId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of h.running.tenant.state.reviewDecisions.by("instanceId", instanceId)) {
    if (d.decision === "NotReviewed") out.set(d.id, [...d.reviewerIds].sort());
  }
  return out;
}

function gatewayAssignment(byReviewer: ReadonlyMap<string, readonly { id: string }[]>, unassigned: readonly { id: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>(unassigned.map((i) => [i.id, []]));
  for (const [reviewer, items] of byReviewer) for (const item of items) out.set(item.id, [...(out.get(item.id) ?? []), reviewer]);
  for (const [id, list] of out) out.set(id, list.sort());
  return out;
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as GovernanceError);

describe("the Contoso scenario", () => {
  let t: Harness;
  beforeEach(async () => {
    t = await start({ pageSize: 2 });
  });
  afterEach(() => t.h.close());

  it("lists the instances in progress with their definition's name, description and settings", async () => {
    const instances = await t.gateway.listInstancesInProgress();
    expect(instances.map((i) => i.id).sort()).toEqual([REVIEW.copilot.instance, REVIEW.chatgpt.instance, REVIEW.aiPlatform.instance, REVIEW.legal.instance].sort());
    const copilot = instances.find((i) => i.id === REVIEW.copilot.instance)!;
    expect(copilot).toEqual({
      id: REVIEW.copilot.instance,
      definitionId: REVIEW.copilot.definition,
      displayName: "Copilot Pilot membership review",
      descriptionForReviewers: expect.stringContaining("still active in the Copilot pilot"),
      startAt: new Date(TEST_EPOCH.getTime() - 13 * DAY),
      endAt: new Date(TEST_EPOCH.getTime() + 36 * HOUR),
      status: "InProgress",
      justificationRequiredOnApproval: false,
    });
    expect(instances.find((i) => i.id === REVIEW.legal.instance)!.justificationRequiredOnApproval).toBe(true);
  });

  it("reads one instance in one $batch, and a missing one as NotFound", async () => {
    const { result, httpCalls } = await t.count(() => t.gateway.getInstance(REVIEW.chatgpt.definition, REVIEW.chatgpt.past));
    expect(result).toMatchObject({ displayName: "Quarterly review: ChatGPT Enterprise Users", status: "Completed" });
    expect(httpCalls).toBe(1);
    const error = await errorOf(t.gateway.getInstance(REVIEW.chatgpt.definition, "11111111-2222-3333-4444-555555555555"));
    expect(error).toBeInstanceOf(GovernanceError);
    expect(error!.code).toBe("NotFound");
    // Found by id alone (under whichever definition holds it), or null.
    expect((await t.gateway.findInstance(REVIEW.chatgpt.past))?.definitionId).toBe(REVIEW.chatgpt.definition);
    expect(await t.gateway.findInstance("11111111-2222-3333-4444-555555555555")).toBeNull();
  });

  it("lists a reviewer's items with Entra's recommendation and the last sign-in, every page", async () => {
    const items = await t.gateway.listReviewerItems(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance);
    const byName = new Map(items.map((i) => [i.principal.displayName, i]));
    expect([...byName.keys()].sort()).toEqual(["Daniel Kim", "Hannah Schmidt", "Lidia Holloway", "Lukas Meyer", "Megan Bowen", "Pradeep Gupta"]);
    expect(byName.get("Hannah Schmidt")).toMatchObject({
      principal: { id: USERS.hannah, displayName: "Hannah Schmidt", upn: "hannahs@example.com" },
      resourceName: "Copilot Pilot",
      recommendation: "Deny",
      decision: "NotReviewed",
      justification: null,
      reviewedBy: null,
      lastSignIn: new Date(TEST_EPOCH.getTime() - 45 * DAY),
    });
    expect(items.filter((i) => i.recommendation === "Approve")).toHaveLength(5);
    // Megan reviews only Alex's own membership (she is the fallback reviewer); Isaiah reviews nothing.
    expect((await t.gateway.listReviewerItems(t.as(USERS.megan), REVIEW.copilot.definition, REVIEW.copilot.instance)).map((i) => i.principal.displayName)).toEqual(["Alex Wilber"]);
    expect(await t.gateway.listReviewerItems(t.as(USERS.isaiah), REVIEW.copilot.definition, REVIEW.copilot.instance)).toEqual([]);
  });

  it("shows decided items with who decided and why", async () => {
    const items = await t.gateway.listReviewerItems(t.as(USERS.adele), REVIEW.legal.definition, REVIEW.legal.instance);
    const maya = items.find((i) => i.principal.id === USERS.maya)!;
    expect(maya).toMatchObject({ decision: "Approve", justification: "Leads the Fabrikam contract renewal.", reviewedBy: { id: USERS.adele, displayName: "Adele Vance" } });
    expect(maya.reviewedAt).toEqual(new Date(TEST_EPOCH.getTime() - DAY));
    expect(items.find((i) => i.principal.id === USERS.rosa)?.resourceName).toBe("Legal Research Assistant Users");
  });

  it("resolves every undecided item's reviewers as Entra assigned them, for every review in progress", async () => {
    for (const review of [REVIEW.copilot, REVIEW.chatgpt, REVIEW.aiPlatform, REVIEW.legal]) {
      const pending = await t.gateway.listPendingByReviewer(review.definition, review.instance);
      expect(gatewayAssignment(pending.byReviewer, pending.unassigned), review.instance).toEqual(tenantAssignment(t.h, review.instance));
      expect(pending.pendingCount).toBe(tenantAssignment(t.h, review.instance).size);
    }
    const chatgpt = await t.gateway.listPendingByReviewer(REVIEW.chatgpt.definition, REVIEW.chatgpt.instance);
    // Managers review their reports; Victor has no manager, so the fallback reviewer (Patti) has him.
    expect(chatgpt.byReviewer.get(USERS.megan)?.map((i) => i.principal.displayName).sort()).toEqual(["Alex Wilber", "Lukas Meyer", "Tomas Garcia"]);
    expect(chatgpt.byReviewer.get(USERS.patti)?.map((i) => i.principal.displayName)).toContain("Victor Nguyen");
    expect(chatgpt.instance.displayName).toBe("Quarterly review: ChatGPT Enterprise Users");
    // Who can stand in for an absent reviewer, and who answers for the review.
    expect(chatgpt.fallbackReviewerIds).toEqual([USERS.patti]);
    expect(chatgpt.ownerIds).toEqual([USERS.lee]);
    const copilot = await t.gateway.listPendingByReviewer(REVIEW.copilot.definition, REVIEW.copilot.instance);
    expect(copilot.byReviewer.get(USERS.alex)).toHaveLength(6);
    expect(copilot.byReviewer.get(USERS.megan)?.map((i) => i.principal.id)).toEqual([USERS.alex]);
    expect(copilot.fallbackReviewerIds).toEqual([USERS.megan]);
  });

  it("records a reviewer's decision with their own token, and Entra's refusals come back mapped", async () => {
    const { gateway } = t;
    const items = await gateway.listReviewerItems(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance);
    const megan = items.find((i) => i.principal.id === USERS.megan)!;
    await gateway.recordDecision(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance, megan.id, "Approve", "  Leads the pilot  ");
    const stored = t.h.running.tenant.state.reviewDecisions.get(megan.id)!;
    expect(stored).toMatchObject({ decision: "Approve", justification: "Leads the pilot", reviewedById: USERS.alex });

    // The app may not decide, nor may someone who is not the item's reviewer.
    expect((await errorOf(gateway.recordDecision(t.app, REVIEW.copilot.definition, REVIEW.copilot.instance, megan.id, "Deny", null)))?.code).toBe("Forbidden");
    expect((await errorOf(gateway.recordDecision(t.as(USERS.isaiah), REVIEW.copilot.definition, REVIEW.copilot.instance, megan.id, "Deny", null)))?.code).toBe("Forbidden");

    // Approving without the reason the Legal Research review requires.
    const legal = await gateway.listReviewerItems(t.as(USERS.adele), REVIEW.legal.definition, REVIEW.legal.instance);
    const brian = legal.find((i) => i.principal.id === USERS.brian)!;
    const missing = await errorOf(gateway.recordDecision(t.as(USERS.adele), REVIEW.legal.definition, REVIEW.legal.instance, brian.id, "Approve", "  "));
    expect(missing).toMatchObject({ code: "BadRequest", details: { graphCode: "JustificationRequired" } });
    await gateway.recordDecision(t.as(USERS.adele), REVIEW.legal.definition, REVIEW.legal.instance, brian.id, "DontKnow", null);
    expect(t.h.running.tenant.state.reviewDecisions.get(brian.id)!.decision).toBe("DontKnow");

    // After the end date the decisions are final.
    await t.h.advance("PT37H");
    const ended = await errorOf(gateway.recordDecision(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance, megan.id, "Deny", null));
    expect(ended?.code).toBe("Conflict");
  });

  it("accepts Entra's recommendations for the reviewer's undecided items only", async () => {
    const { gateway } = t;
    const before = await gateway.listReviewerItems(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance);
    await gateway.recordDecision(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance, before.find((i) => i.principal.id === USERS.lukas)!.id, "Deny", "Left the pilot");
    await gateway.acceptRecommendations(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance);
    const after = new Map((await gateway.listReviewerItems(t.as(USERS.alex), REVIEW.copilot.definition, REVIEW.copilot.instance)).map((i) => [i.principal.displayName, i.decision]));
    expect(Object.fromEntries(after)).toEqual({
      "Megan Bowen": "Approve",
      "Lukas Meyer": "Deny",
      "Daniel Kim": "Approve",
      "Pradeep Gupta": "Approve",
      "Lidia Holloway": "Approve",
      "Hannah Schmidt": "Deny",
    });
    // Megan's item on Alex is untouched: acceptRecommendations decides the caller's items alone.
    expect((await gateway.listReviewerItems(t.as(USERS.megan), REVIEW.copilot.definition, REVIEW.copilot.instance))[0]!.decision).toBe("NotReviewed");
    expect((await errorOf(gateway.acceptRecommendations(t.as(USERS.isaiah), REVIEW.copilot.definition, REVIEW.copilot.instance)))?.code).toBe("Forbidden");
  });
});

describe("a manager review over a generated tenant", () => {
  // Every generated reviewed assignment is held by a direct report of its reviewer, reviewed by `./manager`.
  const large = { users: 3_000, accessPackages: 4, assignments: 2_000, reviewDecisions: 1_600, reviewers: 500, pendingRequests: 0, completedRequests: 0, seed: 7 };
  const definitionId = "5ca1e00c-0000-4000-8000-000000000001";
  const instanceId = "5ca1e00d-0000-4000-8000-000000000001";
  let t: Harness;
  beforeAll(async () => {
    t = await start({ large });
  }, 60_000);
  afterAll(() => t.h.close());

  it("lists undecided items by reviewer in pages plus one $batch per 300 principals, the minimum Graph allows", async () => {
    const expected = tenantAssignment(t.h, instanceId);
    const { result, requests, httpCalls } = await t.count(() => t.gateway.listPendingByReviewer(definitionId, instanceId));
    expect(gatewayAssignment(result.byReviewer, result.unassigned)).toEqual(expected);
    expect(result.unassigned).toEqual([]);

    const pending = expected.size;
    const principals = new Set(result.byReviewer.size > 0 ? [...result.byReviewer.values()].flat().map((i) => i.principal.id) : []).size;
    const pageSize = t.h.running.tenant.state.settings.pageSize;
    const pages = Math.ceil(pending / pageSize);
    const managerRequests = Math.ceil(principals / 15);
    const managerBatches = Math.ceil(managerRequests / 20);
    // One $batch (definition and instance), the pages of undecided items, and the manager batches: nothing else.
    expect(httpCalls).toBe(1 + pages + managerBatches);
    expect(requests).toBe(2 + pages + managerRequests);
    expect(result.byReviewer.size).toBeGreaterThan(400);
    // Against one manager read per item, it is more than ten times fewer Graph requests.
    expect(requests * 10).toBeLessThan(pending);
  }, 60_000);
});
