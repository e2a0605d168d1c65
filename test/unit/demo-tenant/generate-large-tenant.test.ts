import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoTenant } from "../../../src/demo-tenant/demo-tenant.js";
import { reviewersFor } from "../../../src/demo-tenant/routes/access-reviews/resolve-reviewers.js";
import type { LargeTenantOptions } from "../../../src/demo-tenant/scenario/generate-large-tenant.js";
import { startHarness, TEST_EPOCH, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { validateGraphResponse } from "../../support/graph-schema/validate-graph-response.js";

/** Small counts: the same code paths as the 50,000-person tenant, in milliseconds. */
const SMALL: LargeTenantOptions = {
  users: 600,
  accessPackages: 45,
  assignments: 1_500,
  reviewDecisions: 300,
  reviewers: 90,
  pendingRequests: 80,
  completedRequests: 120,
  seed: 7,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/;
const GENERATED = /^5ca1e/;
const now = TEST_EPOCH.getTime();

function tenant(options: LargeTenantOptions = SMALL): DemoTenant {
  return new DemoTenant({ startAt: TEST_EPOCH, frozenClock: true, large: options });
}

/** A hash of every generated record and lifecycle event (the scenario's own seeders may use fresh ids). */
function fingerprint(t: DemoTenant): string {
  const { tables, timeline } = t.state.snapshot();
  const mine = Object.entries(tables).map(([name, rows]) => [name, (rows as { id: string }[]).filter((r) => GENERATED.test(r.id))]);
  return createHash("sha256")
    .update(JSON.stringify({ mine, timeline: timeline.filter((e) => GENERATED.test(e.id)) }))
    .digest("hex");
}

const generated = <T extends { id: string }>(rows: Iterable<T>) => [...rows].filter((r) => GENERATED.test(r.id));

describe("generateLargeTenant", () => {
  const t = tenant();
  const s = t.state;

  it("is deterministic for a seed, ids included, and differs for another seed", () => {
    expect(fingerprint(tenant())).toBe(fingerprint(t));
    expect(fingerprint(tenant({ ...SMALL, seed: 8 }))).not.toBe(fingerprint(t));
  });

  it("adds the requested counts on top of the scenario, with GUID-shaped ids that never collide with it", () => {
    const users = generated(s.users.values());
    expect(users).toHaveLength(SMALL.users);
    expect(s.users.size).toBeGreaterThan(SMALL.users); // the Contoso people are still there
    expect(s.users.get("00000000-0000-0000-0000-0000000000020")?.displayName).toBe("Alex Wilber");
    expect(generated(s.accessPackages.values())).toHaveLength(SMALL.accessPackages);
    expect(generated(s.assignments.values())).toHaveLength(SMALL.assignments);
    expect(generated(s.reviewDecisions.values())).toHaveLength(SMALL.reviewDecisions);
    expect(generated(s.requests.values())).toHaveLength(SMALL.pendingRequests! + SMALL.completedRequests!);
    for (const row of [...users, ...generated(s.assignments.values()), ...generated(s.requests.values())]) expect(row.id).toMatch(GUID);
    const upns = users.map((u) => u.userPrincipalName.toLowerCase());
    expect(new Set(upns).size).toBe(upns.length);
  });

  it("builds an org chart under the scenario's executives, without cycles", () => {
    const executives = new Set(["7a1c0000-0000-4000-8000-000000000100", "00000000-0000-0000-0000-0000000000024"]); // nestorw, pattif
    const users = generated(s.users.values());
    const heads = users.filter((u) => u.managerId !== null && !GENERATED.test(u.managerId));
    expect(heads.length).toBeGreaterThanOrEqual(5);
    for (const h of heads) expect(executives.has(h.managerId!)).toBe(true);
    let maxDepth = 0;
    for (const u of users) {
      if (u.userType === "Guest") {
        expect(u.managerId).toBeNull();
        expect(u.sponsorIds).toHaveLength(1);
        continue;
      }
      let depth = 0;
      for (let m = u.managerId; m !== null && GENERATED.test(m); m = s.users.get(m)!.managerId) {
        expect(s.users.has(m)).toBe(true);
        expect(++depth).toBeLessThan(30);
      }
      maxDepth = Math.max(maxDepth, depth);
    }
    expect(maxDepth).toBeGreaterThanOrEqual(3);
    // The managerId index agrees with the records (indexes are kept by inserting through the tables).
    const manager = users.find((u) => s.users.by("managerId", u.id).length > 0)!;
    expect(s.users.by("managerId", manager.id).map((u) => u.id).sort()).toEqual(users.filter((u) => u.managerId === manager.id).map((u) => u.id).sort());
  });

  it("varies people: departments, time zones, disabled accounts and stale sign-ins", () => {
    const users = generated(s.users.values());
    expect(new Set(users.map((u) => u.department)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(users.map((u) => u.mailboxSettings.timeZone)).size).toBeGreaterThanOrEqual(6);
    expect(users.some((u) => !u.accountEnabled)).toBe(true);
    const stale = users.filter((u) => u.lastSignInDateTime !== null && now - Date.parse(u.lastSignInDateTime) > 90 * 86_400_000);
    expect(stale.length).toBeGreaterThan(SMALL.users * 0.02);
  });

  it("gives every package a request policy and delivered, unique, unexpired assignments with their expiry on the timeline", () => {
    const packages = generated(s.accessPackages.values());
    for (const p of packages) {
      const policies = s.policies.by("accessPackageId", p.id);
      expect(policies.length).toBeGreaterThanOrEqual(1);
      expect(policies.length).toBeLessThanOrEqual(2);
    }
    const stageCounts = new Set(generated(s.policies.values()).map((p) => p.requestApprovalSettings.stages.length));
    expect([...stageCounts].sort()).toEqual([0, 1, 2, 3]);

    const assignments = generated(s.assignments.values());
    const pairs = new Set(assignments.map((a) => `${a.targetId}|${a.accessPackageId}`));
    expect(pairs.size).toBe(assignments.length);
    const expiries = new Set(s.timeline.toJSON().filter((e) => e.kind.toLowerCase().includes("expir")).map((e) => `${e.id}@${e.atMs}`));
    let soon = 0;
    for (const a of assignments) {
      expect(a.state).toBe("delivered");
      expect(s.policies.get(a.assignmentPolicyId)?.accessPackageId).toBe(a.accessPackageId);
      expect(s.users.get(a.targetId)?.accountEnabled).toBe(true);
      const end = a.schedule.expiration?.endDateTime;
      if (!end) continue;
      expect(Date.parse(end)).toBeGreaterThan(now);
      if (Date.parse(end) - now < 7 * 86_400_000) soon++;
      expect(expiries.has(`${a.id}@${Date.parse(end)}`)).toBe(true);
    }
    expect(soon).toBeGreaterThan(0);
    // The targetId index agrees with the records.
    const someone = assignments[17]!.targetId;
    expect(s.assignments.by("targetId", someone).length).toBe([...s.assignments.values()].filter((a) => a.targetId === someone).length);
  });

  it("has pending requests waiting in one stage, earlier stages approved, automatic denial ahead and on the timeline", () => {
    const pending = generated(s.requests.values()).filter((r) => r.state === "pendingApproval");
    expect(pending).toHaveLength(SMALL.pendingRequests!);
    const due = new Set(s.timeline.toJSON().filter((e) => e.kind.toLowerCase().includes("deny")).map((e) => `${e.id}@${e.atMs}`));
    const held = new Set(generated(s.assignments.values()).map((a) => `${a.targetId}|${a.accessPackageId}`));
    const asked = new Set<string>();
    for (const r of pending) {
      const policy = s.policies.get(r.assignmentPolicyId)!;
      expect(r.stages).toHaveLength(policy.requestApprovalSettings.stages.length);
      const open = r.stages.filter((st) => st.status === "InProgress");
      expect(open).toHaveLength(1);
      for (const st of r.stages.slice(0, open[0]!.index)) expect([st.status, st.reviewResult]).toEqual(["Completed", "Approve"]);
      for (const st of r.stages.slice(open[0]!.index + 1)) expect(st.status).toBe("NotStarted");
      const autoDeny = Date.parse(open[0]!.autoDenyDateTime!);
      expect(autoDeny).toBeGreaterThan(now);
      expect(due.has(`${r.id}@${autoDeny}`)).toBe(true);
      expect(Date.parse(r.createdDateTime)).toBeLessThan(now);
      expect(held.has(`${r.targetId}|${r.accessPackageId}`)).toBe(false);
      expect(asked.has(`${r.targetId}|${r.accessPackageId}`)).toBe(false);
      asked.add(`${r.targetId}|${r.accessPackageId}`);
    }
    expect(pending.some((r) => r.stages.some((st) => st.status === "Completed"))).toBe(true);
  });

  it("runs an access review with decisions spread over distinct managers, each with something due", () => {
    const instance = generated(s.reviewInstances.values())[0]!;
    expect(instance.status).toBe("InProgress");
    expect(Date.parse(instance.startDateTime)).toBeLessThan(now);
    expect(Date.parse(instance.endDateTime)).toBeGreaterThan(now);
    const decisions = s.reviewDecisions.by("instanceId", instance.id);
    expect(decisions).toHaveLength(SMALL.reviewDecisions);
    expect(instance.reviewerIds).toHaveLength(SMALL.reviewers!);
    expect(new Set(decisions.map((d) => d.principalId)).size).toBe(decisions.length);
    const open = new Set<string>();
    for (const d of decisions) {
      // The access review area resolves the same reviewer from the instance's reviewer scopes.
      expect(d.reviewerIds).toEqual(reviewersFor(s, instance.reviewers, instance.fallbackReviewers, d.principalId));
      expect(d.reviewerIds).toEqual([s.users.get(d.principalId)!.managerId]);
      if (d.decision === "NotReviewed") open.add(d.reviewerIds[0]!);
      else expect(d.reviewedById).toBe(d.reviewerIds[0]);
    }
    expect([...open].sort()).toEqual([...instance.reviewerIds].sort());
    expect(decisions.some((d) => d.decision !== "NotReviewed")).toBe(true);
    expect(decisions.some((d) => d.recommendation === "Deny")).toBe(true);
  });

  it("caps reviewers at the managers the org chart has", () => {
    const few = tenant({ ...SMALL, users: 60, reviewers: 10_000, reviewDecisions: 40, assignments: 200, pendingRequests: 5, completedRequests: 5 });
    const instance = generated(few.state.reviewInstances.values())[0]!;
    const managers = new Set(generated(few.state.users.values()).map((u) => u.managerId).filter((m) => m && GENERATED.test(m)));
    expect(instance.reviewerIds.length).toBeGreaterThan(0);
    expect(instance.reviewerIds.length).toBeLessThanOrEqual(managers.size);
  });
});

describe("the generated tenant's lifecycle", () => {
  it("has already played what was due at generation: escalations and one-day expiry warnings", () => {
    const s = tenant().state;
    const escalatedDue = generated(s.requests.values()).filter((r) => {
      const open = r.stages.find((st) => st.status === "InProgress");
      return r.state === "pendingApproval" && open?.escalationDateTime && Date.parse(open.escalationDateTime) <= now;
    });
    expect(escalatedDue.length).toBeGreaterThan(0);
    for (const r of escalatedDue) {
      expect(r.stages.find((st) => st.status === "InProgress")!.escalated).toBe(true);
      expect(r.status).toBe("PendingApprovalEscalated");
    }
    const endingToday = generated(s.assignments.values()).filter((a) => {
      const end = a.schedule.expiration?.endDateTime;
      return end && Date.parse(end) - now <= 86_400_000 && Date.parse(end) - Date.parse(a.schedule.startDateTime!) > 86_400_000;
    });
    for (const a of endingToday) expect(a.status).toBe("NearExpiry1DayNotificationTriggered");
  });

  it("expires assignments, denies stale requests and ends the review as the clock moves on", () => {
    const t = tenant();
    const s = t.state;
    const ending = generated(s.assignments.values()).filter((a) => {
      const end = a.schedule.expiration?.endDateTime;
      return end && Date.parse(end) <= now + 8 * 86_400_000;
    });
    const stale = generated(s.requests.values()).filter((r) => {
      const open = r.stages.find((st) => st.status === "InProgress");
      return r.state === "pendingApproval" && Date.parse(open!.autoDenyDateTime!) <= now + 8 * 86_400_000;
    });
    expect(ending.length).toBeGreaterThan(0);
    expect(stale.length).toBeGreaterThan(0);
    const member = ending.find((a) => s.assignments.by("targetId", a.targetId).every((o) => o === a || o.accessPackageId !== a.accessPackageId))!;
    const groupId = s.accessPackages.get(member.accessPackageId)!.resourceRoleScopes[0]!.roleOriginId.replace("Member_", "");
    expect(s.groups.get(groupId)!.memberIds).toContain(member.targetId);

    t.clock.advance("P8D");
    t.catchUp(); // every scheduled kind has a handler, or this throws

    for (const a of ending) expect(a.state).toBe("expired");
    expect(s.groups.get(groupId)!.memberIds).not.toContain(member.targetId);
    for (const r of stale) expect([r.state, r.status]).toEqual(["denied", "Expired"]);
    expect(generated(s.reviewInstances.values())[0]!.status).toBe("Completed");
  });
});

describe("the generated tenant over Graph", () => {
  let h: DemoTenantHarness;
  beforeAll(async () => {
    h = await startHarness({ large: SMALL, pageSize: 25 });
  });
  afterAll(() => h.close());

  const EM = "/identityGovernance/entitlementManagement";
  const check = async (path: string, token: string) => {
    const res = await h.graph("GET", path, { token });
    expect(res.status).toBe(200);
    expect(validateGraphResponse("GET", `/v1.0${path.split("?")[0]}`, res.status, res.body)).toEqual([]);
    return res.body;
  };

  it("serves generated people, packages, assignments, requests and decisions in Graph's shapes", async () => {
    const app = await h.appToken();
    const s = h.running.tenant.state;
    const person = generated(s.users.values()).find((u) => s.assignments.by("targetId", u.id).length > 0 && u.managerId)!;
    expect((await check(`/users/${person.id}`, app)).userPrincipalName).toBe(person.userPrincipalName);
    expect((await check(`/users/${person.id}/manager`, app)).id).toBe(person.managerId);
    const packages = await check(`${EM}/accessPackages?$expand=assignmentPolicies&$top=50`, app);
    expect(packages.value.filter((p: any) => GENERATED.test(p.id)).every((p: any) => p.assignmentPolicies.length >= 1)).toBe(true);
    const mine = await check(`${EM}/assignments?$filter=${encodeURIComponent(`target/objectId eq '${person.id}'`)}&$expand=accessPackage,target`, app);
    expect(mine.value).toHaveLength(s.assignments.by("targetId", person.id).length);
    const pending = await check(`${EM}/assignmentRequests?$filter=${encodeURIComponent("state eq 'pendingApproval'")}&$top=20`, app);
    expect(pending.value.length).toBeGreaterThan(0);

    const instance = generated(s.reviewInstances.values())[0]!;
    const reviewer = instance.reviewerIds[0]!;
    const decisions = await check(
      `/identityGovernance/accessReviews/definitions/${instance.definitionId}/instances/${instance.id}/decisions/filterByCurrentUser(on='reviewer')`,
      await h.userToken(reviewer),
    );
    expect(decisions.value.length).toBeGreaterThan(0);
    expect(decisions.value.every((d: any) => s.users.get(d.principal.id)?.managerId === reviewer)).toBe(true);
  });

  it("shows an approver the generated requests waiting on them", async () => {
    const s = h.running.tenant.state;
    const managerOf = (userId: string) => s.users.get(s.users.get(userId)?.managerId ?? "");
    const waiting = generated(s.requests.values()).find(
      (r) =>
        r.state === "pendingApproval" &&
        r.stages[0]?.status === "InProgress" &&
        s.policies.get(r.assignmentPolicyId)!.requestApprovalSettings.stages[0]!.primaryApprovers[0]?.["@odata.type"] === "#microsoft.graph.requestorManager" &&
        managerOf(r.targetId)?.accountEnabled,
    )!;
    const manager = managerOf(waiting.targetId)!.id;
    const approvals = await check(`${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`, await h.userToken(manager));
    expect(approvals.value.map((a: any) => a.id)).toContain(waiting.id);
  });

  it("pages filtered lists completely: every match once, in order, and no link after the last page", async () => {
    const app = await h.appToken();
    const s = h.running.tenant.state;
    const filter = encodeURIComponent("state eq 'pendingApproval'");
    const expected = s.requests.all().filter((r) => r.state === "pendingApproval").map((r) => r.id);
    for (const top of ["", "&$top=7"]) {
      const ids = (await h.listAll(`${EM}/assignmentRequests?$filter=${filter}${top}`, app)).map((r: any) => r.id);
      expect(ids).toEqual(expected);
    }
    // A filter nothing matches answers one empty page, without a next link.
    const none = await h.graph("GET", `${EM}/assignmentRequests?$filter=${encodeURIComponent("state eq 'partiallyDelivered'")}`, { token: app });
    expect(none.body.value).toEqual([]);
    expect(none.body["@odata.nextLink"]).toBeUndefined();
    // With $count the total comes with the first page, and paging still covers every match.
    const counted = await h.graph("GET", `${EM}/assignmentRequests?$filter=${filter}&$count=true`, { token: app });
    expect(counted.body["@odata.count"]).toBe(expected.length);
    expect((await h.listAll(`${EM}/assignmentRequests?$filter=${filter}&$count=true`, app)).map((r: any) => r.id)).toEqual(expected);
  });
});
