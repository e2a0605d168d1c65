import type { ScenarioContext } from "./scenario-context.js";

/** Seeds scenario/entitlement.yaml. (Placeholder until the area lands.) */
export function seedEntitlement(_ctx: ScenarioContext, _raw: unknown): void {}
