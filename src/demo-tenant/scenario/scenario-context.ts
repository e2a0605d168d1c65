import { parseIsoDuration } from "../clock/iso-duration.js";
import type { ApplicationRecord } from "../state/model.js";
import type { TenantState } from "../state/tenant-state.js";

/**
 * What seeders share while loading a scenario: the state being filled, the instant the scenario is
 * anchored at (times in the files are offsets from it, so a seeded tenant is always "current"), and the
 * aliases the files use for people, groups and apps.
 */
export class ScenarioContext {
  readonly userAliases = new Map<string, string>();
  readonly groupAliases = new Map<string, string>();
  readonly appAliases = new Map<string, ApplicationRecord>();
  /** Ids of seeded objects by scenario alias, for seeders that refer to each other's objects. */
  readonly objectAliases = new Map<string, string>();

  constructor(
    readonly state: TenantState,
    readonly now: Date,
  ) {}

  userId(alias: string): string {
    const id = this.userAliases.get(alias.toLowerCase());
    if (!id) throw new ScenarioError(`Unknown person '${alias}': add them to people.yaml or fix the alias.`);
    return id;
  }

  groupId(alias: string): string {
    const id = this.groupAliases.get(alias.toLowerCase());
    if (!id) throw new ScenarioError(`Unknown group '${alias}': add it to people.yaml's groups or fix the alias.`);
    return id;
  }

  app(alias: string): ApplicationRecord {
    const app = this.appAliases.get(alias.toLowerCase());
    if (!app) throw new ScenarioError(`Unknown application '${alias}': add it to tenant.yaml's applications.`);
    return app;
  }

  objectId(alias: string): string {
    const id = this.objectAliases.get(alias);
    if (!id) throw new ScenarioError(`Unknown scenario object '${alias}'.`);
    return id;
  }

  /** The instant `offset` (an ISO duration such as `-P2D` or `PT3H`) from the anchor, as ISO text. */
  at(offset: string): string {
    return new Date(this.now.getTime() + parseIsoDuration(offset)).toISOString();
  }

  /** A stable id for a seeded object: the file's id when given, otherwise a fresh one. */
  idFor(given: string | undefined): string {
    return given ?? this.state.newId();
  }
}

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}
