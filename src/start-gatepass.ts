import { readFileSync } from "node:fs";
import { pino, type Logger } from "pino";
// A deep import: the package index loads AI planners Gatepass does not use (see create-teams-app.ts).
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { loadConfig, type Config } from "./config.js";
import type { Clock } from "./domain/clock.js";
import { RemoteDemoClock } from "./demo/remote-demo-clock.js";
import type { StartedDemoTenant } from "./demo-tenant/start-demo-tenant.js";
import type { DemoTenantOptions } from "./demo-tenant/demo-tenant.js";
import { DirectoryGateway } from "./governance/directory-gateway.js";
import { EntitlementGateway } from "./governance/entitlement-gateway.js";
import { GraphHttp } from "./governance/graph-http.js";
import { PimGateway } from "./governance/pim-gateway.js";
import { AccessReviewGateway } from "./governance/access-review-gateway.js";
import { CatalogOwnerGateway } from "./governance/catalog-owner-gateway.js";
import { createAppTokenSource } from "./identity/app-token-source.js";
import { DemoUserTokenSources } from "./identity/demo-user-token-source.js";
import type { GraphTokenSource } from "./identity/graph-token-source.js";
import { ProductionUserTokenSources } from "./identity/production-user-token-source.js";
import { openDb, AuditTrail, ConversationReferences, IdempotencyKeys, PostedCards, TokenCache, WriteTogether, type Db } from "./store/index.js";
import { createTeamsApp } from "./teams/create-teams-app.js";
import { TeamsSso } from "./teams/teams-sso.js";
import { startBotServer } from "./teams/bot-server.js";
import { ProactiveNotifier } from "./teams/proactive-notifier.js";
import { Gatepass } from "./use-cases/gatepass.js";
import { ReconcileLoop } from "./jobs/reconcile-loop.js";
import { NudgeLoop } from "./jobs/nudge-loop.js";
import { NudgePass } from "./use-cases/nudge-pass.js";
import { OwnerDigests } from "./use-cases/owner-digests.js";
import { TeamsAppGateway } from "./governance/teams-app-gateway.js";
import { NudgeLedger, NudgePacing, NudgeReachability, Preferences } from "./store/index.js";
import { ConversationSpacing } from "./use-cases/nudges/conversation-spacing.js";
import { NudgeSender } from "./use-cases/nudges/nudge-sender.js";
import { SharedTokenBucket } from "./use-cases/nudges/shared-token-bucket.js";
import { TokenBucket } from "./use-cases/nudges/token-bucket.js";

export interface StartGatepassOptions {
  /** Settings (process.env in production); see .env.sample. */
  env?: Record<string, string | undefined>;
  /** Options for the in-process demo tenant (tests freeze its clock, shrink its pages). */
  demoTenant?: DemoTenantOptions & { httpsPort?: number };
  /** How often the reconcile loop runs; 0 turns it off (tests run it by hand). */
  reconcileIntervalMs?: number;
  /** How often the nudge loop runs; 0 turns it off (tests run it by hand). */
  nudgeIntervalMs?: number;
  log?: Logger;
  /**
   * Production mode only: an extra certificate authority to trust for AUTHORITY_HOST (tests point
   * production mode at the demo tenant's https token endpoint, whose certificate is self-signed).
   */
  authorityCaPem?: string;
  /**
   * Replaces Bot Framework's credential factory (tests only: a factory that reports authentication as
   * disabled turns off JWT validation of incoming activities and tokens on outgoing ones).
   */
  botCredentialsFactory?: ConstructorParameters<typeof TeamsAdapter>[1];
  /**
   * An already open, migrated store to use instead of opening one from the settings; the caller keeps
   * owning it (`close()` leaves it open). Tests only: two instances on one embedded PGlite, which a
   * second process cannot open.
   */
  db?: Db;
}

export interface RunningGatepass {
  url: string;
  port: number;
  config: Config;
  gatepass: Gatepass;
  db: Db;
  demoTenant: StartedDemoTenant | null;
  reconcile: ReconcileLoop;
  /** Sends planned nudges once each, paced under the tenant's ceiling. */
  nudges: NudgeSender;
  /** Plans and sends nudges on a timer; tests call `runOnce()` after moving the demo clock. */
  nudgeLoop: NudgeLoop;
  log: Logger;
  close(): Promise<void>;
}

interface Tenancy {
  tenantId: string;
  graphBaseUrl: string;
  appId: string;
  appSecret: string;
  authorityHost: string;
  caPem: string | null;
  clock: Clock;
  userTokens: (userId: string) => GraphTokenSource;
  /** Production: delegated tokens through Teams SSO, cached in the store. */
  productionTokens: ProductionUserTokenSources | null;
  demoTenant: StartedDemoTenant | null;
  stop(): Promise<void>;
}

/**
 * The composition root: the one place that builds adapters and wires them. Demo and production differ
 * only here, in which URLs, credentials and clock they get (design.md).
 */
export async function startGatepass(options: StartGatepassOptions = {}): Promise<RunningGatepass> {
  const config = loadConfig(options.env ?? process.env);
  const log = options.log ?? pino({ level: config.logLevel, base: { service: "gatepass" } });
  const db = options.db ?? (await openDb({ databaseUrl: config.store.databaseUrl ?? undefined, pgliteDataDir: config.store.pgliteDataDir }));
  const tenancy = config.mode === "demo" ? await demoTenancy(config, options, log) : productionTenancy(config, db, options, log);

  const app = createAppTokenSource({
    tenantId: tenancy.tenantId,
    clientId: tenancy.appId,
    clientSecret: tenancy.appSecret,
    authorityHost: tenancy.authorityHost,
    caPem: tenancy.caPem,
  });
  const graph = new GraphHttp({ baseUrl: tenancy.graphBaseUrl });
  const adapter = new TeamsAdapter(
    {
      MicrosoftAppId: config.bot.appId ?? "",
      MicrosoftAppPassword: config.bot.appPassword ?? "",
      // Without an app id (demo mode only) authentication is off; botbuilder accepts that only as MultiTenant.
      MicrosoftAppType: config.bot.appId ? config.bot.appType : "MultiTenant",
      MicrosoftAppTenantId: config.bot.tenantId ?? "",
    },
    options.botCredentialsFactory,
  );
  const conversations = new ConversationReferences(db);
  const reachability = new NudgeReachability(db);
  const notifier = new ProactiveNotifier(adapter, config.bot.appId ?? "", tenancy.tenantId, conversations, {
    botId: `28:${tenancy.appId}`,
    serviceUrls: reachability,
    // Teams' global address in production unless set; in demo mode only a local connector (the
    // Playground's, a test's) is ever called, so nothing unless set.
    defaultServiceUrl: config.bot.serviceUrl ?? (config.mode === "demo" ? null : undefined),
    clock: tenancy.clock,
    log,
  });
  const directory = new DirectoryGateway(graph, app, { clock: tenancy.clock });
  const reviews = new AccessReviewGateway(graph, app);
  const gatepass = new Gatepass({
    clock: tenancy.clock,
    tenantId: tenancy.tenantId,
    entitlement: new EntitlementGateway(graph, app, tenancy.clock),
    directory,
    pim: new PimGateway(graph, app, { directory, clock: tenancy.clock, ...(config.pim.groupIds ? { groupIds: config.pim.groupIds } : {}) }),
    reviews,
    reachability,
    userTokens: tenancy.userTokens,
    conversations,
    cards: new PostedCards(db),
    idempotency: new IdempotencyKeys(db),
    audit: new AuditTrail(db),
    together: new WriteTogether(db),
    preferences: new Preferences(db),
    notifier,
    log,
  });
  const sso = tenancy.productionTokens
    ? new TeamsSso({ tokens: tenancy.productionTokens, botAppId: tenancy.appId, tenantId: tenancy.tenantId, signInLink: config.graph.ssoSignInLink!, log })
    : null;
  const teamsApp = createTeamsApp({ adapter, botAppId: config.bot.appId ?? "", gatepass, log, sso });
  const server = await startBotServer({ port: config.port, adapter, app: teamsApp, tenantId: tenancy.tenantId, log });
  const reconcile = new ReconcileLoop(gatepass, log, options.reconcileIntervalMs ?? config.reconcileIntervalMs);
  // Nudges reach people who never opened the bot by installing its Teams app: found in the org catalog by
  // its manifest id (TEAMS_APP_ID; the demo tenant's own in demo mode, which equals its bot app id).
  const teamsAppExternalId =
    config.bot.teamsAppId || tenancy.demoTenant?.tenant.state.settings.teamsAppExternalId || (config.mode === "demo" ? tenancy.appId : null);
  const nudges = new NudgeSender({
    ledger: new NudgeLedger(db),
    reachability,
    chats: notifier,
    installer: teamsAppExternalId ? new TeamsAppGateway(graph, app, { externalId: teamsAppExternalId, graphBaseUrl: tenancy.graphBaseUrl }) : null,
    // The ceiling holds for the tenant: through the store across instances on PostgreSQL; PGlite is one process.
    limiter:
      db.backend === "postgres"
        ? new SharedTokenBucket(new NudgePacing(db), `tenant:${tenancy.tenantId}`, config.nudges.ratePerSecond)
        : new TokenBucket(config.nudges.ratePerSecond),
    spacing: new ConversationSpacing(),
    audit: new AuditTrail(db),
    clock: tenancy.clock,
    log: log.child({ job: "nudges" }),
    onUnreachable: (aadObjectId) => gatepass.reachabilityChanged(aadObjectId),
  });
  const ownerDigestPeriod = config.nudges.ownerDigestPeriod;
  const ownerDigests = ownerDigestPeriod
    ? new OwnerDigests({
        period: ownerDigestPeriod,
        catalogs: new CatalogOwnerGateway(graph, app),
        reviews,
        reachability,
        people: gatepass.people,
        clock: tenancy.clock,
        log: log.child({ job: "owner-digests" }),
      })
    : null;
  const nudgeLoop = new NudgeLoop(
    new NudgePass(gatepass, nudges, new NudgeLedger(db), new Preferences(db), log.child({ job: "nudge-pass" }), ownerDigests),
    log,
    options.nudgeIntervalMs ?? config.nudgeIntervalMs,
  );
  reconcile.start();
  nudgeLoop.start();

  return {
    url: server.url,
    port: server.port,
    config,
    gatepass,
    db,
    demoTenant: tenancy.demoTenant,
    reconcile,
    nudges,
    nudgeLoop,
    log,
    async close() {
      await nudgeLoop.stop();
      await reconcile.stop();
      await server.close();
      if (!options.db) await db.close();
      await tenancy.stop();
    },
  };
}

async function demoTenancy(config: Config, options: StartGatepassOptions, log: Logger): Promise<Tenancy> {
  let demoTenant: StartedDemoTenant | null = null;
  let httpUrl: string;
  let httpsUrl: string;
  let caPem: string;
  let clock: Clock;
  let remoteClock: RemoteDemoClock | null = null;
  if (config.demo.tenantUrl) {
    httpUrl = config.demo.tenantUrl;
    if (!config.demo.authorityUrl || !config.demo.caFile) {
      throw new Error("DEMO_TENANT_URL needs DEMO_TENANT_AUTHORITY_URL and DEMO_TENANT_CA_FILE too (npm run demo-tenant prints both).");
    }
    httpsUrl = config.demo.authorityUrl;
    caPem = readFileSync(config.demo.caFile, "utf8");
    remoteClock = await new RemoteDemoClock(httpUrl).start();
    clock = remoteClock;
  } else {
    // Loaded only when the demo tenant runs in this process: a bot pointed at a demo tenant elsewhere
    // (DEMO_TENANT_URL) or at Entra never loads the emulator's code.
    const { startDemoTenant } = await import("./demo-tenant/start-demo-tenant.js");
    demoTenant = await startDemoTenant({
      httpsPort: 0,
      stateFile: config.demo.stateFile,
      log: (line) => log.info(line),
      ...options.demoTenant,
    });
    httpUrl = demoTenant.url;
    httpsUrl = demoTenant.httpsUrl!;
    caPem = demoTenant.caPem!;
    const tenantClock = demoTenant.tenant.clock;
    clock = { now: () => tenantClock.now() };
  }
  // The demo tenant says which tenant and bot registration it emulates, and the registration's secret
  // (from its scenario): nothing about a tenant is written into the bot.
  const described = (await (await fetch(`${httpUrl}/_demo`)).json()) as { tenantId: string; botAppId: string; botClientSecret: string };
  const appSecret = described.botClientSecret;
  const sources = new DemoUserTokenSources({
    demoTenantUrl: httpUrl,
    authorityHost: httpsUrl,
    caPem,
    tenantId: described.tenantId,
    clientId: described.botAppId,
    clientSecret: appSecret,
    ssoAudience: `api://botid-${described.botAppId}`,
  });
  return {
    tenantId: described.tenantId,
    graphBaseUrl: httpUrl,
    appId: described.botAppId,
    appSecret,
    authorityHost: httpsUrl,
    caPem,
    clock,
    // A source is a small object over the shared token cache: made per call, nothing kept per person here.
    userTokens: (userId) => sources.forUser(userId),
    productionTokens: null,
    demoTenant,
    async stop() {
      remoteClock?.stop();
      await demoTenant?.close();
    },
  };
}

function productionTenancy(config: Config, db: Db, options: StartGatepassOptions, log: Logger): Tenancy {
  const tenantId = config.bot.tenantId!;
  const clock: Clock = { now: () => new Date() };
  const caPem = options.authorityCaPem ?? null;
  // Delegated tokens: Teams SSO exchanged on behalf of the person, MSAL's cache in the store, encrypted
  // with TOKEN_CACHE_KEY (docs/production-sso.md).
  const tokens = new ProductionUserTokenSources({
    settings: { tenantId, clientId: config.bot.appId!, clientSecret: config.bot.appPassword!, authorityHost: config.graph.authorityHost, caPem },
    store: new TokenCache(db, config.store.tokenCacheKey!),
    clock,
    log,
  });
  return {
    tenantId,
    graphBaseUrl: config.graph.baseUrl,
    appId: config.bot.appId!,
    appSecret: config.bot.appPassword!,
    authorityHost: config.graph.authorityHost,
    caPem,
    clock,
    userTokens: (userId) => tokens.forUser(userId),
    productionTokens: tokens,
    demoTenant: null,
    async stop() {},
  };
}
