import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE, startHarness, TEST_EPOCH, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { AR, expectGraph, expectGraphError, instancePath, myItems, USERS } from "./access-reviews-support.js";

let h: DemoTenantHarness;
let app: string;
let alex: string;
let megan: string;
let adele: string;
beforeAll(async () => {
  h = await startHarness();
  [app, alex, megan, adele] = await Promise.all([h.appToken(), h.userToken(PEOPLE.alex), h.userToken(PEOPLE.megan), h.userToken(PEOPLE.adele)]);
});
afterAll(() => h.close());

const decisionPath = (r: { definition: string; instance: string }, id: string) => `${instancePath(r)}/decisions/${id}`;

describe("recording one decision (PATCH)", () => {
  it("lets the reviewer decide, and change the decision while the review runs", async () => {
    const lukas = (await myItems(h, AR.chatgpt, megan)).get("Lukas Meyer");
    const path = decisionPath(AR.chatgpt, lukas.id);
    const res = await h.graph("PATCH", path, { token: megan, body: { decision: "Deny", justification: "Moved to the events team" } });
    expectGraph(res, "PATCH", path, 204);
    expect(res.body).toBeUndefined();
    let item = (await h.graph("GET", path, { token: app })).body;
    expect(item).toMatchObject({
      decision: "Deny",
      justification: "Moved to the events team",
      reviewedBy: { id: PEOPLE.megan, displayName: "Megan Bowen" },
      reviewedDateTime: TEST_EPOCH.toISOString(),
      applyResult: "New",
    });
    await h.advance("PT1H");
    expectGraph(await h.graph("PATCH", path, { token: megan, body: { decision: "Approve" } }), "PATCH", path, 204);
    item = (await h.graph("GET", path, { token: app })).body;
    expect(item).toMatchObject({ decision: "Approve", justification: "", reviewedDateTime: new Date(TEST_EPOCH.getTime() + 3_600_000).toISOString() });
  });

  it("refuses the app: a decision is a reviewer's own act", async () => {
    const tomas = (await myItems(h, AR.chatgpt, megan)).get("Tomas Garcia");
    const path = decisionPath(AR.chatgpt, tomas.id);
    expectGraphError(await h.graph("PATCH", path, { token: app, body: { decision: "Approve" } }), "PATCH", path, 403);
    expect((await h.graph("GET", path, { token: app })).body.decision).toBe("NotReviewed");
  });

  it("refuses a signed-in user who does not review that item", async () => {
    const tomas = (await myItems(h, AR.chatgpt, megan)).get("Tomas Garcia");
    const path = decisionPath(AR.chatgpt, tomas.id);
    // Lynne reviews Isaiah in the same instance, not Tomas.
    const lynne = await h.userToken(USERS.lynner);
    expectGraphError(await h.graph("PATCH", path, { token: lynne, body: { decision: "Deny" } }), "PATCH", path, 403);
    expectGraphError(await h.graph("PATCH", path, { token: alex, body: { decision: "Approve" } }), "PATCH", path, 403);
    expect((await h.graph("GET", path, { token: app })).body.decision).toBe("NotReviewed");
  });

  it("rejects a decision outside Approve, Deny and DontKnow", async () => {
    const tomas = (await myItems(h, AR.chatgpt, megan)).get("Tomas Garcia");
    const path = decisionPath(AR.chatgpt, tomas.id);
    for (const decision of ["Maybe", "NotReviewed", undefined, 42]) {
      expectGraphError(await h.graph("PATCH", path, { token: megan, body: { decision } }), "PATCH", path, 400);
    }
    expectGraph(await h.graph("PATCH", path, { token: megan, body: { decision: "DontKnow" } }), "PATCH", path, 204);
    expect((await h.graph("GET", path, { token: app })).body.decision).toBe("DontKnow");
  });

  it("requires a justification to approve when the review says so, but not to deny", async () => {
    const items = await myItems(h, AR.legal, adele);
    const brian = decisionPath(AR.legal, items.get("Brian Johnson").id);
    expectGraphError(await h.graph("PATCH", brian, { token: adele, body: { decision: "Approve" } }), "PATCH", brian, 400);
    expectGraphError(await h.graph("PATCH", brian, { token: adele, body: { decision: "Approve", justification: "   " } }), "PATCH", brian, 400);
    expect((await h.graph("GET", brian, { token: app })).body.decision).toBe("NotReviewed");
    expectGraph(await h.graph("PATCH", brian, { token: adele, body: { decision: "Approve", justification: "Fabrikam litigation" } }), "PATCH", brian, 204);
    const omar = decisionPath(AR.legal, items.get("Omar Haddad").id);
    expectGraph(await h.graph("PATCH", omar, { token: adele, body: { decision: "Deny" } }), "PATCH", omar, 204);
    // The ChatGPT review does not require one.
    const alexItem = (await myItems(h, AR.chatgpt, megan)).get("Alex Wilber");
    expectGraph(await h.graph("PATCH", decisionPath(AR.chatgpt, alexItem.id), { token: megan, body: { decision: "Approve" } }), "PATCH", decisionPath(AR.chatgpt, alexItem.id), 204);
  });

  it("answers 404 for an item of another instance", async () => {
    const item = (await myItems(h, AR.copilotPilot, alex)).get("Lukas Meyer");
    const path = decisionPath(AR.chatgpt, item.id);
    expectGraphError(await h.graph("PATCH", path, { token: alex, body: { decision: "Approve" } }), "PATCH", path, 404);
  });
});

describe("batchRecordDecisions", () => {
  it("decides only the caller's items, narrowed by principalId", async () => {
    const lee = await h.userToken(USERS.leeg);
    const path = `${instancePath(AR.aiPlatform)}/batchRecordDecisions`;
    const res = await h.graph("POST", path, { token: lee, body: { decision: "Deny", justification: "No platform work since the reorg", principalId: USERS.irvins } });
    expectGraph(res, "POST", path, 204);
    let items = await myItems(h, AR.aiPlatform, lee);
    expect(items.get("Irvin Sayers")).toMatchObject({ decision: "Deny", reviewedBy: { id: USERS.leeg } });
    expect(items.get("Enrico Cattaneo").decision).toBe("NotReviewed");
    expect(items.get("Sofia Romero").decision).toBe("Approve");
    // Without principalId or resourceId, every item of the caller is decided.
    expectGraph(await h.graph("POST", path, { token: lee, body: { decision: "Approve", justification: "Platform on-call rota" } }), "POST", path, 204);
    items = await myItems(h, AR.aiPlatform, lee);
    expect([...items.values()].every((d) => d.decision === "Approve")).toBe(true);
  });

  it("narrows by resourceId, and enforces the same rules as PATCH", async () => {
    const path = `${instancePath(AR.legal)}/batchRecordDecisions`;
    expectGraphError(await h.graph("POST", path, { token: adele, body: { decision: "Approve" } }), "POST", path, 400);
    expectGraphError(await h.graph("POST", path, { token: adele, body: { decision: "Nope", justification: "x" } }), "POST", path, 400);
    expectGraphError(await h.graph("POST", path, { token: app, body: { decision: "Deny" } }), "POST", path, 403);
    expectGraphError(await h.graph("POST", path, { token: megan, body: { decision: "Deny" } }), "POST", path, 403);
    const unrelated = "7a1c0000-0000-4000-8000-00000000a0ff";
    expectGraph(await h.graph("POST", path, { token: adele, body: { decision: "DontKnow", resourceId: unrelated } }), "POST", path, 204);
    expect((await myItems(h, AR.legal, adele)).get("Victor Nguyen").decision).toBe("NotReviewed");
    const group = (await myItems(h, AR.legal, adele)).get("Victor Nguyen").resource.id;
    expectGraph(await h.graph("POST", path, { token: adele, body: { decision: "DontKnow", resourceId: group } }), "POST", path, 204);
    expect((await myItems(h, AR.legal, adele)).get("Victor Nguyen").decision).toBe("DontKnow");
  });
});

describe("acceptRecommendations", () => {
  it("takes Entra's recommendation on the caller's undecided items only", async () => {
    const lukas = (await myItems(h, AR.copilotPilot, alex)).get("Lukas Meyer");
    await h.graph("PATCH", decisionPath(AR.copilotPilot, lukas.id), { token: alex, body: { decision: "Deny", justification: "Left the pilot" } });
    const path = `${instancePath(AR.copilotPilot)}/acceptRecommendations`;
    expectGraphError(await h.graph("POST", path, { token: app }), "POST", path, 403);
    expectGraphError(await h.graph("POST", path, { token: adele }), "POST", path, 403);
    const res = await h.graph("POST", path, { token: alex });
    expectGraph(res, "POST", path, 204);
    const items = await myItems(h, AR.copilotPilot, alex);
    expect(items.get("Hannah Schmidt")).toMatchObject({ decision: "Deny", reviewedBy: { id: PEOPLE.alex } });
    expect(items.get("Pradeep Gupta").decision).toBe("Approve");
    expect(items.get("Lukas Meyer")).toMatchObject({ decision: "Deny", justification: "Left the pilot" });
    // Megan's item (Alex's own membership) is not Alex's to decide.
    expect((await myItems(h, AR.copilotPilot, megan)).get("Alex Wilber").decision).toBe("NotReviewed");
  });
});
