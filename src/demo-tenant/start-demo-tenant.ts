import { DemoTenant, type DemoTenantOptions } from "./demo-tenant.js";
import { listenDemoTenant, type ListenOptions, type RunningDemoTenant } from "./http/create-server.js";

export interface StartedDemoTenant extends RunningDemoTenant {
  tenant: DemoTenant;
  /** Graph's base URL on the emulator (`http://127.0.0.1:port/v1.0`). */
  graphUrl: string;
  /**
   * The token authority host, to use as MSAL's or @azure/identity's authority host: the https address
   * when https was asked for (they refuse plain http), else the http one.
   */
  authorityHost: string;
}

/** Builds a demo tenant and serves it; port 0 picks a free one. */
export async function startDemoTenant(options: DemoTenantOptions & ListenOptions = {}): Promise<StartedDemoTenant> {
  const tenant = new DemoTenant(options);
  const running = await listenDemoTenant(tenant, options);
  return {
    ...running,
    tenant,
    graphUrl: `${running.url}/v1.0`,
    authorityHost: running.httpsUrl ?? running.url,
    close: async () => {
      tenant.saveNow();
      await running.close();
    },
  };
}
