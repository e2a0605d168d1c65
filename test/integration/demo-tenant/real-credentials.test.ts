import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "node:https";
import { ClientSecretCredential, OnBehalfOfCredential, type MultiTenantTokenCredentialOptions, type OnBehalfOfCredentialSecretOptions } from "@azure/identity";
import { startDemoTenant, type StartedDemoTenant } from "../../../src/demo-tenant/start-demo-tenant.js";
import { PEOPLE } from "../../support/demo-tenant-harness.js";

let t: StartedDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ httpsPort: 0 });
});
afterAll(() => t.close());

/** @azure/identity refuses http authorities, so the demo tenant's https listener is trusted by its CA. */
function trustDemoTenant(caPem: string) {
  const agent = new Agent({ ca: caPem });
  return [{ position: "perCall" as const, policy: { name: "trustDemoTenant", sendRequest: (req: any, next: any) => { req.agent = agent; return next(req); } } }];
}

describe("the real @azure/identity credentials against the demo tenant", () => {
  it("gets an app token with client credentials and reads Graph with it", async () => {
    const s = t.tenant.state.settings;
    const credential = new ClientSecretCredential(s.tenantId, s.botAppId, t.tenant.botClientSecret(), {
      authorityHost: t.authorityHost,
      disableInstanceDiscovery: true,
      additionalPolicies: trustDemoTenant(t.caPem!),
    });
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    const res = await fetch(`${t.graphUrl}/users?$top=1`, { headers: { authorization: `Bearer ${token!.token}` } });
    expect(res.status).toBe(200);
  });

  it("exchanges a person's assertion on behalf of them for a delegated token", async () => {
    const s = t.tenant.state.settings;
    const options: OnBehalfOfCredentialSecretOptions & MultiTenantTokenCredentialOptions & { disableInstanceDiscovery: boolean } = {
      tenantId: s.tenantId,
      clientId: s.botAppId,
      clientSecret: t.tenant.botClientSecret(),
      userAssertionToken: t.tenant.mintUserToken(PEOPLE.alex, `api://botid-${s.botAppId}`),
      authorityHost: t.authorityHost,
      disableInstanceDiscovery: true,
      additionalPolicies: trustDemoTenant(t.caPem!),
    };
    const credential = new OnBehalfOfCredential(options);
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    const me = await fetch(`${t.graphUrl}/me`, { headers: { authorization: `Bearer ${token!.token}` } });
    expect(((await me.json()) as { id: string }).id).toBe(PEOPLE.alex);
  });

  it("fails with Entra's error for a wrong secret", async () => {
    const s = t.tenant.state.settings;
    const credential = new ClientSecretCredential(s.tenantId, s.botAppId, "wrong", {
      authorityHost: t.authorityHost,
      disableInstanceDiscovery: true,
      additionalPolicies: trustDemoTenant(t.caPem!),
    });
    await expect(credential.getToken("https://graph.microsoft.com/.default")).rejects.toThrow(/AADSTS7000215/);
  });
});
