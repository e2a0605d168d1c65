import { ClientSecretCredential } from "@azure/identity";
import type { GraphTokenSource } from "./graph-token-source.js";
import { trustCertificatePolicy } from "./trust-certificate-policy.js";
import { cachedToken } from "./cached-token.js";

export interface AppCredentialSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra's login host, or the demo tenant's https address. */
  authorityHost: string;
  /** An extra certificate authority to trust (the demo tenant's). */
  caPem?: string | null;
}

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/**
 * The bot's own app-only Graph token through @azure/identity's client-credentials flow, which caches
 * and refreshes it. Used for reads and admin actions only (entra-governance.md).
 */
export function createAppTokenSource(settings: AppCredentialSettings): GraphTokenSource {
  const credential = new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
    authorityHost: settings.authorityHost,
    // The demo tenant is its own authority; instance discovery would ask Microsoft's cloud about it.
    disableInstanceDiscovery: settings.caPem ? true : undefined,
    additionalPolicies: settings.caPem ? [trustCertificatePolicy(settings.caPem)] : [],
  });
  return { principal: "app", kind: "app", getToken: cachedToken(() => credential.getToken(GRAPH_SCOPE)) };
}
