import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subjectIdFor } from "../../../src/demo-tenant/routes/entitlement/stable-id.js";
import { EM, IDS, USERS, expectGraphError, startEntitlementHarness, type EntitlementHarness } from "./entitlement-fixtures.js";

// Read-only tests share one tenant (nothing here changes it or moves its clock).
let t: EntitlementHarness;
beforeAll(async () => {
  t = await startEntitlementHarness();
});
afterAll(async () => {
  await t.close();
});

const ids = (res: { body: { value: { id: string }[] } }) => res.body.value.map((v) => v.id);
const q = encodeURIComponent;

describe("catalogs and access packages", () => {
  it("lists the catalogs by theme and gets one with its packages", async () => {
    const list = await t.call("GET", `${EM}/catalogs`, t.app);
    expect(list.body.value.map((c: any) => c.displayName)).toEqual(["AI tools – general", "AI tools – restricted", "AI platform administration"]);
    expect(list.body.value[0]).toMatchObject({ catalogType: "userManaged", state: "published", isExternallyVisible: false });
    const one = await t.call("GET", `${EM}/catalogs/${IDS.catalogRestricted}?$expand=accessPackages,resources`, t.app);
    expect(one.body["@odata.context"]).toMatch(/\$metadata#identityGovernance\/entitlementManagement\/catalogs\/\$entity$/);
    expect(one.body.accessPackages.map((p: any) => p.id)).toEqual([IDS.legal, IDS.code]);
    expect(one.body.resources.map((r: any) => r.originSystem).sort()).toEqual(["AadApplication", "AadApplication", "AadGroup", "AadGroup"]);
    expect(ids(await t.call("GET", `${EM}/catalogs/${IDS.catalogGeneral}/accessPackages`, t.app))).toEqual([IDS.chatgpt, IDS.copilot]);
    expectGraphError(await t.h.graph("GET", `${EM}/catalogs/11111111-2222-3333-4444-555555555555`, { token: t.app }), 404);
  });

  it("filters packages by catalog, display name and contains()", async () => {
    expect(ids(await t.call("GET", `${EM}/accessPackages?$filter=${q(`catalog/id eq '${IDS.catalogRestricted}'`)}`, t.app))).toEqual([IDS.legal, IDS.code]);
    expect(ids(await t.call("GET", `${EM}/accessPackages?$filter=${q("displayName eq 'Code Assistant (up to 7 days)'")}`, t.app))).toEqual([IDS.code]);
    expect(ids(await t.call("GET", `${EM}/accessPackages?$filter=${q("contains(displayName,'chatgpt')")}`, t.app))).toEqual([IDS.chatgpt]);
    const selected = await t.call("GET", `${EM}/accessPackages?$select=id,displayName&$top=1`, t.app);
    expect(Object.keys(selected.body.value[0]).sort()).toEqual(["displayName", "id"]);
    expect(selected.body["@odata.nextLink"]).toEqual(expect.any(String));
  });

  it("expands policies, catalog and resource role scopes with their role and scope", async () => {
    const res = await t.call("GET", `${EM}/accessPackages/${IDS.chatgpt}?$expand=assignmentPolicies,catalog,resourceRoleScopes($expand=role,scope)`, t.app);
    expect(res.body.catalog.id).toBe(IDS.catalogGeneral);
    expect(res.body.assignmentPolicies.map((p: any) => p.id)).toEqual([IDS.chatgptPolicy, IDS.chatgptDirectPolicy]);
    const policy = res.body.assignmentPolicies[0];
    expect(policy).toMatchObject({
      allowedTargetScope: "specificDirectoryUsers",
      specificAllowedTargets: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: "7a1c0000-0000-4000-8000-00000000a001" }],
      expiration: { type: "afterDuration", duration: "PT2H" },
      requestorSettings: { enableTargetsToSelfAddAccess: true, allowCustomAssignmentSchedule: false },
      requestApprovalSettings: { isApprovalRequiredForAdd: true, isRequestorJustificationRequired: true },
    });
    expect(policy.requestApprovalSettings.stages[0]).toMatchObject({
      durationBeforeAutomaticDenial: "P1D",
      isEscalationEnabled: true,
      durationBeforeEscalation: "PT4H",
      primaryApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }],
      escalationApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 2 }],
    });
    const roles = res.body.resourceRoleScopes.map((s: any) => [s.role.displayName, s.role.originSystem, s.scope.isRootScope]);
    expect(roles).toEqual([
      ["Member", "AadGroup", true],
      ["ChatGPT User", "AadApplication", true],
    ]);
    const scopes = await t.call("GET", `${EM}/accessPackages/${IDS.chatgpt}/resourceRoleScopes?$expand=role($expand=resource),scope`, t.app);
    expect(scopes.body.value[0].role.resource).toMatchObject({ originId: "7a1c0000-0000-4000-8000-00000000a010", displayName: "ChatGPT Enterprise Users" });
  });

  it("filterByCurrentUser(on='allowedRequestor') lists what the signed-in user may request", async () => {
    const allowed = async (user: string) => ids(await t.call("GET", `${EM}/accessPackages/filterByCurrentUser(on='allowedRequestor')`, await t.as(user)));
    expect(await allowed(USERS.alex)).toEqual([IDS.chatgpt, IDS.copilot]);
    expect(await allowed(USERS.brian)).toEqual([IDS.chatgpt, IDS.legal]);
    expect(await allowed(USERS.pradeep)).toEqual([IDS.copilot, IDS.code]);
    expect(await allowed(USERS.sofia)).toEqual([IDS.code, IDS.platform]);
    expect(await allowed(USERS.rosa)).toEqual([]);
    expectGraphError(await t.h.graph("GET", `${EM}/accessPackages/filterByCurrentUser(on='allowedRequestor')`, { token: t.app }), 403);
    expectGraphError(await t.h.graph("GET", `${EM}/accessPackages/filterByCurrentUser(on='everyone')`, { token: await t.as(USERS.alex) }), 400);
  });

  it("getApplicablePolicyRequirements tells the signed-in user what to supply", async () => {
    const path = `${EM}/accessPackages/${IDS.legal}/getApplicablePolicyRequirements`;
    const brian = await t.call("POST", path, await t.as(USERS.brian));
    expect(brian.body.value).toHaveLength(1);
    const [req] = brian.body.value;
    expect(req).toMatchObject({
      policyId: IDS.legalPolicy,
      policyDisplayName: "Legal team – manager and app owner",
      isApprovalRequiredForAdd: true,
      isApprovalRequiredForUpdate: false,
      isRequestorJustificationRequired: true,
      allowCustomAssignmentSchedule: false,
      schedule: { startDateTime: null, expiration: { type: "afterDuration", duration: "P30D" } },
    });
    expect(req.questions).toEqual([
      expect.objectContaining({ "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", id: IDS.matterQuestion, isRequired: true, regexPattern: "^MAT-\\d{5}$", sequence: 1 }),
      expect.objectContaining({ "@odata.type": "#microsoft.graph.accessPackageMultipleChoiceQuestion", id: IDS.practiceQuestion, isMultipleSelectionAllowed: false, sequence: 2 }),
    ]);
    expect(req.questions[1].choices.map((c: any) => c.actualValue)).toEqual(["litigation", "contracts", "compliance", "employment"]);

    const code = await t.call("POST", `${EM}/accessPackages/${IDS.code}/getApplicablePolicyRequirements`, await t.as(USERS.pradeep));
    expect(code.body.value[0]).toMatchObject({ allowCustomAssignmentSchedule: true, questions: [], schedule: { expiration: { duration: "P7D" } } });
    // Not an allowed requestor: an empty collection, as Graph answers.
    expect((await t.call("POST", path, await t.as(USERS.alex))).body.value).toEqual([]);
    expectGraphError(await t.h.graph("POST", path, { token: t.app }), 403);
    expectGraphError(await t.h.graph("POST", `${EM}/accessPackages/11111111-2222-3333-4444-555555555555/getApplicablePolicyRequirements`, { token: await t.as(USERS.alex) }), 404);
  });
});

describe("assignment policies", () => {
  it("filters by access package and expands questions, package and catalog", async () => {
    const res = await t.call("GET", `${EM}/assignmentPolicies?$filter=${q(`accessPackage/id eq '${IDS.legal}'`)}&$expand=questions,accessPackage,catalog`, t.app);
    expect(ids(res)).toEqual([IDS.legalPolicy]);
    expect(res.body.value[0].questions.map((x: any) => x.id)).toEqual([IDS.matterQuestion, IDS.practiceQuestion]);
    expect(res.body.value[0].accessPackage.id).toBe(IDS.legal);
    expect(res.body.value[0].catalog.id).toBe(IDS.catalogRestricted);
    expect(res.body.value[0].requestApprovalSettings.stages.map((s: any) => s.isApproverJustificationRequired)).toEqual([true, true]);
    expect(ids(await t.call("GET", `${EM}/assignmentPolicies/${IDS.legalPolicy}/questions`, t.app))).toEqual([IDS.matterQuestion, IDS.practiceQuestion]);
    expect(ids(await t.call("GET", `${EM}/accessPackages/${IDS.code}/assignmentPolicies`, t.app))).toEqual([IDS.codePolicy]);
    const one = await t.call("GET", `${EM}/assignmentPolicies/${IDS.copilotPolicy}`, await t.as(USERS.alex));
    expect(one.body).toMatchObject({ requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] }, expiration: { duration: "P90D" } });
    expect(one.body.questions).toBeUndefined();
  });
});

describe("assignments", () => {
  it("filters by target, package and state and expands target, package and policy", async () => {
    const alex = await t.call("GET", `${EM}/assignments?$filter=${q(`target/objectId eq '${USERS.alex}'`)}&$expand=target,accessPackage,assignmentPolicy`, t.app);
    expect(alex.body.value.map((a: any) => [a.accessPackage.id, a.state])).toEqual([
      [IDS.copilot, "delivered"],
      [IDS.chatgpt, "expired"],
    ]);
    const subject = alex.body.value[0].target;
    expect(subject).toEqual({
      id: subjectIdFor(USERS.alex),
      displayName: "Alex Wilber",
      email: "alexw@example.com",
      objectId: USERS.alex,
      principalName: "alexw@example.com",
      subjectType: "user",
      onPremisesSecurityIdentifier: null,
    });
    expect(subject.id).not.toBe(USERS.alex);
    const active = await t.call("GET", `${EM}/assignments?$filter=${q(`target/objectId eq '${USERS.alex}' and state eq 'delivered'`)}`, t.app);
    expect(active.body.value).toHaveLength(1);
    const chatgpt = await t.call("GET", `${EM}/assignments?$filter=${q(`accessPackage/id eq '${IDS.chatgpt}' and state eq 'delivered'`)}&$expand=target`, t.app);
    expect(chatgpt.body.value.map((a: any) => [a.target.displayName, a.schedule.expiration.endDateTime])).toEqual([["Megan Bowen", "2026-03-02T17:20:00.000Z"]]);
    const soon = await t.call("GET", `${EM}/assignments?$filter=${q("state eq 'delivered' and schedule/expiration/endDateTime le 2026-03-06T00:00:00Z")}&$expand=target`, t.app);
    expect(soon.body.value.map((a: any) => a.target.displayName).sort()).toEqual(["Hannah Schmidt", "Megan Bowen", "Sofia Romero"]);
  });

  it("filterByCurrentUser(on='target') is the signed-in user's own", async () => {
    const mine = await t.call("GET", `${EM}/assignments/filterByCurrentUser(on='target')?$expand=accessPackage`, await t.as(USERS.hannah));
    expect(mine.body.value).toHaveLength(1);
    expect(mine.body.value[0]).toMatchObject({ state: "delivered", accessPackage: { id: IDS.copilot }, schedule: { expiration: { endDateTime: "2026-03-05T17:00:10.000Z" } } });
    expectGraphError(await t.h.graph("GET", `${EM}/assignments/filterByCurrentUser(on='target')`, { token: t.app }), 403);
    expectGraphError(await t.h.graph("GET", `${EM}/assignments/11111111-2222-3333-4444-555555555555`, { token: t.app }), 404);
  });
});

describe("assignment requests", () => {
  it("filters by state, package, requestor, target and creation time", async () => {
    const pending = await t.call("GET", `${EM}/assignmentRequests?$filter=${q("state eq 'pendingApproval'")}&$expand=requestor,accessPackage&$count=true`, t.app);
    expect(pending.body["@odata.count"]).toBe(8);
    const legal = await t.call("GET", `${EM}/assignmentRequests?$filter=${q(`accessPackage/id eq '${IDS.legal}' and state eq 'pendingApproval'`)}&$expand=requestor`, t.app);
    expect(legal.body.value.map((r: any) => r.requestor.displayName).sort()).toEqual(["Brian Johnson", "Victor Nguyen"]);
    const byRequestor = await t.call("GET", `${EM}/assignmentRequests?$filter=${q(`requestor/objectId eq '${USERS.brian}'`)}&$expand=requestor`, t.app);
    expect(byRequestor.body.value).toHaveLength(1);
    expect(byRequestor.body.value[0].answers.map((a: any) => a.value)).toEqual(["MAT-20417", "litigation"]);
    const byTarget = await t.call("GET", `${EM}/assignmentRequests?$filter=${q(`target/objectId eq '${USERS.alex}'`)}&$expand=assignment`, t.app);
    expect(byTarget.body.value.map((r: any) => r.requestType)).toEqual(["userAdd", "userAdd", "systemRemove"]);
    const recent = await t.call("GET", `${EM}/assignmentRequests?$filter=${q("createdDateTime ge 2026-03-02T16:00:00Z")}&$orderby=createdDateTime desc`, t.app);
    expect(recent.body.value).toHaveLength(3);
    expect(recent.body.value[0].justification).toBe("Competitive analysis for the product launch deck.");
  });

  it("refuses $expand=target, which Graph's request type does not have", async () => {
    expectGraphError(await t.h.graph("GET", `${EM}/assignmentRequests?$expand=target`, { token: t.app }), 400, /Could not find a property named 'target'/);
  });

  it("filterByCurrentUser: target, createdBy and approver", async () => {
    const alex = await t.as(USERS.alex);
    const target = await t.call("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='target')`, alex);
    expect(target.body.value.map((r: any) => r.requestType)).toEqual(["userAdd", "userAdd", "systemRemove"]);
    const createdBy = await t.call("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='createdBy')`, alex);
    expect(createdBy.body.value.map((r: any) => r.requestType)).toEqual(["userAdd", "userAdd"]);
    const approver = await t.call("GET", `${EM}/assignmentRequests/microsoft.graph.filterByCurrentUser(on='approver')`, alex);
    expect(ids(approver)).toEqual([t.seeded("pradeep-code")]);
    expectGraphError(await t.h.graph("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='target')`, { token: t.app }), 403);
    expectGraphError(await t.h.graph("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='nobody')`, { token: alex }), 400);
  });

  it("a seeded delivered request shows its stages' decisions through its approval", async () => {
    const id = t.seeded("maya-legal");
    const approval = await t.call("GET", `${EM}/accessPackageAssignmentApprovals/${id}`, await t.as(USERS.adele));
    expect(approval.body.stages.map((s: any) => [s.status, s.reviewResult, s.reviewedBy.displayName, s.reviewedDateTime])).toEqual([
      ["Completed", "Approve", "Joni Sherman", "2026-02-20T16:00:00.000Z"],
      ["Completed", "Approve", "Adele Vance", "2026-02-20T17:00:00.000Z"],
    ]);
    // Adele decided stage 2, so it shows as hers.
    expect(approval.body.stages[1].assignedToMe).toBe(true);
    const request = await t.call("GET", `${EM}/assignmentRequests/${id}?$expand=assignment,accessPackage`, t.app);
    expect(request.body).toMatchObject({ state: "delivered", completedDateTime: "2026-02-20T17:00:10.000Z", assignment: { state: "delivered" } });
  });
});

describe("paging", () => {
  it("follows @odata.nextLink through every request with a small page size", async () => {
    const small = await startEntitlementHarness({ pageSize: 3 });
    try {
      const all = await small.h.listAll(`${EM}/assignmentRequests?$filter=${q("state eq 'pendingApproval'")}`, small.app);
      expect(all).toHaveLength(8);
      expect(new Set(all.map((r) => r.id)).size).toBe(8);
      const first = await small.call("GET", `${EM}/assignmentRequests`, small.app);
      expect(first.body.value).toHaveLength(3);
      expect(first.body["@odata.nextLink"]).toContain("$skiptoken=");
    } finally {
      await small.close();
    }
  });
});
