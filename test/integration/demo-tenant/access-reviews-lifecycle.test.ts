import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PEOPLE, startHarness, TEST_EPOCH, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { AR, DEFINITIONS, expectGraph, expectGraphError, instancePath, myItems, USERS } from "./access-reviews-support.js";

// Each test starts from the freshly seeded scenario, since the clock only moves forward.
let h: DemoTenantHarness;
let app: string;
beforeEach(async () => {
  h = await startHarness();
  app = await h.appToken();
});
afterEach(() => h.close());

const at = (ms: number) => new Date(TEST_EPOCH.getTime() + ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function instance(r: { definition: string; instance: string }) {
  return (await h.graph("GET", instancePath(r), { token: app })).body;
}

describe("instances end by the clock", () => {
  it("completes at endDateTime, applies the default (Recommendation) decision and auto-applies", async () => {
    const lee = await h.userToken(USERS.leeg);
    const kenji = (await myItems(h, AR.aiPlatform, lee)).get("Kenji Tanaka");
    await h.graph("PATCH", `${instancePath(AR.aiPlatform)}/decisions/${kenji.id}`, { token: lee, body: { decision: "Deny", justification: "Rotated off the platform" } });
    const eligibleNow = async () =>
      (await h.listAll(`/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=groupId eq '${AR.aiPlatform.group}'`, app))
        .filter((e) => e.accessId === "member")
        .map((e) => e.principalId);
    expect(await eligibleNow()).toContain(kenji.principal.id);
    await h.advance("P1DT23H");
    expect((await instance(AR.aiPlatform)).status).toBe("InProgress");
    await h.advance("PT2H");
    const done = await instance(AR.aiPlatform);
    expect(done.status).toBe("Completed");
    const items = new Map((await h.listAll(`${instancePath(AR.aiPlatform)}/decisions`, app)).map((d) => [d.principal.displayName, d]));
    // Undecided items took the recommendation, at the instance's own end instant, by nobody.
    expect(items.get("Irvin Sayers")).toMatchObject({ decision: "Deny", reviewedDateTime: at(2 * DAY), reviewedBy: { id: "00000000-0000-0000-0000-000000000000" } });
    expect(items.get("Enrico Cattaneo").decision).toBe("Deny");
    expect(items.get("Raj Kumar").decision).toBe("Approve");
    // The reviewer's own decisions stand.
    expect(items.get("Kenji Tanaka")).toMatchObject({ decision: "Deny", reviewedBy: { id: USERS.leeg } });
    expect(items.get("Sofia Romero").decision).toBe("Approve");
    for (const d of items.values()) {
      expect(d.applyResult).toMatch(/^AppliedSuccessfully/);
      expect(d.appliedDateTime).toBe(at(2 * DAY));
    }
    const definition = await h.graph("GET", `${DEFINITIONS}/${AR.aiPlatform.definition}`, { token: app });
    expect(definition.body.status).toBe("Completed");
    // Kenji's denial ended his PIM eligibility for the group (pim.yaml seeds it); approved ones remain.
    const eligible = await eligibleNow();
    expect(eligible).toContain(USERS.sofiar);
    expect(eligible).not.toContain(kenji.principal.id);
    expect(items.get("Kenji Tanaka").applyResult).toBe("AppliedSuccessfully");
  });

  it("refuses decisions after the end; without auto-apply, an admin applies and denied members leave the group", async () => {
    const alex = await h.userToken(PEOPLE.alex);
    const before = await myItems(h, AR.copilotPilot, alex);
    await h.graph("PATCH", `${instancePath(AR.copilotPilot)}/decisions/${before.get("Lukas Meyer").id}`, { token: alex, body: { decision: "Approve" } });
    await h.advance("PT36H");
    expect((await instance(AR.copilotPilot)).status).toBe("Completed");
    const path = `${instancePath(AR.copilotPilot)}/decisions/${before.get("Pradeep Gupta").id}`;
    expectGraphError(await h.graph("PATCH", path, { token: alex, body: { decision: "Approve" } }), "PATCH", path, 409);
    const batch = `${instancePath(AR.copilotPilot)}/batchRecordDecisions`;
    expectGraphError(await h.graph("POST", batch, { token: alex, body: { decision: "Approve" } }), "POST", batch, 409);
    const accept = `${instancePath(AR.copilotPilot)}/acceptRecommendations`;
    expectGraphError(await h.graph("POST", accept, { token: alex }), "POST", accept, 409);

    const after = await myItems(h, AR.copilotPilot, alex);
    // Default decision Deny for everyone nobody vouched for; nothing applied yet.
    expect(after.get("Pradeep Gupta")).toMatchObject({ decision: "Deny", applyResult: "New" });
    expect(after.get("Lukas Meyer")).toMatchObject({ decision: "Approve", applyResult: "New" });
    let members = (await h.listAll(`/groups/${AR.copilotPilot.group}/members`, app)).map((m) => m.displayName);
    expect(members).toContain("Pradeep Gupta");

    const apply = `${instancePath(AR.copilotPilot)}/applyDecisions`;
    expectGraph(await h.graph("POST", apply, { token: app }), "POST", apply, 204);
    const applied = await myItems(h, AR.copilotPilot, alex);
    expect(applied.get("Pradeep Gupta")).toMatchObject({ applyResult: "AppliedSuccessfully", appliedDateTime: at(36 * HOUR) });
    members = (await h.listAll(`/groups/${AR.copilotPilot.group}/members`, app)).map((m) => m.displayName);
    expect(members).not.toContain("Pradeep Gupta");
    expect(members).toContain("Lukas Meyer");
  });

  it("starts a not-started instance at startDateTime with decisions for its reviewer", async () => {
    const nestor = await h.userToken(USERS.nestorw);
    expect((await instance(AR.toolOwners)).status).toBe("NotStarted");
    expect(await h.listAll(`${instancePath(AR.toolOwners)}/decisions`, app)).toEqual([]);
    await h.advance("P3D");
    expect((await instance(AR.toolOwners)).status).toBe("InProgress");
    const items = await myItems(h, AR.toolOwners, nestor);
    expect([...items.keys()].sort()).toEqual(["Adele Vance", "Alex Wilber", "Lee Gu"]);
    const mine = await h.listAll(`${DEFINITIONS}/filterByCurrentUser(on='reviewer')`, nestor);
    expect(mine.map((d) => d.id)).toEqual([AR.toolOwners.definition]);
  });
});

describe("admin actions", () => {
  it("stop ends an instance early; applyDecisions needs a completed instance", async () => {
    const stop = `${instancePath(AR.legal)}/stop`;
    const apply = `${instancePath(AR.legal)}/applyDecisions`;
    expectGraphError(await h.graph("POST", apply, { token: app }), "POST", apply, 409);
    const megan = await h.userToken(PEOPLE.megan);
    expectGraphError(await h.graph("POST", stop, { token: megan }), "POST", stop, 403);
    expectGraph(await h.graph("POST", stop, { token: app }), "POST", stop, 204);
    expect((await instance(AR.legal)).status).toBe("Completed");
    expectGraphError(await h.graph("POST", stop, { token: app }), "POST", stop, 409);
    const adele = await h.userToken(PEOPLE.adele);
    const items = await myItems(h, AR.legal, adele);
    // No default decision on this review: silence stays NotReviewed.
    expect(items.get("Brian Johnson").decision).toBe("NotReviewed");
    // Adele created the review, so she may apply it herself; appliedBy names her.
    expectGraph(await h.graph("POST", apply, { token: adele }), "POST", apply, 204);
    const maya = (await myItems(h, AR.legal, adele)).get("Maya Zhou");
    expect(maya).toMatchObject({ applyResult: "AppliedSuccessfully", appliedBy: { id: PEOPLE.adele, displayName: "Adele Vance" } });
  });

  it("sendReminder works for the app on a running instance only", async () => {
    const remind = `${instancePath(AR.chatgpt)}/sendReminder`;
    expectGraph(await h.graph("POST", remind, { token: app }), "POST", remind, 204);
    const alex = await h.userToken(PEOPLE.alex);
    expectGraphError(await h.graph("POST", remind, { token: alex }), "POST", remind, 403);
    const past = `${DEFINITIONS}/${AR.chatgpt.definition}/instances/${AR.chatgpt.past}/sendReminder`;
    expectGraphError(await h.graph("POST", past, { token: app }), "POST", past, 409);
  });

  it("resetDecisions puts every item back to NotReviewed", async () => {
    const reset = `${instancePath(AR.chatgpt)}/resetDecisions`;
    expectGraph(await h.graph("POST", reset, { token: app }), "POST", reset, 204);
    const items = await h.listAll(`${instancePath(AR.chatgpt)}/decisions?$filter=decision ne 'NotReviewed'`, app);
    expect(items).toEqual([]);
  });
});
