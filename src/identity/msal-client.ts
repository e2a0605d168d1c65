import { createRequire } from "node:module";
import type { AgentOptions } from "node:https";
import type { Logger } from "pino";

// The MSAL that teams-ai uses for Teams SSO (its own @azure/msal-node 2.x, nested under it), so that
// the tokens teams-ai's sign-in writes and the ones Gatepass reads go through one version of MSAL and
// one cache format. @azure/identity brings a newer major at the top level; it is not used here.
const requireFromTeamsAi = createRequire(createRequire(import.meta.url).resolve("@microsoft/teams-ai"));
const msalNode = requireFromTeamsAi("@azure/msal-node") as {
  ConfidentialClientApplication: new (configuration: MsalConfiguration) => MsalClient;
};

/** The part of MSAL's AccountInfo Gatepass uses. */
export interface MsalAccount {
  homeAccountId: string;
  environment: string;
  tenantId: string;
  username: string;
  localAccountId: string;
  name?: string;
}

export interface MsalResult {
  accessToken: string;
  expiresOn: Date | null;
  account: MsalAccount | null;
  fromCache: boolean;
}

/** What a cache plugin sees of MSAL's serializable token cache. */
export interface MsalCacheContext {
  readonly cacheHasChanged: boolean;
  readonly tokenCache: { serialize(): string; deserialize(cache: string): void };
}

/** MSAL's ICachePlugin, narrowed to what Gatepass implements (assignable to teams-ai's MSAL type). */
export interface MsalCachePlugin {
  beforeCacheAccess: (context: MsalCacheContext) => Promise<void>;
  afterCacheAccess: (context: MsalCacheContext) => Promise<void>;
}

/** The part of MSAL's ConfidentialClientApplication Gatepass uses. */
export interface MsalClient {
  getTokenCache(): { getAllAccounts(): Promise<MsalAccount[]>; serialize(): string };
  acquireTokenSilent(request: { account: MsalAccount; scopes: string[] }): Promise<MsalResult | null>;
  acquireTokenOnBehalfOf(request: { oboAssertion: string; scopes: string[] }): Promise<MsalResult | null>;
}

/** MSAL's Configuration, narrowed to the settings Gatepass sets (assignable to teams-ai's `msalConfig`). */
export interface MsalConfiguration {
  auth: { clientId: string; clientSecret: string; authority: string; knownAuthorities?: string[] };
  cache?: { cachePlugin?: MsalCachePlugin };
  system?: {
    customAgentOptions?: AgentOptions;
    loggerOptions?: { loggerCallback: (level: number, message: string, containsPii: boolean) => void; piiLoggingEnabled: boolean; logLevel: number };
  };
}

export interface MsalSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra's login host, or the demo tenant's https address. */
  authorityHost: string;
  /**
   * An extra certificate authority to trust (the demo tenant's). Its presence also marks the authority
   * as not Microsoft's, so MSAL trusts it as given instead of asking Microsoft's instance discovery.
   */
  caPem?: string | null;
}

// MSAL's LogLevel: Error 0, Warning 1.
const MSAL_WARNING = 1;

/** The MSAL configuration for the bot's registration, with the given cache plugin. */
export function msalConfiguration(settings: MsalSettings, cachePlugin: MsalCachePlugin, log: Logger): MsalConfiguration {
  const authorityHost = settings.authorityHost.replace(/\/+$/, "");
  return {
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: `${authorityHost}/${settings.tenantId}`,
      ...(settings.caPem ? { knownAuthorities: [new URL(authorityHost).host] } : {}),
    },
    cache: { cachePlugin },
    system: {
      ...(settings.caPem ? { customAgentOptions: { ca: settings.caPem, keepAlive: true } } : {}),
      loggerOptions: {
        // Only warnings and errors, never messages MSAL marks as containing personal data.
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          if (level === 0) log.error({ msal: message }, "MSAL error");
          else log.warn({ msal: message }, "MSAL warning");
        },
        piiLoggingEnabled: false,
        logLevel: MSAL_WARNING,
      },
    },
  };
}

export function createMsalClient(configuration: MsalConfiguration): MsalClient {
  return new msalNode.ConfidentialClientApplication(configuration);
}

/** MSAL says the person must sign in again (no account, no usable refresh token, consent revoked...). */
export function isInteractionRequired(error: unknown): boolean {
  const e = error as { name?: string; errorCode?: string } | null;
  return e?.name === "InteractionRequiredAuthError" || e?.errorCode === "no_account_in_silent_request" || e?.errorCode === "no_tokens_found";
}
