/**
 * Optional vitest `globalSetup` entry: fills the disk cache of the Graph descriptions once, in the main
 * process, before test workers start (otherwise the first worker that needs them parses the YAML, ~4-5 s,
 * while the others wait on its lock file). Wire it up with
 *   test: { globalSetup: ["test/support/graph-schema/global-setup.ts"] }
 */
import { loadGraphOpenApiWithInfo } from "./load-graph-openapi.js";
import { loadGraphTypesWithInfo } from "./load-graph-types.js";

export default function setup(): void {
  loadGraphOpenApiWithInfo();
  loadGraphTypesWithInfo();
}
