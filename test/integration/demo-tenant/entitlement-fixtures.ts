import { expect } from "vitest";
import { stableId } from "../../../src/demo-tenant/routes/entitlement/stable-id.js";
import { PEOPLE, startHarness, type DemoTenantHarness, type GraphAnswer } from "../../support/demo-tenant-harness.js";
import { validateGraphResponse } from "../../support/graph-schema/validate-graph-response.js";

/** Shared ids and helpers of the entitlement management tests (the Contoso scenario's entitlement.yaml). */
export const EM = "/identityGovernance/entitlementManagement";

const u = (suffix: string) => `7a1c0000-0000-4000-8000-000000000${suffix}`;
export const USERS = {
  ...PEOPLE,
  nestor: u("100"),
  lynne: u("101"),
  miriam: u("102"),
  lee: u("104"),
  grady: u("106"),
  joni: u("107"),
  henrietta: u("108"),
  christie: u("109"),
  pradeep: u("10a"),
  irvin: u("10b"),
  lidia: u("10c"),
  brian: u("10e"),
  maya: u("10f"),
  omar: u("110"),
  sofia: u("111"),
  chloe: u("115"),
  daniel: u("116"),
  fatima: u("117"),
  lukas: u("118"),
  nina: u("119"),
  tomas: u("11a"),
  hannah: u("11b"),
  victor: u("11e"),
  rosa: "7a1c0000-0000-4000-8000-0000000009a1",
} as const;

const e = (suffix: string) => `7a1c0000-0000-4000-8000-0000e${suffix}`;
export const IDS = {
  catalogGeneral: e("1000001"),
  catalogRestricted: e("1000002"),
  catalogPlatform: e("1000003"),
  chatgpt: e("1100001"),
  legal: e("1100002"),
  copilot: e("1100003"),
  code: e("1100004"),
  platform: e("1100005"),
  chatgptPolicy: e("1200001"),
  chatgptDirectPolicy: e("1200002"),
  legalPolicy: e("1200003"),
  copilotPolicy: e("1200004"),
  codePolicy: e("1200005"),
  platformPolicy: e("1200006"),
  matterQuestion: e("1300001"),
  practiceQuestion: e("1300002"),
  copilotUsersGroup: "7a1c0000-0000-4000-8000-00000000a012",
  codeAssistantUsersGroup: "7a1c0000-0000-4000-8000-00000000a013",
} as const;

/** A started demo tenant with cached tokens and Graph calls whose bodies are checked against the schema. */
export interface EntitlementHarness {
  h: DemoTenantHarness;
  app: string;
  as(userId: string): Promise<string>;
  /** A Graph call whose response body must match the official v1.0 schema. */
  call<T = any>(method: string, path: string, token: string, body?: unknown): Promise<GraphAnswer<T>>;
  /** Seeded request id by its entitlement.yaml alias. */
  seeded(alias: string): string;
  close(): Promise<void>;
}

export async function startEntitlementHarness(options: { pageSize?: number } = {}): Promise<EntitlementHarness> {
  const h = await startHarness(options);
  const app = await h.appToken();
  const tokens = new Map<string, string>();
  const harness: EntitlementHarness = {
    h,
    app,
    async as(userId) {
      let token = tokens.get(userId);
      if (!token) tokens.set(userId, (token = await h.userToken(userId)));
      return token;
    },
    async call(method, path, token, body) {
      const res = await h.graph(method, path, { token, body });
      const urlPath = `/v1.0${new URL(path, "http://x").pathname}`;
      const problems = validateGraphResponse(method, decodeURIComponent(urlPath), res.status, res.body);
      expect(problems, `${method} ${path} -> ${res.status} ${String(JSON.stringify(res.body)).slice(0, 400)}`).toEqual([]);
      return res;
    },
    seeded(alias) {
      // The seeder derives request ids from their aliases.
      const id = stableId("accessPackageAssignmentRequest", alias);
      if (!h.running.tenant.state.requests.has(id)) throw new Error(`no seeded request '${alias}'`);
      return id;
    },
    close: () => h.close(),
  };
  return harness;
}

/** Graph's error body shape with a readable message. */
export function expectGraphError(res: GraphAnswer, status: number, messagePart?: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toEqual(expect.any(String));
  expect(res.body.error.message).toEqual(expect.any(String));
  expect(res.body.error.innerError["request-id"]).toEqual(expect.any(String));
  if (messagePart) expect(res.body.error.message).toMatch(messagePart);
}

/** The body of a self-service request for a package. */
export function userAdd(accessPackageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { assignment, ...rest } = extra as { assignment?: Record<string, unknown> };
  return { requestType: "userAdd", assignment: { accessPackageId, ...assignment }, ...rest };
}

/** The in-progress stage of an approval, read as the given approver. */
export async function currentStage(t: EntitlementHarness, requestId: string, approverToken: string): Promise<any> {
  const res = await t.call("GET", `${EM}/accessPackageAssignmentApprovals/${requestId}`, approverToken);
  expect(res.status).toBe(200);
  return res.body.stages.find((s: any) => s.status === "InProgress");
}
