import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  // Bot registration (Azure Bot Service). Empty means Bot Framework authentication is off: demo only.
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(["SingleTenant", "MultiTenant", "UserAssignedMSI"]).default("SingleTenant"),
  MicrosoftAppTenantId: optionalText,
  /** The Teams app's manifest id, to find it in the org app catalog when installing it for people. */
  TEAMS_APP_ID: optionalText,
  /** The Bot Connector address for opening chats before any conversation told the tenant's own. */
  TEAMS_SERVICE_URL: optionalText.pipe(z.string().url().optional()),
  /** The ceiling of proactive sends per second for the tenant, shared by every bot instance (Teams allows 50). */
  NUDGE_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(50),
  /** How often owners of reviews and catalogs get a progress digest, at their morning: daily, weekly (from Monday) or off. */
  OWNER_DIGEST_PERIOD: z.enum(["daily", "weekly", "off"]).default("daily"),
  /**
   * The groups under PIM for Groups, comma-separated object ids. Graph has no list of them, so without this
   * the bot probes every group for a PIM policy (fine for hundreds of groups, slow for tens of thousands).
   */
  PIM_GROUP_IDS: optionalText.pipe(
    z
      .string()
      .transform((s) => s.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(z.string().uuid({ message: "PIM_GROUP_IDS must be group object ids (GUIDs), separated by commas." })))
      .optional(),
  ),

  // Entra and Graph. Base URLs are settings so that tests and the demo tenant can stand in for them.
  GRAPH_BASE_URL: z.string().url().default("https://graph.microsoft.com"),
  AUTHORITY_HOST: z.string().url().default("https://login.microsoftonline.com"),
  /** The page the Teams SSO consent flow opens (teams-ai's `signInLink`). */
  SSO_SIGN_IN_LINK: optionalText,

  /** How often the bot re-reads open requests from Entra to update cards (seconds). */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** How often the bot plans and sends nudges (seconds). */
  NUDGE_INTERVAL_SECONDS: z.coerce.number().min(0).max(3600).default(60),

  // State.
  DATABASE_URL: optionalText,
  PGLITE_DATA_DIR: z.string().default(".data/pglite"),
  /** Key for the delegated-token cache at rest (any passphrase; derived to 256 bits). */
  TOKEN_CACHE_KEY: optionalText,

  // Demo mode: the demo tenant instead of Microsoft's cloud.
  GATEPASS_MODE: z.enum(["auto", "demo", "production"]).default("auto"),
  /** An already running demo tenant (`npm run demo-tenant`); started in-process when empty. */
  DEMO_TENANT_URL: optionalText,
  DEMO_TENANT_AUTHORITY_URL: optionalText,
  DEMO_TENANT_CA_FILE: optionalText,
  DEMO_TENANT_STATE_FILE: optionalText,

  // Optional language model for understanding requests; plain matching works without it.
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  AZURE_OPENAI_ENDPOINT: optionalText,
  AZURE_OPENAI_API_KEY: optionalText,
  AZURE_OPENAI_DEPLOYMENT: optionalText,
});

export type RawConfig = z.infer<typeof schema>;

/** The bot's settings, validated once at start. */
export interface Config {
  port: number;
  logLevel: RawConfig["LOG_LEVEL"];
  reconcileIntervalMs: number;
  nudgeIntervalMs: number;
  /** Demo mode runs against the demo tenant with Bot Framework authentication off. */
  mode: "demo" | "production";
  bot: { appId: string | null; appPassword: string | null; appType: RawConfig["MicrosoftAppType"]; tenantId: string | null; teamsAppId: string | null; serviceUrl: string | null };
  /** `ownerDigestPeriod` is null when owners' digests are off. */
  nudges: { ratePerSecond: number; ownerDigestPeriod: "daily" | "weekly" | null };
  /** The groups under PIM for Groups when named (PIM_GROUP_IDS); null: found by probing every group. */
  pim: { groupIds: string[] | null };
  graph: { baseUrl: string; authorityHost: string; ssoSignInLink: string | null };
  store: { databaseUrl: string | null; pgliteDataDir: string; tokenCacheKey: string | null };
  demo: { tenantUrl: string | null; authorityUrl: string | null; caFile: string | null; stateFile: string | null };
  ai: { openAiKey: string | null; openAiModel: string; azureEndpoint: string | null; azureKey: string | null; azureDeployment: string | null };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "ConfigInvalid";
}

/**
 * Reads and checks the settings from an environment (process.env in production, a plain object in tests).
 * Fails with sentences that say which setting to fix.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Some settings are not valid:\n${lines.join("\n")}\nSee .env.sample for what each one means.`);
  }
  const e = parsed.data;
  const mode = e.GATEPASS_MODE === "auto" ? (e.MicrosoftAppId ? "production" : "demo") : e.GATEPASS_MODE;
  if (mode === "production") {
    const missing = [
      ["MicrosoftAppId", e.MicrosoftAppId],
      ["MicrosoftAppPassword", e.MicrosoftAppPassword],
      ["MicrosoftAppTenantId", e.MicrosoftAppTenantId],
      ["TOKEN_CACHE_KEY", e.TOKEN_CACHE_KEY],
      ["SSO_SIGN_IN_LINK", e.SSO_SIGN_IN_LINK],
    ]
      .filter(([, value]) => !value)
      .map(([name]) => name);
    if (missing.length > 0) {
      throw new ConfigError(
        `Production mode needs ${missing.join(", ")}. Bot Framework authentication and Teams SSO cannot run without them; ` +
          "leave MicrosoftAppId empty (or set GATEPASS_MODE=demo) to run on the demo tenant instead.",
      );
    }
    if (!isHttpsUrl(e.SSO_SIGN_IN_LINK!)) {
      throw new ConfigError("SSO_SIGN_IN_LINK must be an https address: Teams opens it in a sign-in window (see docs/production-sso.md).");
    }
  }
  return {
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_SECONDS * 1000,
    nudgeIntervalMs: e.NUDGE_INTERVAL_SECONDS * 1000,
    mode,
    bot: {
      appId: e.MicrosoftAppId ?? null,
      appPassword: e.MicrosoftAppPassword ?? null,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? null,
      teamsAppId: e.TEAMS_APP_ID ?? null,
      serviceUrl: e.TEAMS_SERVICE_URL ?? null,
    },
    nudges: { ratePerSecond: e.NUDGE_RATE_PER_SECOND, ownerDigestPeriod: e.OWNER_DIGEST_PERIOD === "off" ? null : e.OWNER_DIGEST_PERIOD },
    pim: { groupIds: e.PIM_GROUP_IDS ?? null },
    graph: { baseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ""), authorityHost: e.AUTHORITY_HOST.replace(/\/+$/, ""), ssoSignInLink: e.SSO_SIGN_IN_LINK ?? null },
    store: { databaseUrl: e.DATABASE_URL ?? null, pgliteDataDir: e.PGLITE_DATA_DIR, tokenCacheKey: e.TOKEN_CACHE_KEY ?? null },
    demo: {
      tenantUrl: e.DEMO_TENANT_URL ?? null,
      authorityUrl: e.DEMO_TENANT_AUTHORITY_URL ?? null,
      caFile: e.DEMO_TENANT_CA_FILE ?? null,
      // The embedded store survives restarts, so the demo tenant does too unless told otherwise.
      stateFile: e.DEMO_TENANT_STATE_FILE ?? (mode === "demo" ? ".data/demo-tenant.json" : null),
    },
    ai: {
      openAiKey: e.OPENAI_API_KEY ?? null,
      openAiModel: e.OPENAI_MODEL,
      azureEndpoint: e.AZURE_OPENAI_ENDPOINT ?? null,
      azureKey: e.AZURE_OPENAI_API_KEY ?? null,
      azureDeployment: e.AZURE_OPENAI_DEPLOYMENT ?? null,
    },
  };
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
