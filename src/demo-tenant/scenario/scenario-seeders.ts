import type { ScenarioContext } from "./scenario-context.js";
import { seedEntitlement } from "./seed-entitlement.js";
import { seedAccessReviews } from "./seed-access-reviews.js";
import { seedPim } from "./seed-pim.js";

/** The area seeders after the directory, each reading its own scenario file. */
export const scenarioSeeders: { file: string; seed: (ctx: ScenarioContext, raw: unknown) => void }[] = [
  { file: "entitlement.yaml", seed: seedEntitlement },
  { file: "access-reviews.yaml", seed: seedAccessReviews },
  { file: "pim.yaml", seed: seedPim },
];
