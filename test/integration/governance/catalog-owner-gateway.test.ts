import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessReviewGateway } from "../../../src/governance/access-review-gateway.js";
import { ACCESS_PACKAGE_MANAGER_ROLE, CatalogOwnerGateway, CATALOG_OWNER_ROLE } from "../../../src/governance/catalog-owner-gateway.js";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness.js";

const CATALOG = {
  general: "7a1c0000-0000-4000-8000-0000e1000001",
  restricted: "7a1c0000-0000-4000-8000-0000e1000002",
  platform: "7a1c0000-0000-4000-8000-0000e1000003",
};
const CHATGPT_REVIEW = { definition: "7a1c0000-0000-4000-8000-000000ad0002", instance: "7a1c0000-0000-4000-8000-000000ae0003" };

let g: GatewayHarness;
// Pages of 2 make every list span pages, as large tenants do.
beforeAll(async () => {
  g = await startGatewayHarness({ pageSize: 2 });
});
afterAll(() => g?.close());

const userId = (name: string) => g.h.running.tenant.state.users.all().find((u) => u.displayName === name)!.id;

describe("CatalogOwnerGateway", () => {
  it("lists each catalog's owners and access package managers, with its packages, app-only", async () => {
    const catalogs = await new CatalogOwnerGateway(g.graph, g.app).listOwnedCatalogs();
    const byId = new Map(catalogs.map((c) => [c.id, c]));
    expect(byId.get(CATALOG.restricted)).toMatchObject({
      displayName: "AI tools – restricted",
      ownerIds: expect.arrayContaining([userId("Adele Vance"), userId("Alex Wilber")]),
      packageManagerIds: [userId("Lee Gu")],
    });
    expect(byId.get(CATALOG.restricted)!.packages.map((p) => p.displayName).sort()).toEqual(["Code Assistant (up to 7 days)", "Legal Research Assistant (30 days)"]);
    expect(byId.get(CATALOG.platform)).toMatchObject({ ownerIds: [userId("Lee Gu")], packageManagerIds: [userId("Nestor Wilke")] });
    expect(byId.get(CATALOG.general)).toMatchObject({ ownerIds: [userId("Patti Fernandez")], packageManagerIds: [] });
  });

  it("leaves out roles held by groups (nobody to message) and catalogs where nobody holds one", async () => {
    const state = g.h.running.tenant.state;
    const group = state.groups.all().find((gr) => gr.displayName === "AI Tool Owners")!;
    const general = state.catalogs.get(CATALOG.general)!;
    const before = general.roleAssignments;
    general.roleAssignments = [
      { roleDefinitionId: CATALOG_OWNER_ROLE, principalId: group.id },
      { roleDefinitionId: ACCESS_PACKAGE_MANAGER_ROLE, principalId: group.id },
    ];
    try {
      const catalogs = await new CatalogOwnerGateway(g.graph, g.app).listOwnedCatalogs();
      expect(catalogs.find((c) => c.id === CATALOG.general)).toBeUndefined();
      expect(catalogs.map((c) => c.id).sort()).toEqual([CATALOG.restricted, CATALOG.platform].sort());
    } finally {
      general.roleAssignments = before;
    }
  });
});

describe("AccessReviewGateway.tallyDecisions", () => {
  it("counts every decision item of an instance by decision, over every page", async () => {
    const gateway = new AccessReviewGateway(g.graph, g.app);
    const { result, httpCalls } = await g.countGraphRequests(() => gateway.tallyDecisions(CHATGPT_REVIEW.definition, CHATGPT_REVIEW.instance));
    const items = g.h.running.tenant.state.reviewDecisions.by("instanceId", CHATGPT_REVIEW.instance);
    const count = (decision: string) => items.filter((d) => d.decision === decision).length;
    expect(result).toEqual({ total: items.length, approved: count("Approve"), denied: count("Deny"), dontKnow: count("DontKnow"), notReviewed: count("NotReviewed") });
    expect(result).toMatchObject({ total: 9, approved: 1, notReviewed: 8 });
    expect(httpCalls).toBe(Math.ceil(items.length / 2));
  });
});
