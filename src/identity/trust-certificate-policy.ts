import { Agent } from "node:https";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * An @azure/identity pipeline policy that trusts one extra certificate authority: the demo tenant's
 * self-signed certificate. MSAL refuses plain-http authorities, so the demo tenant's token endpoint is
 * served over https with a certificate made at its start.
 */
export function trustCertificatePolicy(caPem: string): { position: "perCall"; policy: PipelinePolicy } {
  const agent = new Agent({ ca: caPem, keepAlive: true });
  return {
    position: "perCall",
    policy: {
      name: "trustDemoTenantCertificate",
      sendRequest: (request, next) => {
        request.agent = agent;
        return next(request);
      },
    },
  };
}
