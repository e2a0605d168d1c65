/**
 * Acceptance: every endpoint the demo tenant serves (`tenant.routes.all()`, each version) is walked over HTTP
 * and every response body is validated against the official Graph schemas; any mismatch fails, and so does a
 * route that no walk case reaches (a route added later without coverage breaks the build).
 *
 * - GET routes are walked generically (test/support/schema-walk/route-walk.ts): `{param}`s from the parent
 *   collection's items, `filterByCurrentUser(on=...)` with each of its values, the app token where the route
 *   allows it, else a persona for whom the answer is non-empty; every `@odata.nextLink` page (page size 3).
 * - `$expand` forms the bot uses, error answers (400, 401, 403, 404, 409) and the writes (POST, PATCH, DELETE)
 *   are explicit cases; writes run last, from the freshly reset scenario.
 * - Validation (test/support/schema-walk/check-walked-body.ts): v1.0 paths in the shared OpenAPI files with
 *   `validateGraphResponse` (one documented exception: Teams app installation answers 201 without a body);
 *   `/groups...` (no Groups YAML was shared) item by item with `validateGraphType`; `/beta` approvals against
 *   the v1.0 `approval`/`approvalStage` types (beta's `approvalStep` has exactly approvalStage's properties),
 *   plus envelope keys and the status. What beta leaves unvalidated is listed in check-walked-body.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE, startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { RouteWalk, type WalkCaller } from "../../support/schema-walk/route-walk.js";
import { AR, instancePath, USERS as REVIEW_USERS } from "./access-reviews-support.js";
import { activation, GROUP_PIM, groupActivation, ROLE_APPROVALS, ROLE_REQUESTS, ROLES } from "./pim-support.js";

/** People with data in the scenario, tried in this order for delegated-only routes (looked up by name). */
const PERSONAS = [
  "Alex Wilber", "Megan Bowen", "Adele Vance", "Isaiah Langer", "Patti Fernandez",
  "Lee Gu", "Henrietta Mueller", "Nestor Wilke", "Lynne Robbins", "Joni Sherman",
  "Kenji Tanaka", "Raj Kumar", "Sofia Romero", "Amelia Walker", "Samuel Okafor", "Lukas Meyer",
] as const;
type Persona = (typeof PERSONAS)[number];

const EM = "/identityGovernance/entitlementManagement";
const DIRECTORY_SCOPE = "$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'";
/** Entitlement management's role assignments (catalog owners, access package managers); Graph lists them only filtered. */
const EM_ROLES = "/roleManagement/entitlementManagement/roleAssignments";
const CATALOG_OWNER_ROLE = "ae79f266-94d4-4dab-b730-feca7e132178";
const ACCESS_PACKAGE_MANAGER_ROLE = "7f480852-ebdc-47d4-87de-0d8498384a83";
/** A self-service request body (the bot's userAdd). */
const userAdd = (accessPackageId: string, justification: string) => ({ requestType: "userAdd", assignment: { accessPackageId }, justification });

let h: DemoTenantHarness;
let walk: RouteWalk;
let app: WalkCaller;
let platformAdmins: string;
/** The ChatGPT Enterprise access package and its direct-assignment policy, looked up by name. */
let chatgpt: string;
let chatgptDirectPolicy: string;
const people = new Map<Persona, WalkCaller>();
const as = (name: Persona): WalkCaller => people.get(name)!;
const idOf = (name: Persona): string => as(name).userId!;

beforeAll(async () => {
  h = await startHarness({ pageSize: 3 });
  app = { label: "app", kind: "app", token: await h.appToken() };
  await Promise.all(
    PERSONAS.map(async (name) => {
      const found = await h.graph("GET", `/users?$filter=displayName eq '${name}'&$select=id`, { token: app.token });
      const userId = found.body.value[0]?.id as string | undefined;
      if (!userId) throw new Error(`persona '${name}' is not in the scenario`);
      people.set(name, { label: name, kind: "user", token: await h.userToken(userId), userId });
    }),
  );
  expect(idOf("Alex Wilber")).toBe(PEOPLE.alex);
  platformAdmins = (await h.graph("GET", "/groups?$filter=displayName eq 'AI Platform Admins'", { token: app.token })).body.value[0].id;
  const byGroup = `$filter=groupId eq '${platformAdmins}'`;
  chatgpt = (await h.graph("GET", `${EM}/accessPackages?$filter=displayName eq 'ChatGPT Enterprise (2 hours)'`, { token: app.token })).body.value[0].id;
  const direct = `${EM}/assignmentPolicies?$filter=accessPackage/id eq '${chatgpt}' and displayName eq 'Direct assignment by administrators'`;
  chatgptDirectPolicy = (await h.graph("GET", direct, { token: app.token })).body.value[0].id;
  walk = new RouteWalk(
    h,
    app,
    PERSONAS.map((p) => as(p)),
    {
      // Graph serves these lists only with a scope filter.
      "/policies/roleManagementPolicyAssignments": DIRECTORY_SCOPE,
      "/policies/roleManagementPolicies": DIRECTORY_SCOPE,
      [`${GROUP_PIM}/eligibilitySchedules`]: byGroup,
      [`${GROUP_PIM}/eligibilityScheduleInstances`]: byGroup,
      [`${GROUP_PIM}/assignmentSchedules`]: byGroup,
      [`${GROUP_PIM}/assignmentScheduleInstances`]: byGroup,
      [`${GROUP_PIM}/assignmentScheduleRequests`]: byGroup,
      [EM_ROLES]: `$filter=roleDefinitionId eq '${CATALOG_OWNER_ROLE}'`,
    },
  );
});
afterAll(() => h?.close());

const expectNoProblems = () => {
  const problems = walk.takeProblems();
  expect(problems, `${problems.length} schema walk problem(s):\n  ${problems.join("\n  ")}`).toEqual([]);
};

describe("schema walk of every demo tenant endpoint", () => {
  it("walks every GET route (each version, each filterByCurrentUser value, every page)", async () => {
    for (const route of walk.table.all()) {
      if (route.method !== "GET") continue;
      for (const version of route.versions ?? ["v1.0"]) await walk.walkGetRoute(route, version);
    }
    expectNoProblems();
  });

  it("validates the $expand forms the bot uses", async () => {
    const megan = as("Megan Bowen");
    const reads: [string, WalkCaller][] = [
      [`${EM}/accessPackages?$expand=assignmentPolicies`, app],
      [`${EM}/accessPackages/${chatgpt}?$expand=assignmentPolicies($expand=questions),catalog,resourceRoleScopes($expand=role,scope)`, app],
      [`${EM}/accessPackages/filterByCurrentUser(on='allowedRequestor')?$expand=assignmentPolicies`, as("Alex Wilber")],
      [`${EM}/assignmentPolicies?$expand=questions,accessPackage`, app],
      [`${EM}/assignments?$expand=target,accessPackage`, app],
      [`${EM}/assignments/filterByCurrentUser(on='target')?$expand=target,accessPackage,assignmentPolicy`, megan],
      [`${EM}/assignmentRequests?$expand=requestor,accessPackage,assignment`, app],
      [`${EM}/assignmentRequests/filterByCurrentUser(on='approver')?$expand=requestor,accessPackage`, megan],
      [`${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')?$expand=stages`, megan],
      [`${instancePath(AR.chatgpt)}/decisions?$expand=insights`, app],
      [`${instancePath(AR.chatgpt)}/decisions/filterByCurrentUser(on='reviewer')?$expand=insights`, megan],
      [`/policies/roleManagementPolicyAssignments?${DIRECTORY_SCOPE} and roleDefinitionId eq '${ROLES.privilegedRoleAdmin}'&$expand=policy($expand=rules)`, app],
      [`/policies/roleManagementPolicyAssignments?$filter=scopeId eq '${platformAdmins}' and scopeType eq 'Group'&$expand=policy($expand=rules)`, app],
      [`/roleManagement/directory/roleEligibilitySchedules?$expand=roleDefinition,principal`, app],
      [`/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition,activatedUsing`, as("Nestor Wilke")],
      [`${GROUP_PIM}/eligibilitySchedules?$filter=groupId eq '${platformAdmins}'&$expand=principal,group`, app],
      [`/users/${PEOPLE.alex}?$expand=manager`, app],
      [`/users?$select=id,displayName,department&$count=true`, app],
      [`/users/${PEOPLE.alex}/teamwork/installedApps?$expand=teamsApp,teamsAppDefinition`, app],
      // The owners' digest: who owns or manages which catalog.
      [`${EM_ROLES}?$filter=roleDefinitionId in ('${CATALOG_OWNER_ROLE}','${ACCESS_PACKAGE_MANAGER_ROLE}')&$expand=principal($select=id)`, app],
      [`${EM_ROLES}?$filter=principalId eq '${PEOPLE.alex}'&$expand=principal,roleDefinition,appScope`, as("Adele Vance")],
    ];
    for (const [path, caller] of reads) {
      const res = await walk.call("GET", path, { as: caller, status: 200 });
      expect(res.body.value ?? [res.body], path).not.toHaveLength(0);
    }
    expectNoProblems();
  });

  it("validates error answers against Graph's error schema (400, 401, 403, 404, 409)", async () => {
    const noToken: WalkCaller = { label: "no token", kind: "app", token: "" };
    const alex = as("Alex Wilber");
    const cases: { method: string; path: string; as: WalkCaller; status: number; body?: unknown; version?: "beta" }[] = [
      { method: "GET", path: `${EM}/accessPackages?$top=-1`, as: app, status: 400 },
      { method: "GET", path: `${EM}/assignmentRequests?$filter=state eq`, as: app, status: 400 },
      { method: "GET", path: `${GROUP_PIM}/eligibilitySchedules`, as: app, status: 400 },
      { method: "GET", path: EM_ROLES, as: app, status: 400 },
      { method: "POST", path: `${EM}/assignmentRequests`, as: alex, status: 400, body: { requestType: "userAdd" } },
      { method: "GET", path: "/users", as: noToken, status: 401 },
      { method: "GET", path: `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`, as: app, status: 403 },
      { method: "POST", path: `${EM}/assignmentRequests`, as: app, status: 403, body: userAdd(chatgpt, "The app asking for itself") },
      { method: "GET", path: `/users/${PEOPLE.megan}/mailboxSettings`, as: alex, status: 403 },
      { method: "GET", path: `${EM}/accessPackages/00000000-0000-0000-0000-00000000dead`, as: app, status: 404 },
      { method: "GET", path: "/users/00000000-0000-0000-0000-00000000dead", as: app, status: 404 },
      { method: "GET", path: "/groups/00000000-0000-0000-0000-00000000dead", as: app, status: 404 },
      { method: "GET", path: `${EM_ROLES}/00000000-0000-0000-0000-00000000dead`, as: app, status: 404 },
      { method: "GET", path: `${ROLE_APPROVALS}/00000000-0000-0000-0000-00000000dead`, as: as("Lee Gu"), status: 404, version: "beta" },
      { method: "POST", path: `${instancePath({ definition: AR.chatgpt.definition, instance: AR.chatgpt.past })}/sendReminder`, as: app, status: 409 },
    ];
    for (const c of cases) {
      const res = await walk.call(c.method, c.path, { as: c.as, status: c.status, body: c.body, version: c.version });
      expect(res.body?.error?.code, `${c.method} ${c.path}`).toEqual(expect.any(String));
    }
    expectNoProblems();
  });

  it("walks the write routes with valid bodies (from the freshly reset scenario) and reads what they changed", async () => {
    expect((await h.demo("POST", "/_demo/reset")).status).toBe(200);
    const alex = as("Alex Wilber");
    const megan = as("Megan Bowen");
    const adele = as("Adele Vance");
    const lee = as("Lee Gu");
    const henrietta = as("Henrietta Mueller");
    const kenji = as("Kenji Tanaka");
    const raj = as("Raj Kumar");
    const lukas = as("Lukas Meyer");

    // Teams: install the bot for someone who never opened it, read the installation and its chat, uninstall.
    const botExternalId = h.running.tenant.state.settings.teamsAppExternalId;
    const bot = (await walk.call("GET", `/appCatalogs/teamsApps?$filter=externalId eq '${botExternalId}'`, { as: app, status: 200 })).body.value[0];
    const bind = { "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${bot.id}` };
    const installs = `/users/${lukas.userId}/teamwork/installedApps`;
    await walk.call("POST", installs, { as: app, status: 201, body: bind });
    await walk.call("POST", installs, { as: app, status: 409, body: bind });
    const [install] = (await walk.call("GET", `${installs}?$expand=teamsApp`, { as: app, status: 200 })).body.value;
    await walk.call("GET", `${installs}/${install.id}/chat`, { as: app, status: 200 });
    await walk.call("DELETE", `${installs}/${install.id}`, { as: app, status: 204 });
    await walk.call("GET", `${installs}/${install.id}`, { as: app, status: 404 });

    // Entitlement management: what Alex must supply, his request, Megan's approval, a cancel, an admin assignment.
    await walk.call("POST", `${EM}/accessPackages/${chatgpt}/getApplicablePolicyRequirements`, { as: alex, status: 200 });
    const request = (await walk.call("POST", `${EM}/assignmentRequests`, { as: alex, status: 201, body: userAdd(chatgpt, "Drafting the Q2 campaign") })).body;
    const approval = `${EM}/accessPackageAssignmentApprovals/${request.id}`;
    const stage = (await walk.call("GET", approval, { as: megan, status: 200 })).body.stages.find((s: any) => s.status === "InProgress");
    const decision = { reviewResult: "Approve", justification: "Campaign work for the spring launch" };
    await walk.call("PATCH", `${approval}/stages/${stage.id}`, { as: megan, status: 204, body: decision });
    await walk.call("PATCH", `${approval}/stages/${stage.id}`, { as: megan, status: 409, body: decision });
    expect((await walk.call("GET", `${approval}/stages/${stage.id}`, { as: megan, status: 200 })).body).toMatchObject({ status: "Completed", reviewedBy: { id: megan.userId } });
    const [pending] = (await walk.call("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='createdBy')?$filter=state eq 'pendingApproval'`, { as: lukas, status: 200 })).body.value;
    await walk.call("POST", `${EM}/assignmentRequests/${pending.id}/cancel`, { as: lukas, status: 200 });
    expect((await walk.call("GET", `${EM}/assignmentRequests/${pending.id}`, { as: app, status: 200 })).body.state).toBe("canceled");
    const adminAdd = { requestType: "adminAdd", assignment: { accessPackageId: chatgpt, assignmentPolicyId: chatgptDirectPolicy, targetId: idOf("Samuel Okafor") } };
    const added = (await walk.call("POST", `${EM}/assignmentRequests`, { as: app, status: 201, body: adminAdd })).body;
    await h.advance("PT10S"); // delivery
    const delivered = await walk.call("GET", `${EM}/assignmentRequests/${request.id}?$expand=assignment($expand=target,accessPackage)`, { as: alex, status: 200 });
    expect(delivered.body.state).toBe("delivered");
    await walk.call("GET", `${EM}/assignmentRequests/${added.id}/assignment`, { as: app, status: 200 });

    // Access reviews: a reviewer's decision, a batch, recommendations, then the admin's actions.
    const chatgptReview = instancePath(AR.chatgpt);
    const [item] = (await walk.call("GET", `${chatgptReview}/decisions/filterByCurrentUser(on='reviewer')`, { as: megan, status: 200 })).body.value;
    await walk.call("PATCH", `${chatgptReview}/decisions/${item.id}`, { as: megan, status: 204, body: { decision: "Deny", justification: "Moved to the events team" } });
    expect((await walk.call("GET", `${chatgptReview}/decisions/${item.id}`, { as: app, status: 200 })).body).toMatchObject({ decision: "Deny", reviewedBy: { id: megan.userId } });
    await walk.call("POST", `${instancePath(AR.aiPlatform)}/batchRecordDecisions`, {
      as: lee,
      status: 204,
      body: { decision: "Deny", justification: "No platform work since the reorg", principalId: REVIEW_USERS.irvins },
    });
    await walk.call("POST", `${instancePath(AR.copilotPilot)}/acceptRecommendations`, { as: alex, status: 204 });
    await walk.call("GET", `${instancePath(AR.copilotPilot)}/decisions/filterByCurrentUser(on='reviewer')`, { as: alex, status: 200 });
    await walk.call("POST", `${chatgptReview}/sendReminder`, { as: app, status: 204 });
    await walk.call("POST", `${chatgptReview}/resetDecisions`, { as: app, status: 204 });
    await walk.call("POST", `${instancePath(AR.legal)}/stop`, { as: app, status: 204 });
    await walk.call("POST", `${instancePath(AR.legal)}/stop`, { as: app, status: 409 });
    await walk.call("POST", `${instancePath(AR.legal)}/applyDecisions`, { as: app, status: 204 });
    await walk.call("GET", instancePath(AR.legal), { as: app, status: 200 });
    await walk.call("GET", `${instancePath(AR.legal)}/decisions?$expand=insights`, { as: app, status: 200 });

    // PIM for Entra roles: a self-activation without approval, a cancel, a decision through the beta steps.
    const activated = (await walk.call("POST", ROLE_REQUESTS, { as: adele, status: 201, body: activation(adele.userId!, ROLES.aiAdmin, "PT2H") })).body;
    expect(activated.status).toBe("Provisioned");
    await walk.call("GET", `/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition,activatedUsing`, { as: adele, status: 200 });
    await walk.call("GET", `/roleManagement/directory/roleAssignmentSchedules?$filter=principalId eq '${adele.userId}'&$expand=activatedUsing,roleDefinition`, { as: app, status: 200 });
    const [rajs] = (await walk.call("GET", `${ROLE_REQUESTS}/filterByCurrentUser(on='principal')?$filter=status eq 'PendingApproval'`, { as: raj, status: 200 })).body.value;
    await walk.call("POST", `${ROLE_REQUESTS}/${rajs.id}/cancel`, { as: raj, status: 204 });
    expect((await walk.call("GET", `${ROLE_REQUESTS}/${rajs.id}`, { as: app, status: 200 })).body.status).toBe("Canceled");
    const [waiting] = (await walk.call("GET", `${ROLE_APPROVALS}/filterByCurrentUser(on='approver')`, { as: lee, status: 200, version: "beta" })).body.value;
    const step = waiting.steps.find((s: any) => s.status === "InProgress");
    const approve = { reviewResult: "Approve", justification: "Change CHG-4821 is approved" };
    await walk.call("PATCH", `${ROLE_APPROVALS}/${waiting.id}/steps/${step.id}`, { as: lee, status: 204, body: approve, version: "beta" });
    await walk.call("PATCH", `${ROLE_APPROVALS}/${waiting.id}/steps/${step.id}`, { as: lee, status: 409, body: approve, version: "beta" });
    await walk.call("GET", `${ROLE_APPROVALS}/${waiting.id}/steps/${step.id}`, { as: lee, status: 200, version: "beta" });
    await walk.call("GET", `${ROLE_REQUESTS}/${waiting.id}?$expand=targetSchedule,activatedUsing`, { as: app, status: 200 });

    // PIM for Groups: approvals through v1.0 stages (Kenji), beta stages (Sofia) and beta steps (Raj); Amelia cancels hers.
    const groupRequests = `${GROUP_PIM}/assignmentScheduleRequests`;
    const groupApprovals = `${GROUP_PIM}/assignmentApprovals`;
    const approveGroupRequest = async (approvalId: string, version: "v1.0" | "beta", list: "stages" | "steps") => {
      const stages = (await walk.call("GET", `${groupApprovals}/${approvalId}/${list}`, { as: henrietta, status: 200, version })).body.value;
      const open = stages.find((s: any) => s.status === "InProgress");
      const body = { reviewResult: "Approve", justification: "Release is on the plan" };
      await walk.call("PATCH", `${groupApprovals}/${approvalId}/${list}/${open.id}`, { as: henrietta, status: 204, body, version });
      await walk.call("GET", `${groupApprovals}/${approvalId}`, { as: henrietta, status: 200, version });
    };
    const kenjis = (await walk.call("POST", groupRequests, { as: kenji, status: 201, body: groupActivation(kenji.userId!, platformAdmins, "PT2H") })).body;
    await approveGroupRequest(kenjis.approvalId, "v1.0", "stages");
    expect((await walk.call("GET", `${groupRequests}/${kenjis.id}`, { as: app, status: 200 })).body.status).toBe("Provisioned");
    await walk.call("GET", `${GROUP_PIM}/assignmentScheduleInstances?$filter=groupId eq '${platformAdmins}' and principalId eq '${kenji.userId}'&$expand=activatedUsing`, { as: app, status: 200 });
    const [sofias] = (await walk.call("GET", `${groupRequests}/filterByCurrentUser(on='principal')`, { as: as("Sofia Romero"), status: 200 })).body.value;
    await approveGroupRequest(sofias.approvalId, "beta", "stages");
    const rajsGroup = (await walk.call("POST", groupRequests, { as: raj, status: 201, body: groupActivation(raj.userId!, platformAdmins, "PT1H") })).body;
    await approveGroupRequest(rajsGroup.approvalId, "beta", "steps");
    const amelia = as("Amelia Walker");
    const [amelias] = (await walk.call("GET", `${groupRequests}?$filter=principalId eq '${amelia.userId}'`, { as: app, status: 200 })).body.value;
    await walk.call("POST", `${groupRequests}/${amelias.id}/cancel`, { as: amelia, status: 204 });
    await walk.call("GET", `${groupRequests}/filterByCurrentUser(on='principal')`, { as: amelia, status: 200 });

    expectNoProblems();
  });

  it("leaves no route without a walk case", () => {
    const all = walk.allKeys();
    const uncovered = walk.uncovered();
    const routes = walk.table.all().length;
    console.log(
      [
        `schema walk: ${all.length - uncovered.length}/${all.length} route versions walked (${routes} routes), bodies validated: ` +
          `${walk.checks.openapi} against the OpenAPI files, ${walk.checks["graph-type"]} by Graph type, ${walk.checks.beta} beta`,
        ...(walk.empty.length ? ["walked with an empty collection only (no persona has data there):", ...walk.empty.map((e) => `  ${e}`)] : []),
      ].join("\n"),
    );
    expect(uncovered, `routes without a walk case:\n  ${uncovered.join("\n  ")}`).toEqual([]);
  });
});
