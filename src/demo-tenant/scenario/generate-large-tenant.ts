import type { ScenarioContext } from "./scenario-context.js";

export interface LargeTenantOptions {
  users: number;
  accessPackages: number;
  assignments: number;
  reviewDecisions: number;
}

export const LARGE_TENANT_DEFAULTS: LargeTenantOptions = { users: 50_000, accessPackages: 2_000, assignments: 100_000, reviewDecisions: 20_000 };

/** Placeholder until the scale generator lands. */
export function generateLargeTenant(_ctx: ScenarioContext, _options: LargeTenantOptions): void {}
