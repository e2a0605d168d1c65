import { DemoTenant, type DemoTenantOptions } from "./demo-tenant.js";
import { listenDemoTenant, type RunningDemoTenant } from "./http/create-server.js";

export interface StartedDemoTenant extends RunningDemoTenant {
  tenant: DemoTenant;
  /** Graph's base URL on the emulator (`http://127.0.0.1:port/v1.0`). */
  graphUrl: string;
  /** The token authority host (`http://127.0.0.1:port`), to use as MSAL's authority host. */
  authorityHost: string;
}

/** Builds a demo tenant and serves it; port 0 picks a free one. */
export async function startDemoTenant(options: DemoTenantOptions & { port?: number; host?: string } = {}): Promise<StartedDemoTenant> {
  const tenant = new DemoTenant(options);
  const running = await listenDemoTenant(tenant, options.port ?? 0, options.host ?? "127.0.0.1");
  return {
    ...running,
    tenant,
    graphUrl: `${running.url}/v1.0`,
    authorityHost: running.url,
    close: async () => {
      tenant.saveNow();
      await running.close();
    },
  };
}
