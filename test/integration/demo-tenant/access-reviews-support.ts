import { expect } from "vitest";
import type { DemoTenantHarness, GraphAnswer } from "../../support/demo-tenant-harness.js";
import { validateGraphResponse } from "../../support/graph-schema/validate-graph-response.js";

/** Ids from src/demo-tenant/scenario/contoso (access-reviews.yaml and people.yaml). */
export const AR = {
  copilotPilot: { definition: "7a1c0000-0000-4000-8000-000000ad0001", instance: "7a1c0000-0000-4000-8000-000000ae0001", group: "7a1c0000-0000-4000-8000-00000000a002" },
  chatgpt: { definition: "7a1c0000-0000-4000-8000-000000ad0002", past: "7a1c0000-0000-4000-8000-000000ae0002", instance: "7a1c0000-0000-4000-8000-000000ae0003", group: "7a1c0000-0000-4000-8000-00000000a010" },
  aiPlatform: { definition: "7a1c0000-0000-4000-8000-000000ad0003", instance: "7a1c0000-0000-4000-8000-000000ae0004", group: "7a1c0000-0000-4000-8000-00000000a014" },
  legal: { definition: "7a1c0000-0000-4000-8000-000000ad0004", instance: "7a1c0000-0000-4000-8000-000000ae0005" },
  toolOwners: { definition: "7a1c0000-0000-4000-8000-000000ad0005", instance: "7a1c0000-0000-4000-8000-000000ae0006" },
} as const;

export const USERS = {
  leeg: "7a1c0000-0000-4000-8000-000000000104",
  lynner: "7a1c0000-0000-4000-8000-000000000101",
  nestorw: "7a1c0000-0000-4000-8000-000000000100",
  irvins: "7a1c0000-0000-4000-8000-00000000010b",
  enricoc: "7a1c0000-0000-4000-8000-00000000010d",
  sofiar: "7a1c0000-0000-4000-8000-000000000111",
  lukasm: "7a1c0000-0000-4000-8000-000000000118",
  tomasg: "7a1c0000-0000-4000-8000-00000000011a",
  hannahs: "7a1c0000-0000-4000-8000-00000000011b",
  brianj: "7a1c0000-0000-4000-8000-00000000010e",
  mayaz: "7a1c0000-0000-4000-8000-00000000010f",
  omarh: "7a1c0000-0000-4000-8000-000000000110",
} as const;

export const DEFINITIONS = "/identityGovernance/accessReviews/definitions";
export const instancePath = (r: { definition: string; instance: string }) => `${DEFINITIONS}/${r.definition}/instances/${r.instance}`;

/** Asserts the status and that the body matches Graph's official schema for the call. */
export function expectGraph(res: GraphAnswer, method: string, path: string, status: number): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(validateGraphResponse(method, `/v1.0${path}`, res.status, res.body)).toEqual([]);
}

/** A Graph error: status, code when given, a message, and the error schema. */
export function expectGraphError(res: GraphAnswer, method: string, path: string, status: number, code?: string): void {
  expectGraph(res, method, path, status);
  if (code) expect(res.body.error.code).toBe(code);
  expect(res.body.error.message.length).toBeGreaterThan(20);
}

/** The caller's items on an instance, by principal display name. */
export async function myItems(h: DemoTenantHarness, r: { definition: string; instance: string }, token: string): Promise<Map<string, any>> {
  const items = await h.listAll(`${instancePath(r)}/decisions/filterByCurrentUser(on='reviewer')`, token);
  return new Map(items.map((d: any) => [d.principal.displayName as string, d]));
}
