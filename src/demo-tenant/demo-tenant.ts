import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { DemoClock } from "./clock/demo-clock.js";
import { DemoTokenSigner } from "./auth/demo-token-signer.js";
import { FaultInjector } from "./faults/fault-injector.js";
import { RouteTable } from "./http/route-table.js";
import { allGraphRoutes, registerLifecycles } from "./routes/graph-routes.js";
import { TenantState, type TenantSnapshot } from "./state/tenant-state.js";
import { DEFAULT_SCENARIO_DIR, readScenarioDir, seedScenario, type ScenarioDocuments } from "./scenario/load-scenario.js";
import { generateLargeTenant, type LargeTenantOptions } from "./scenario/generate-large-tenant.js";

export interface DemoTenantOptions {
  /** Folder of scenario YAML files; the shipped Contoso scenario by default. */
  scenarioDir?: string;
  /** Adds a generated large population on top of the scenario, for benchmarks. */
  large?: LargeTenantOptions | null;
  /** Overrides the scenario's page size (small values exercise paging). */
  pageSize?: number;
  /** Persists the tenant to this JSON file after changes and reloads it at start. */
  stateFile?: string | null;
  /** Starts the demo clock at this instant instead of real time. */
  startAt?: Date;
  /** Freezes the demo clock, so only `/_demo/clock` moves it (deterministic tests). */
  frozenClock?: boolean;
  /** Where diagnostics go; silent by default. */
  log?: (line: string) => void;
}

/** The emulated tenant: state, clock, tokens, faults and routes, without any HTTP. */
export class DemoTenant {
  readonly clock = new DemoClock();
  readonly faults = new FaultInjector();
  readonly routes = new RouteTable().add(...allGraphRoutes());
  readonly state: TenantState;
  readonly signer: DemoTokenSigner;
  private readonly docs: ScenarioDocuments;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DemoTenantOptions = {}) {
    this.docs = readScenarioDir(options.scenarioDir ?? DEFAULT_SCENARIO_DIR);
    this.state = new TenantState({
      tenantId: "",
      displayName: "",
      defaultDomain: "",
      pageSize: options.pageSize ?? 0,
      deliveryDelay: "PT10S",
      botAppId: "",
      teamsAppExternalId: "",
    });
    registerLifecycles(this.state);
    // Freeze before setting: a frozen clock set to `startAt` reads exactly it, not the milliseconds later it froze.
    if (options.frozenClock) this.clock.freeze();
    if (options.startAt) this.clock.set(options.startAt);
    // A fresh secret per process: tokens from an earlier run are refused, as a rotated key would make them.
    const secret = randomBytes(32).toString("hex");
    if (!this.loadSaved()) this.seed();
    this.signer = new DemoTokenSigner(secret, this.state.settings.tenantId);
  }

  log(line: string): void {
    this.options.log?.(line);
  }

  /** Plays lifecycle events due by the demo clock and returns its time. */
  catchUp(): Date {
    const now = this.clock.now();
    this.state.runDue(now.getTime());
    return now;
  }

  /** Back to the scenario as seeded now: every object, fault and lifecycle event starts over. */
  reset(): void {
    this.faults.clear();
    this.seed();
    this.changed();
  }

  mintAppToken(): string {
    const bot = this.bot();
    return this.signer.mintApp(bot.appId, bot.applicationPermissions);
  }

  /** A delegated Graph token for a person, or (with `audience`) an SSO-style assertion for on-behalf-of. */
  mintUserToken(userId: string, audience?: string): string {
    const bot = this.bot();
    return this.signer.mintUser(bot.appId, userId, audience ? [] : bot.delegatedPermissions, audience);
  }

  /**
   * The bot registration's client secret as the scenario sets it (tenant.yaml). Demo-only: it lets the
   * bot and tests use the real credential flows without the secret being written anywhere else.
   */
  botClientSecret(): string {
    return this.bot().clientSecret ?? "";
  }

  clockState(): { now: string; frozen: boolean } {
    return { now: this.clock.now().toISOString(), frozen: this.clock.frozen };
  }

  describe(): Record<string, unknown> {
    const s = this.state;
    return {
      tenantId: s.settings.tenantId,
      displayName: s.settings.displayName,
      botAppId: s.settings.botAppId,
      // Demo-only, like the rest of /_demo: the scenario's own credential for the bot's registration.
      botClientSecret: this.botClientSecret(),
      clock: this.clockState(),
      counts: {
        users: s.users.size,
        groups: s.groups.size,
        accessPackages: s.accessPackages.size,
        assignmentPolicies: s.policies.size,
        assignmentRequests: s.requests.size,
        assignments: s.assignments.size,
        accessReviewInstances: s.reviewInstances.size,
        accessReviewDecisions: s.reviewDecisions.size,
        roleEligibilities: s.eligibilities.size,
        pimRequests: s.pimRequests.size,
      },
      faults: this.faults.describe(),
    };
  }

  /** Called after every mutation; persists (debounced) when a state file is configured. */
  changed(): void {
    if (!this.options.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saveNow();
    }, 200);
    this.saveTimer.unref();
  }

  saveNow(): void {
    const file = this.options.stateFile;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const saved: SavedDemoTenant = { clock: this.clock.toJSON(), tenant: this.state.snapshot() };
    writeFileSync(`${file}.tmp`, JSON.stringify(saved));
    renameSync(`${file}.tmp`, file);
  }

  private bot() {
    const bot = this.state.applications.by("appId", this.state.settings.botAppId)[0];
    if (!bot) throw new Error("The scenario has no bot registration (tenant.yaml: bot).");
    return bot;
  }

  private seed(): void {
    this.state.clear();
    const pageSize = this.options.pageSize;
    const ctx = seedScenario(this.state, this.docs, this.clock.now());
    if (pageSize) this.state.settings.pageSize = pageSize;
    if (this.options.large) {
      const g = generateLargeTenant(ctx, this.options.large);
      this.log(`demo tenant: generated ${g.users} people, ${g.accessPackages} packages, ${g.assignments} assignments, ${g.requests} requests, ${g.reviewDecisions} review decisions in ${g.elapsedMs} ms`);
    }
    this.state.runDue(this.clock.nowMs());
  }

  private loadSaved(): boolean {
    const file = this.options.stateFile;
    if (!file || !existsSync(file)) return false;
    const saved = JSON.parse(readFileSync(file, "utf8")) as SavedDemoTenant;
    this.state.restore(saved.tenant);
    this.clock.restore(saved.clock);
    this.log(`demo tenant: restored from ${file}`);
    return true;
  }
}

interface SavedDemoTenant {
  clock: ReturnType<DemoClock["toJSON"]>;
  tenant: TenantSnapshot;
}
