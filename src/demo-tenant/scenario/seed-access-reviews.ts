import type { ScenarioContext } from "./scenario-context.js";

/** Seeds scenario/access-reviews.yaml. (Placeholder until the area lands.) */
export function seedAccessReviews(_ctx: ScenarioContext, _raw: unknown): void {}
