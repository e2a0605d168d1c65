import { randomUUID } from "node:crypto";
import { Table } from "./table.js";
import { Timeline, type TimelineEvent } from "./timeline.js";
import type {
  AccessPackageRecord,
  AccessReviewDecisionRecord,
  AccessReviewDefinitionRecord,
  AccessReviewInstanceRecord,
  ActiveAssignmentRecord,
  ApplicationRecord,
  AssignmentPolicyRecord,
  AssignmentRecord,
  AssignmentRequestRecord,
  CatalogRecord,
  EligibilityRecord,
  GroupRecord,
  InstalledAppRecord,
  PimRequestRecord,
  ResourceRecord,
  RoleDefinitionRecord,
  RoleManagementPolicyRecord,
  TeamsAppRecord,
  UserRecord,
} from "./model.js";

export interface TenantSettings {
  tenantId: string;
  displayName: string;
  /** The verified domain user principal names end with. */
  defaultDomain: string;
  /** Items per page of a collection before `@odata.nextLink`; small values exercise the bot's paging. */
  pageSize: number;
  /** How long Entra takes from approval to a delivered assignment (ISO duration). */
  deliveryDelay: string;
  /** The `appId` of the bot's own registration. */
  botAppId: string;
  /** The manifest id of the bot's Teams app, as `externalId` in the org app catalog. */
  teamsAppExternalId: string;
}

/** Runs one due lifecycle event at its own instant (`at`), which may be earlier than the clock. */
export type LifecycleHandler = (state: TenantState, event: TimelineEvent, at: Date) => void;

/**
 * Everything the demo tenant knows, in memory: directory, entitlement management, access reviews, PIM
 * and Teams app installations, plus the timeline of lifecycle events still to happen.
 */
export class TenantState {
  readonly users = new Table<UserRecord>("users").index("managerId", (u) => u.managerId).index("upn", (u) => u.userPrincipalName.toLowerCase());
  readonly groups = new Table<GroupRecord>("groups");
  readonly applications = new Table<ApplicationRecord>("applications").index("appId", (a) => a.appId);
  readonly catalogs = new Table<CatalogRecord>("catalogs");
  readonly resources = new Table<ResourceRecord>("resources").index("catalogId", (r) => r.catalogId);
  readonly accessPackages = new Table<AccessPackageRecord>("accessPackages").index("catalogId", (p) => p.catalogId);
  readonly policies = new Table<AssignmentPolicyRecord>("policies").index("accessPackageId", (p) => p.accessPackageId);
  readonly requests = new Table<AssignmentRequestRecord>("requests")
    .index("targetId", (r) => r.targetId)
    .index("accessPackageId", (r) => r.accessPackageId);
  readonly assignments = new Table<AssignmentRecord>("assignments")
    .index("targetId", (a) => a.targetId)
    .index("accessPackageId", (a) => a.accessPackageId);
  readonly reviewDefinitions = new Table<AccessReviewDefinitionRecord>("reviewDefinitions");
  readonly reviewInstances = new Table<AccessReviewInstanceRecord>("reviewInstances").index("definitionId", (i) => i.definitionId);
  readonly reviewDecisions = new Table<AccessReviewDecisionRecord>("reviewDecisions").index("instanceId", (d) => d.instanceId);
  readonly roleDefinitions = new Table<RoleDefinitionRecord>("roleDefinitions");
  readonly eligibilities = new Table<EligibilityRecord>("eligibilities").index("principalId", (e) => e.principalId);
  readonly pimRequests = new Table<PimRequestRecord>("pimRequests").index("principalId", (r) => r.principalId);
  readonly activeAssignments = new Table<ActiveAssignmentRecord>("activeAssignments").index("principalId", (a) => a.principalId);
  readonly roleManagementPolicies = new Table<RoleManagementPolicyRecord>("roleManagementPolicies");
  readonly teamsApps = new Table<TeamsAppRecord>("teamsApps");
  readonly installedApps = new Table<InstalledAppRecord>("installedApps").index("userId", (i) => i.userId);

  readonly timeline = new Timeline();
  private readonly handlers = new Map<string, LifecycleHandler>();

  constructor(public settings: TenantSettings) {}

  private get tables(): Table<{ id: string }>[] {
    return [
      this.users, this.groups, this.applications, this.catalogs, this.resources, this.accessPackages, this.policies,
      this.requests, this.assignments, this.reviewDefinitions, this.reviewInstances, this.reviewDecisions,
      this.roleDefinitions, this.eligibilities, this.pimRequests, this.activeAssignments,
      this.roleManagementPolicies, this.teamsApps, this.installedApps,
    ] as unknown as Table<{ id: string }>[];
  }

  newId(): string {
    return randomUUID();
  }

  /** Registers what happens when events of `kind` fall due. */
  onEvent(kind: string, handler: LifecycleHandler): void {
    this.handlers.set(kind, handler);
  }

  schedule(at: Date | string, kind: string, id: string): void {
    this.timeline.schedule(typeof at === "string" ? Date.parse(at) : at.getTime(), kind, id);
  }

  /**
   * Plays every lifecycle event due up to `nowMs`, in time order, each at its own instant, so a clock
   * moved three days at once still escalates before it denies and delivers before it expires.
   */
  runDue(nowMs: number): number {
    let ran = 0;
    for (let event = this.timeline.popDue(nowMs); event; event = this.timeline.popDue(nowMs)) {
      const handler = this.handlers.get(event.kind);
      if (!handler) throw new Error(`No lifecycle handler for '${event.kind}'`);
      handler(this, event, new Date(event.atMs));
      ran++;
    }
    return ran;
  }

  /** A plain-JSON copy of the whole tenant, for persisting to a file. */
  snapshot(): TenantSnapshot {
    const tables: Record<string, unknown[]> = {};
    for (const table of this.tables) tables[table.name] = table.all();
    return { version: 1, settings: this.settings, tables, timeline: this.timeline.toJSON() };
  }

  restore(snapshot: TenantSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`Unsupported demo tenant snapshot version ${snapshot.version}`);
    this.settings = snapshot.settings;
    for (const table of this.tables) {
      table.clear();
      for (const row of (snapshot.tables[table.name] ?? []) as { id: string }[]) table.insert(row);
    }
    this.timeline.load(snapshot.timeline);
  }

  clear(): void {
    for (const table of this.tables) table.clear();
    this.timeline.clear();
  }
}

export interface TenantSnapshot {
  version: 1;
  settings: TenantSettings;
  tables: Record<string, unknown[]>;
  timeline: TimelineEvent[];
}
