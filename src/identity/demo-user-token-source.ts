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
/** People whose delegated tokens are kept at once; beyond it the oldest exchange is forgotten. */
const MAX_CACHED_TOKENS = 5_000;

/**
 * Delegated tokens in demo mode, where Teams SSO is not available (the Playground has none). The demo
 * tenant's helper stands in for the Teams client and hands an SSO-style assertion for the person; the
 * exchange itself is the production one: on-behalf-of through @azure/identity against the tenant's
 * token endpoint. Each person's token is kept until shortly before it expires (at most MAX_CACHED_TOKENS).
 */
export class DemoUserTokenSources {
  private readonly tokens = new Map<string, { token: string; expiresOnTimestamp: number }>();
  private readonly pending = new Map<string, Promise<string>>();
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
        const cached = this.tokens.get(userId);
        // Reused until five minutes before expiry: each exchange is an assertion and an on-behalf-of call.
        if (cached && cached.expiresOnTimestamp - 5 * 60_000 > Date.now()) return cached.token;
        let pending = this.pending.get(userId);
        if (!pending) {
          pending = this.exchange(userId).finally(() => this.pending.delete(userId));
          this.pending.set(userId, pending);
        }
        return pending;
      },
    };
  }

  /**
   * One on-behalf-of exchange with a credential made for it and dropped after: only the token is kept
   * (bounded, oldest first out), so memory does not grow with everyone who ever talked to the bot.
   */
  private async exchange(userId: string): Promise<string> {
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
    try {
      const token = await new OnBehalfOfCredential(options).getToken(GRAPH_SCOPE);
      if (!token) throw new Error("no token");
      this.tokens.delete(userId);
      this.tokens.set(userId, token);
      if (this.tokens.size > MAX_CACHED_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
      return token.token;
    } catch (error) {
      // An expired or refused assertion: the Teams client would hand a fresh one next time; so does the helper.
      throw new SignInRequiredError(userId, error);
    }
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
