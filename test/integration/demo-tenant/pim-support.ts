import { expect } from "vitest";
import type { DemoTenantHarness, GraphAnswer } from "../../support/demo-tenant-harness.js";
import { validateGraphResponse } from "../../support/graph-schema/validate-graph-response.js";

/** Ids from src/demo-tenant/scenario/contoso (pim.yaml and people.yaml). */
export const ROLES = {
  globalAdmin: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdmin: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  aiAdmin: "d2562ede-74db-457e-a7b6-544e236ebb61",
  appAdmin: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudAppAdmin: "158c047a-c907-4556-b7ef-446551a6b5f7",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
} as const;

export const STAFF = {
  nestorw: "7a1c0000-0000-4000-8000-000000000100",
  leeg: "7a1c0000-0000-4000-8000-000000000104",
  henriettam: "7a1c0000-0000-4000-8000-000000000108",
  sofiar: "7a1c0000-0000-4000-8000-000000000111",
  kenjit: "7a1c0000-0000-4000-8000-000000000112",
  ameliaw: "7a1c0000-0000-4000-8000-000000000113",
  rajk: "7a1c0000-0000-4000-8000-000000000114",
  samuelo: "7a1c0000-0000-4000-8000-00000000011d",
} as const;

export const AI_PLATFORM_ADMINS = "7a1c0000-0000-4000-8000-00000000a014";

export const ROLE_REQUESTS = "/roleManagement/directory/roleAssignmentScheduleRequests";
export const ROLE_APPROVALS = "/roleManagement/directory/roleAssignmentApprovals";
export const GROUP_PIM = "/identityGovernance/privilegedAccess/group";

/** Asserts the status and, for v1.0, that the body matches Graph's official schema for the call. */
export function expectGraph(res: GraphAnswer, method: string, path: string, status: number, version: "v1.0" | "beta" = "v1.0"): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (version === "v1.0") expect(validateGraphResponse(method, `/v1.0${path}`, res.status, res.body)).toEqual([]);
}

/** A Graph error with the given status and code, and a message a developer can act on. */
export function expectGraphError(res: GraphAnswer, status: number, code?: string, mentions?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.error.code).toBe(code);
  expect(res.body.error.message.length).toBeGreaterThan(20);
  if (mentions) expect(res.body.error.message).toContain(mentions);
}

/** The emulator's current (frozen) time in epoch ms. */
export async function clockMs(h: DemoTenantHarness): Promise<number> {
  return Date.parse((await h.demo<{ now: string }>("GET", "/_demo/clock")).body.now);
}

/** A selfActivate body for a directory role, for `duration` from now. */
export function activation(principalId: string, roleDefinitionId: string, duration: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: "selfActivate",
    principalId,
    roleDefinitionId,
    directoryScopeId: "/",
    justification: "Investigate the Copilot audit findings",
    scheduleInfo: { expiration: { type: "AfterDuration", duration } },
    ...extra,
  };
}

/** A selfActivate body for PIM for Groups membership. */
export function groupActivation(principalId: string, groupId: string, duration: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: "selfActivate",
    principalId,
    groupId,
    accessId: "member",
    justification: "Deploy the model gateway release",
    scheduleInfo: { expiration: { type: "afterDuration", duration } },
    ...extra,
  };
}
