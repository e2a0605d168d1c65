import type { ScenarioContext } from "./scenario-context.js";

/** Seeds scenario/pim.yaml. (Placeholder until the area lands.) */
export function seedPim(_ctx: ScenarioContext, _raw: unknown): void {}
