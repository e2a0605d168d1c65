import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ZodError } from "zod";
import type { TenantState } from "../state/tenant-state.js";
import { seedPeople, seedTenant } from "./seed-directory.js";
import { ScenarioContext, ScenarioError } from "./scenario-context.js";
import { scenarioSeeders } from "./scenario-seeders.js";

/** The scenario shipped with the project: a small AI-forward company, its tools and its pending work. */
export const DEFAULT_SCENARIO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "contoso");

/** Scenario files, in the order they are seeded: later files refer to earlier files' aliases. */
const FILES = ["tenant.yaml", "people.yaml", ...scenarioSeeders.map((s) => s.file)];

export type ScenarioDocuments = Record<string, unknown>;

export function readScenarioDir(dir: string): ScenarioDocuments {
  if (!existsSync(path.join(dir, "tenant.yaml"))) {
    throw new ScenarioError(`No tenant.yaml in scenario folder '${dir}'. Point DEMO_TENANT_SCENARIO at a folder like src/demo-tenant/scenario/contoso.`);
  }
  const docs: ScenarioDocuments = {};
  for (const file of FILES) {
    const full = path.join(dir, file);
    if (!existsSync(full)) continue;
    try {
      docs[file] = parse(readFileSync(full, "utf8"));
    } catch (error) {
      throw new ScenarioError(`Scenario file ${full} is not valid YAML: ${(error as Error).message}`);
    }
  }
  return docs;
}

/**
 * Fills an empty tenant from scenario documents, anchored at `now`: offsets in the files (`-P2D`,
 * `PT3H`) become instants relative to it, and lifecycle events are scheduled from there.
 */
export function seedScenario(state: TenantState, docs: ScenarioDocuments, now: Date): ScenarioContext {
  const ctx = new ScenarioContext(state, now);
  const step = (file: string, seed: (ctx: ScenarioContext, raw: unknown) => void) => {
    if (docs[file] === undefined) return;
    try {
      seed(ctx, docs[file]);
    } catch (error) {
      if (error instanceof ZodError) {
        const detail = error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
        throw new ScenarioError(`Scenario file ${file} does not fit its format: ${detail}`);
      }
      if (error instanceof ScenarioError) throw new ScenarioError(`${file}: ${error.message}`);
      throw error;
    }
  };
  step("tenant.yaml", seedTenant);
  step("people.yaml", seedPeople);
  for (const seeder of scenarioSeeders) step(seeder.file, seeder.seed);
  return ctx;
}
