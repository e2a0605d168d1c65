import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE, startHarness, TEST_EPOCH, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { AR, DEFINITIONS, expectGraph, expectGraphError, instancePath, myItems, USERS } from "./access-reviews-support.js";

let h: DemoTenantHarness;
let app: string;
let alex: string;
let megan: string;
beforeAll(async () => {
  h = await startHarness({ pageSize: 2 });
  [app, alex, megan] = await Promise.all([h.appToken(), h.userToken(PEOPLE.alex), h.userToken(PEOPLE.megan)]);
});
afterAll(() => h.close());

describe("access review definitions", () => {
  it("lists every definition to the app, paged, with Graph's shape", async () => {
    const first = await h.graph("GET", DEFINITIONS, { token: app });
    expectGraph(first, "GET", DEFINITIONS, 200);
    expect(first.body.value).toHaveLength(2);
    expect(first.body["@odata.nextLink"]).toContain("$skiptoken=");
    const all = await h.listAll(DEFINITIONS, app);
    expect(all.map((d) => d.id).sort()).toEqual(Object.values(AR).map((r) => r.definition).sort());
    const chatgpt = all.find((d) => d.id === AR.chatgpt.definition);
    expect(chatgpt).toMatchObject({
      status: "InProgress",
      createdBy: { id: USERS.leeg, displayName: "Lee Gu" },
      scope: { "@odata.type": "#microsoft.graph.accessReviewQueryScope", query: `/groups/${AR.chatgpt.group}/transitiveMembers` },
      reviewers: [{ query: "./manager", queryType: "MicrosoftGraph", queryRoot: "decisions" }],
      fallbackReviewers: [{ query: `/users/${PEOPLE.patti}`, queryRoot: null }],
      settings: { defaultDecisionEnabled: true, defaultDecision: "Recommendation", autoApplyDecisionsEnabled: true, recurrence: { pattern: { type: "absoluteMonthly", interval: 3 } } },
    });
    expect(all.find((d) => d.id === AR.toolOwners.definition).status).toBe("NotStarted");
  });

  it("filters on status and on the scope's query through a type cast", async () => {
    const inProgress = await h.listAll(`${DEFINITIONS}?$filter=status eq 'InProgress'`, app);
    expect(inProgress).toHaveLength(4);
    const path = `${DEFINITIONS}?$filter=contains(scope/microsoft.graph.accessReviewQueryScope/query, '${AR.copilotPilot.group}')`;
    const byGroup = await h.graph("GET", path, { token: app });
    expectGraph(byGroup, "GET", path, 200);
    expect(byGroup.body.value.map((d: any) => d.id)).toEqual([AR.copilotPilot.definition]);
  });

  it("expands instances of a definition", async () => {
    const path = `${DEFINITIONS}/${AR.chatgpt.definition}?$expand=instances`;
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    expect(res.body.instances.map((i: any) => [i.id, i.status])).toEqual([
      [AR.chatgpt.past, "Completed"],
      [AR.chatgpt.instance, "InProgress"],
    ]);
  });

  it("lists the definitions the signed-in user reviews, and refuses that function to the app", async () => {
    const path = `${DEFINITIONS}/filterByCurrentUser(on='reviewer')`;
    const mine = await h.graph("GET", path, { token: alex });
    expectGraph(mine, "GET", path, 200);
    expect(mine.body.value.map((d: any) => d.id)).toEqual([AR.copilotPilot.definition]);
    const megans = await h.listAll(path, megan);
    expect(megans.map((d) => d.id).sort()).toEqual([AR.copilotPilot.definition, AR.chatgpt.definition].sort());
    expectGraphError(await h.graph("GET", path, { token: app }), "GET", path, 403);
    const wrongOn = `${DEFINITIONS}/filterByCurrentUser(on='approver')`;
    expect((await h.graph("GET", wrongOn, { token: alex })).status).toBe(400);
  });

  it("shows a definition to its reviewers but not to other people without a reviews role", async () => {
    const path = `${DEFINITIONS}/${AR.copilotPilot.definition}`;
    expectGraph(await h.graph("GET", path, { token: alex }), "GET", path, 200);
    const isaiah = await h.userToken(PEOPLE.isaiah);
    expectGraphError(await h.graph("GET", path, { token: isaiah }), "GET", path, 403);
    const missing = `${DEFINITIONS}/7a1c0000-0000-4000-8000-000000adffff`;
    expectGraphError(await h.graph("GET", missing, { token: app }), "GET", missing, 404);
    // Without a role, a signed-in user's list holds only the reviews they created.
    const adele = await h.userToken(PEOPLE.adele);
    expect((await h.listAll(DEFINITIONS, adele)).map((d) => d.id)).toEqual([AR.legal.definition]);
  });
});

describe("access review instances", () => {
  it("lists a definition's instances with $filter on status", async () => {
    const path = `${DEFINITIONS}/${AR.chatgpt.definition}/instances?$filter=status eq 'InProgress'`;
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value).toHaveLength(1);
    expect(res.body.value[0]).toMatchObject({
      id: AR.chatgpt.instance,
      status: "InProgress",
      startDateTime: new Date(TEST_EPOCH.getTime() - 9 * 86_400_000).toISOString(),
      endDateTime: new Date(TEST_EPOCH.getTime() + 5 * 86_400_000).toISOString(),
    });
  });

  it("gets one instance, and the instances the caller reviews", async () => {
    const path = instancePath(AR.copilotPilot);
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    expect(Date.parse(res.body.endDateTime) - TEST_EPOCH.getTime()).toBeLessThan(48 * 3_600_000);
    const mine = `${DEFINITIONS}/${AR.chatgpt.definition}/instances/filterByCurrentUser(on='reviewer')`;
    const megans = await h.graph("GET", mine, { token: megan });
    expectGraph(megans, "GET", mine, 200);
    // Megan reviewed last quarter and reviews this quarter.
    expect(megans.body.value.map((i: any) => i.id)).toEqual([AR.chatgpt.past, AR.chatgpt.instance]);
    expect((await h.listAll(mine, alex))).toEqual([]);
  });

  it("lists contacted reviewers: managers and the fallback reviewer for the principal without one", async () => {
    const path = `${instancePath(AR.chatgpt)}/contactedReviewers`;
    const reviewers = await h.listAll(path, app);
    expect(reviewers.map((r) => r.displayName).sort()).toEqual(["Christie Cline", "Lynne Robbins", "Megan Bowen", "Patti Fernandez"]);
    const page = await h.graph("GET", path, { token: app });
    expectGraph(page, "GET", path, 200);
    expect(page.body.value[0]).toMatchObject({ userPrincipalName: expect.stringContaining("@"), createdDateTime: expect.any(String) });
  });
});

describe("decision items", () => {
  it("pages the reviewer's own items with filterByCurrentUser", async () => {
    const path = `${instancePath(AR.copilotPilot)}/decisions/filterByCurrentUser(on='reviewer')`;
    const first = await h.graph("GET", path, { token: alex });
    expectGraph(first, "GET", path, 200);
    expect(first.body.value).toHaveLength(2);
    const second = await h.graph("GET", first.body["@odata.nextLink"], { token: alex });
    expectGraph(second, "GET", path, 200);
    const items = await myItems(h, AR.copilotPilot, alex);
    // Alex owns the pilot group; his own membership falls to the fallback reviewer (Megan).
    expect([...items.keys()].sort()).toEqual(["Daniel Kim", "Hannah Schmidt", "Lidia Holloway", "Lukas Meyer", "Megan Bowen", "Pradeep Gupta"]);
    expect([...(await myItems(h, AR.copilotPilot, megan)).keys()]).toEqual(["Alex Wilber"]);
  });

  it("shows principal, resource, links, recommendation from sign-ins, and empty reviewers", async () => {
    const items = await myItems(h, AR.copilotPilot, alex);
    const hannah = items.get("Hannah Schmidt");
    expect(hannah).toMatchObject({
      accessReviewId: AR.copilotPilot.instance,
      decision: "NotReviewed",
      recommendation: "Deny",
      applyResult: "New",
      reviewedDateTime: null,
      principal: { "@odata.type": "#microsoft.graph.userIdentity", id: USERS.hannahs, displayName: "Hannah Schmidt", userPrincipalName: "hannahs@example.com" },
      resource: { id: AR.copilotPilot.group, displayName: "Copilot Pilot", type: "group" },
      principalLink: `${h.url}/v1.0/users/${USERS.hannahs}`,
      resourceLink: `${h.url}/v1.0/groups/${AR.copilotPilot.group}`,
      reviewedBy: { id: "00000000-0000-0000-0000-000000000000", displayName: "", userPrincipalName: "" },
    });
    expect(items.get("Lukas Meyer").recommendation).toBe("Approve");
    const lee = await h.userToken(USERS.leeg);
    const platform = await myItems(h, AR.aiPlatform, lee);
    expect(platform.get("Irvin Sayers").recommendation).toBe("Deny");
    expect(platform.get("Enrico Cattaneo").recommendation).toBe("Deny");
    expect(platform.get("Sofia Romero")).toMatchObject({ decision: "Approve", reviewedBy: { id: USERS.leeg, displayName: "Lee Gu" } });
  });

  it("lists all items of an instance to the app with $filter forms and $expand=insights", async () => {
    const base = `${instancePath(AR.chatgpt)}/decisions`;
    const notReviewed = `${base}?$filter=decision eq 'NotReviewed'`;
    const pending = await h.listAll(notReviewed, app);
    expect(pending.some((d) => d.principal.displayName === "Nina Petrova")).toBe(false);
    expect(pending.map((d) => d.principal.displayName)).toEqual(expect.arrayContaining(["Alex Wilber", "Lukas Meyer", "Tomas Garcia", "Victor Nguyen"]));
    const byPrincipal = `${base}?$filter=principal/id eq '${PEOPLE.alex}'&$expand=insights`;
    const res = await h.graph("GET", byPrincipal, { token: app });
    expectGraph(res, "GET", byPrincipal, 200);
    expect(res.body.value).toHaveLength(1);
    expect(res.body.value[0].insights).toEqual([
      { "@odata.type": "#microsoft.graph.userSignInInsight", id: "00000000-0000-0000-0000-000000000000", insightCreatedDateTime: null, lastSignInDateTime: expect.any(String) },
    ]);
    const selected = `${base}?$select=id,decision,recommendation&$top=3`;
    const sel = await h.graph("GET", selected, { token: app });
    expectGraph(sel, "GET", selected, 200);
    expect(Object.keys(sel.body.value[0]).sort()).toEqual(["decision", "id", "recommendation"]);
  });

  it("gets one item and its insights; reviewers of the instance may read it, outsiders may not", async () => {
    const items = await myItems(h, AR.copilotPilot, alex);
    const path = `${instancePath(AR.copilotPilot)}/decisions/${items.get("Lukas Meyer").id}`;
    const res = await h.graph("GET", path, { token: alex });
    expectGraph(res, "GET", path, 200);
    expect(res.body.principal.id).toBe(USERS.lukasm);
    const insights = await h.graph("GET", `${path}/insights`, { token: app });
    expectGraph(insights, "GET", `${path}/insights`, 200);
    expect(insights.body.value[0]["@odata.type"]).toBe("#microsoft.graph.userSignInInsight");
    const isaiah = await h.userToken(PEOPLE.isaiah);
    expectGraphError(await h.graph("GET", path, { token: isaiah }), "GET", path, 403);
    const list = `${instancePath(AR.copilotPilot)}/decisions`;
    expectGraphError(await h.graph("GET", list, { token: isaiah }), "GET", list, 403);
    const other = `${instancePath(AR.chatgpt)}/decisions/${items.get("Lukas Meyer").id}`;
    expectGraphError(await h.graph("GET", other, { token: app }), "GET", other, 404);
  });

  it("shows the applied results of a completed instance", async () => {
    const items = await h.listAll(`${DEFINITIONS}/${AR.chatgpt.definition}/instances/${AR.chatgpt.past}/decisions`, app);
    const fatima = items.find((d) => d.principal.displayName === "Fatima Ahmed");
    expect(fatima).toMatchObject({ decision: "Deny", applyResult: "AppliedSuccessfully", reviewedBy: { displayName: "Christie Cline" } });
    expect(fatima.appliedDateTime).toBe(new Date(TEST_EPOCH.getTime() - 86 * 86_400_000).toISOString());
    const members = await h.listAll(`/groups/${AR.chatgpt.group}/members`, app);
    expect(members.map((m) => m.displayName)).not.toContain("Fatima Ahmed");
    expect(members.map((m) => m.displayName)).toContain("Alex Wilber");
  });
});
