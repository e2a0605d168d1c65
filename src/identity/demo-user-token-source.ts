import { OnBehalfOfCredential, type MultiTenantTokenCredentialOptions, type OnBehalfOfCredentialSecretOptions } from "@azure/identity";
import type { GraphTokenSource } from "./graph-token-source.js";
import { SignInRequiredError } from "./graph-token-source.js";
import { trustCertificatePolicy } from "./trust-certificate-policy.js";

export interface DemoSsoSettings {
  /** The demo tenant's http address, for its `/_demo/token` helper. */
  demoTenantUrl: string;
  /** Its https address, the authority for on-behalf-of. */
  authorityHost: string;
  caPem: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The bot's application ID URI: the audience of a Teams SSO token. */
  ssoAudience: string;
}

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/**
 * Delegated tokens in demo mode, where Teams SSO is not available (the Playground has none). The demo
 * tenant's helper stands in for the Teams client and hands an SSO-style assertion for the person; the
 * exchange itself is the production one: on-behalf-of through @azure/identity against the tenant's
 * token endpoint. Credentials are kept per person so their token cache is reused.
 */
export class DemoUserTokenSources {
  private readonly credentials = new Map<string, OnBehalfOfCredential>();
  private readonly tokens = new Map<string, { token: string; expiresOnTimestamp: number }>();
  /**
   * One https agent for every person's credential: a policy (and so an agent) per credential parsed the
   * CA and made a TLS handshake per person, most of a first token's cost when a nudge pass reads the
   * digests of thousands of reviewers.
   */
  private readonly trustCa: ReturnType<typeof trustCertificatePolicy>;

  constructor(private readonly settings: DemoSsoSettings) {
    this.trustCa = trustCertificatePolicy(settings.caPem);
  }

  forUser(userId: string): GraphTokenSource {
    return {
      principal: userId,
      kind: "user",
      getToken: async () => {
        let credential = this.credentials.get(userId);
        if (!credential) {
          const options: OnBehalfOfCredentialSecretOptions & MultiTenantTokenCredentialOptions & { disableInstanceDiscovery: boolean } = {
            tenantId: this.settings.tenantId,
            clientId: this.settings.clientId,
            clientSecret: this.settings.clientSecret,
            userAssertionToken: await this.assertionFor(userId),
            authorityHost: this.settings.authorityHost,
            // Not in this credential's option type, but honoured by its MSAL client: the demo tenant is
            // its own authority, and discovery would otherwise ask Microsoft's cloud about it.
            disableInstanceDiscovery: true,
            additionalPolicies: [this.trustCa],
          };
          credential = new OnBehalfOfCredential(options);
          this.credentials.set(userId, credential);
        }
        const cached = this.tokens.get(userId);
        // Reused until five minutes before expiry: each getToken walks MSAL's silent flow otherwise.
        if (cached && cached.expiresOnTimestamp - 5 * 60_000 > Date.now()) return cached.token;
        try {
          const token = await credential.getToken(GRAPH_SCOPE);
          if (!token) throw new Error("no token");
          this.tokens.set(userId, token);
          return token.token;
        } catch (error) {
          // An expired assertion: the Teams client would hand a fresh one; so does the helper.
          this.credentials.delete(userId);
          throw new SignInRequiredError(userId, error);
        }
      },
    };
  }

  private async assertionFor(userId: string): Promise<string> {
    const res = await fetch(`${this.settings.demoTenantUrl}/_demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "user", userId, audience: this.settings.ssoAudience }),
    });
    if (!res.ok) throw new SignInRequiredError(userId, new Error(`demo tenant answered ${res.status} for ${userId}`));
    return ((await res.json()) as { access_token: string }).access_token;
  }
}
