import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PEOPLE, startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";
import { activation, clockMs, expectGraph, expectGraphError, ROLE_REQUESTS, ROLES, STAFF } from "./pim-support.js";

let h: DemoTenantHarness;
let app: string;
let adele: string;
let patti: string;
beforeAll(async () => {
  h = await startHarness();
  [app, adele, patti] = await Promise.all([h.appToken(), h.userToken(PEOPLE.adele), h.userToken(PEOPLE.patti)]);
});
afterAll(() => h.close());
// Every test starts from the scenario as seeded at the (frozen, possibly advanced) clock.
beforeEach(async () => {
  await h.demo("POST", "/_demo/reset");
});

const BASE = "/roleManagement/directory";
const HOUR = 3_600_000;

describe("role management policies", () => {
  it("answers the bot's policy query with $expand=policy($expand=rules)", async () => {
    const path = `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${ROLES.privilegedRoleAdmin}'&$expand=policy($expand=rules)`;
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value).toHaveLength(1);
    const assignment = res.body.value[0];
    expect(assignment).toMatchObject({ scopeId: "/", scopeType: "DirectoryRole", roleDefinitionId: ROLES.privilegedRoleAdmin });
    expect(assignment.id).toBe(`${assignment.policyId}_${ROLES.privilegedRoleAdmin}`);
    const rules = new Map<string, any>(assignment.policy.rules.map((r: any) => [r.id, r]));
    expect(rules.get("Expiration_EndUser_Assignment")).toMatchObject({
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      isExpirationRequired: true,
      maximumDuration: "PT1H",
    });
    expect(rules.get("Enablement_EndUser_Assignment").enabledRules).toEqual(["MultiFactorAuthentication", "Justification"]);
    const approval = rules.get("Approval_EndUser_Assignment");
    expect(approval["@odata.type"]).toBe("#microsoft.graph.unifiedRoleManagementPolicyApprovalRule");
    expect(approval.setting).toMatchObject({ isApprovalRequired: true, approvalMode: "SingleStage" });
    expect(approval.setting.approvalStages[0].primaryApprovers.map((a: any) => a.userId)).toEqual([STAFF.leeg, STAFF.nestorw]);
  });

  it("lists every role's policy, and ids follow the scopeType asked for", async () => {
    const roles = await h.listAll("/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'", app);
    expect(new Set(roles.map((r) => r.roleDefinitionId))).toEqual(new Set(Object.values(ROLES)));
    const directory = await h.listAll("/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'Directory'", app);
    expect(directory).toHaveLength(roles.length);
    expect(directory.every((r) => r.scopeType === "Directory" && r.policyId.startsWith("Directory_"))).toBe(true);

    const reader = roles.find((r) => r.roleDefinitionId === ROLES.globalReader);
    const policyPath = `/policies/roleManagementPolicies/${reader.policyId}?$expand=rules`;
    const policy = await h.graph("GET", policyPath, { token: app });
    expectGraph(policy, "GET", policyPath, 200);
    const enablement = policy.body.rules.find((r: any) => r.id === "Enablement_EndUser_Assignment");
    expect(enablement.enabledRules).toEqual(["MultiFactorAuthentication"]);
    const rulesPath = `/policies/roleManagementPolicies/${reader.policyId}/rules`;
    expectGraph(await h.graph("GET", rulesPath, { token: app }), "GET", rulesPath, 200);
  });

  it("requires the scope filter, as Graph does", async () => {
    expectGraphError(await h.graph("GET", "/policies/roleManagementPolicyAssignments", { token: app }), 400, undefined, "scopeId");
  });

  it("serves PIM for Groups policies to tokens with the AzureADGroup permission", async () => {
    const path = `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '7a1c0000-0000-4000-8000-00000000a014' and scopeType eq 'Group'&$expand=policy($expand=rules)`;
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value.map((a: any) => a.roleDefinitionId).sort()).toEqual(["member", "owner"]);
    const member = res.body.value.find((a: any) => a.roleDefinitionId === "member");
    const approval = member.policy.rules.find((r: any) => r.id === "Approval_EndUser_Assignment");
    expect(approval.setting.approvalStages[0].primaryApprovers[0].userId).toBe(STAFF.henriettam);

    const onlyDirectory = h.running.tenant.signer.mintApp("00000000-0000-0000-0000-00000000000011", ["RoleManagementPolicy.Read.Directory"]);
    expectGraphError(await h.graph("GET", path, { token: onlyDirectory }), 403, undefined, "RoleManagementPolicy.Read.AzureADGroup");
  });
});

describe("activating a role that needs no approval", () => {
  it("is Provisioned at once and ends after its duration by the clock", async () => {
    const start = await clockMs(h);
    const res = await h.graph("POST", ROLE_REQUESTS, { token: adele, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT2H") });
    expectGraph(res, "POST", ROLE_REQUESTS, 201);
    expect(res.body).toMatchObject({
      action: "selfActivate",
      status: "Provisioned",
      principalId: PEOPLE.adele,
      approvalId: null,
      createdBy: { user: { id: PEOPLE.adele } },
      scheduleInfo: { startDateTime: new Date(start).toISOString(), expiration: { type: "afterDuration", duration: "PT2H" } },
    });
    expect(res.body.targetScheduleId).toBeTruthy();

    const mine = `${BASE}/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`;
    const active = await h.graph("GET", mine, { token: adele });
    expectGraph(active, "GET", mine, 200);
    expect(active.body.value).toHaveLength(1);
    expect(active.body.value[0]).toMatchObject({
      roleDefinitionId: ROLES.aiAdmin,
      assignmentType: "Activated",
      memberType: "Direct",
      roleAssignmentScheduleId: res.body.targetScheduleId,
      endDateTime: new Date(start + 2 * HOUR).toISOString(),
    });
    const schedulesPath = `${BASE}/roleAssignmentSchedules?$filter=principalId eq '${PEOPLE.adele}'&$expand=activatedUsing,roleDefinition`;
    const schedules = await h.graph("GET", schedulesPath, { token: app });
    expectGraph(schedules, "GET", schedulesPath, 200);
    expect(schedules.body.value[0]).toMatchObject({ status: "Provisioned", roleDefinition: { displayName: "AI Administrator" }, activatedUsing: { roleDefinitionId: ROLES.aiAdmin } });

    await h.advance("PT1H59M");
    expect((await h.graph("GET", mine, { token: adele })).body.value).toHaveLength(1);
    await h.advance("PT1M");
    expect((await h.graph("GET", mine, { token: adele })).body.value).toHaveLength(0);
    expect((await h.graph("GET", `${BASE}/roleAssignmentSchedules/filterByCurrentUser(on='principal')`, { token: adele })).body.value).toHaveLength(0);
    // The request itself stays as it completed.
    expect((await h.graph("GET", `${ROLE_REQUESTS}/${res.body.id}`, { token: app })).body.status).toBe("Provisioned");
  });

  it("lets Patti activate Global Reader without a justification (its setting asks for none)", async () => {
    const res = await h.graph("POST", ROLE_REQUESTS, { token: patti, body: activation(PEOPLE.patti, ROLES.globalReader, "PT8H", { justification: null }) });
    expectGraph(res, "POST", ROLE_REQUESTS, 201);
    expect(res.body.status).toBe("Provisioned");
  });

  it("ends the seeded activation that is due within the hour", async () => {
    const now = await clockMs(h);
    const path = `${BASE}/roleAssignmentScheduleInstances?$filter=principalId eq '${STAFF.kenjit}'`;
    const before = await h.graph("GET", path, { token: app });
    expectGraph(before, "GET", path, 200);
    expect(before.body.value.map((i: any) => [i.roleDefinitionId, i.endDateTime])).toEqual([[ROLES.appAdmin, new Date(now + 40 * 60_000).toISOString()]]);
    await h.advance("PT40M");
    expect((await h.graph("GET", path, { token: app })).body.value).toEqual([]);
  });
});

describe("what Entra refuses", () => {
  it("refuses a duration beyond the policy's maximum", async () => {
    const res = await h.graph("POST", ROLE_REQUESTS, { token: adele, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT5H") });
    expectGraphError(res, 400, "RoleAssignmentRequestPolicyValidationFailed", '["ExpirationRule"]');
    expect(res.body.error.message).toContain("PT4H");
  });

  it("refuses a missing justification, and a missing ticket where the setting requires one", async () => {
    const res = await h.graph("POST", ROLE_REQUESTS, { token: adele, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT1H", { justification: "  " }) });
    expectGraphError(res, 400, "RoleAssignmentRequestPolicyValidationFailed", '["JustificationRule"]');
    const sofia = await h.userToken(STAFF.sofiar);
    const noTicket = await h.graph("POST", ROLE_REQUESTS, { token: sofia, body: activation(STAFF.sofiar, ROLES.appAdmin, "PT3H") });
    expectGraphError(noTicket, 400, "RoleAssignmentRequestPolicyValidationFailed", '["ExpirationRule","TicketingRule"]');
    const withTicket = await h.graph("POST", ROLE_REQUESTS, {
      token: sofia,
      body: activation(STAFF.sofiar, ROLES.appAdmin, "PT2H", { ticketInfo: { ticketNumber: "CHG-1", ticketSystem: "ServiceNow" } }),
    });
    expectGraph(withTicket, "POST", ROLE_REQUESTS, 201);
    expect(withTicket.body.ticketInfo).toEqual({ ticketNumber: "CHG-1", ticketSystem: "ServiceNow" });
  });

  it("refuses someone with no eligibility, and activating for somebody else", async () => {
    const alex = await h.userToken(PEOPLE.alex);
    expectGraphError(
      await h.graph("POST", ROLE_REQUESTS, { token: alex, body: activation(PEOPLE.alex, ROLES.aiAdmin, "PT1H") }),
      400,
      "RoleAssignmentRequestPolicyValidationFailed",
      "EligibilityRule",
    );
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: adele, body: activation(PEOPLE.patti, ROLES.globalReader, "PT1H") }), 403);
  });

  it("refuses selfActivate with an app token, which may only send admin actions", async () => {
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: app, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT1H") }), 403);
    const writer = h.running.tenant.signer.mintApp("00000000-0000-0000-0000-00000000000011", ["RoleAssignmentSchedule.ReadWrite.Directory"]);
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: writer, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT1H") }), 403, undefined, "delegated");

    const assign = await h.graph("POST", ROLE_REQUESTS, {
      token: writer,
      body: { action: "adminAssign", principalId: PEOPLE.patti, roleDefinitionId: ROLES.cloudAppAdmin, directoryScopeId: "/", justification: "Quarter-end app cleanup", scheduleInfo: { expiration: { type: "afterDuration", duration: "P7D" } } },
    });
    expectGraph(assign, "POST", ROLE_REQUESTS, 201);
    expect(assign.body).toMatchObject({ status: "Provisioned", createdBy: { application: { id: "00000000-0000-0000-0000-00000000000011" } } });
    const schedule = (await h.graph("GET", `${BASE}/roleAssignmentSchedules/${assign.body.targetScheduleId}`, { token: app })).body;
    expect(schedule.assignmentType).toBe("Assigned");
    const remove = await h.graph("POST", ROLE_REQUESTS, { token: writer, body: { action: "adminRemove", principalId: PEOPLE.patti, roleDefinitionId: ROLES.cloudAppAdmin, directoryScopeId: "/" } });
    expectGraph(remove, "POST", ROLE_REQUESTS, 201);
    expect(remove.body.status).toBe("Revoked");
    expect((await h.graph("GET", `${BASE}/roleAssignmentSchedules/${assign.body.targetScheduleId}`, { token: app })).status).toBe(404);
  });

  it("refuses a second activation while one is active; deactivation works after five minutes", async () => {
    expect((await h.graph("POST", ROLE_REQUESTS, { token: adele, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT1H") })).status).toBe(201);
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: adele, body: activation(PEOPLE.adele, ROLES.aiAdmin, "PT1H") }), 400, "RoleAssignmentExists");
    const deactivate = { action: "selfDeactivate", principalId: PEOPLE.adele, roleDefinitionId: ROLES.aiAdmin, directoryScopeId: "/" };
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: adele, body: deactivate }), 400, "ActiveDurationTooShort");
    await h.advance("PT5M");
    const res = await h.graph("POST", ROLE_REQUESTS, { token: adele, body: deactivate });
    expectGraph(res, "POST", ROLE_REQUESTS, 201);
    expect(res.body).toMatchObject({ action: "selfDeactivate", status: "Revoked" });
    expect((await h.graph("GET", `${BASE}/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`, { token: adele })).body.value).toEqual([]);
    expectGraphError(await h.graph("POST", ROLE_REQUESTS, { token: adele, body: deactivate }), 400, "RoleAssignmentDoesNotExist");
  });

  it("refuses unknown properties instead of ignoring them", async () => {
    const res = await h.graph("POST", ROLE_REQUESTS, { token: adele, body: { ...activation(PEOPLE.adele, ROLES.aiAdmin, "PT1H"), justifcation: "typo" } });
    expectGraphError(res, 400, undefined, "justifcation");
  });
});

describe("eligibilities", () => {
  it("lists a principal's eligibilities with $expand=roleDefinition,principal", async () => {
    const path = `${BASE}/roleEligibilitySchedules?$filter=principalId eq '${PEOPLE.adele}'&$expand=roleDefinition,principal`;
    const res = await h.graph("GET", path, { token: app });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value).toHaveLength(1);
    expect(res.body.value[0]).toMatchObject({
      roleDefinitionId: ROLES.aiAdmin,
      status: "Provisioned",
      memberType: "Direct",
      roleDefinition: { id: ROLES.aiAdmin, displayName: "AI Administrator", templateId: ROLES.aiAdmin },
      principal: { "@odata.type": "#microsoft.graph.user", id: PEOPLE.adele, displayName: "Adele Vance" },
    });
  });

  it("shows the signed-in user their own eligibilities and refuses the app on filterByCurrentUser", async () => {
    const path = `${BASE}/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition`;
    const res = await h.graph("GET", path, { token: patti });
    expectGraph(res, "GET", path, 200);
    expect(res.body.value.map((e: any) => e.roleDefinition.displayName)).toEqual(["Global Reader"]);
    const byId = `${BASE}/roleEligibilityScheduleInstances/${res.body.value[0].id}`;
    expectGraph(await h.graph("GET", byId, { token: app }), "GET", byId, 200);
    expectGraphError(await h.graph("GET", path, { token: app }), 403);
    const schedules = `${BASE}/roleEligibilitySchedules/filterByCurrentUser(on='principal')`;
    expect((await h.graph("GET", schedules, { token: patti })).body.value).toHaveLength(1);
    const definitions = `${BASE}/roleDefinitions`;
    const defs = await h.graph("GET", definitions, { token: app });
    expectGraph(defs, "GET", definitions, 200);
    expect(defs.body.value.length).toBe(Object.keys(ROLES).length);
  });

  it("expires an eligibility at its end date, after which activation is refused", async () => {
    const sofia = await h.userToken(STAFF.sofiar);
    const path = `${BASE}/roleEligibilityScheduleInstances?$filter=principalId eq '${STAFF.sofiar}' and roleDefinitionId eq '${ROLES.aiAdmin}'`;
    expect((await h.graph("GET", path, { token: app })).body.value).toHaveLength(1);
    await h.advance("P5D");
    expect((await h.graph("GET", path, { token: app })).body.value).toHaveLength(0);
    expectGraphError(
      await h.graph("POST", ROLE_REQUESTS, { token: sofia, body: activation(STAFF.sofiar, ROLES.aiAdmin, "PT1H") }),
      400,
      "RoleAssignmentRequestPolicyValidationFailed",
      "EligibilityRule",
    );
  });

  it("never lets an activation outlive its eligibility", async () => {
    // Kenji's Cloud Application Administrator eligibility ends in two days.
    await h.advance("P1DT21H");
    const kenji = await h.userToken(STAFF.kenjit);
    const now = await clockMs(h);
    const res = await h.graph("POST", ROLE_REQUESTS, { token: kenji, body: activation(STAFF.kenjit, ROLES.cloudAppAdmin, "PT8H") });
    expect(res.status).toBe(201);
    const schedule = (await h.graph("GET", `${BASE}/roleAssignmentSchedules/${res.body.targetScheduleId}`, { token: app })).body;
    // The scenario was re-seeded at the start of this test, 45 hours before now.
    expect(schedule.scheduleInfo.expiration.endDateTime).toBe(new Date(now + 3 * HOUR).toISOString());
  });
});
