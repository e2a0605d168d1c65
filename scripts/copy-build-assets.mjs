// Copies the files the compiled code reads from disk next to itself, which tsc does not emit:
// the store's SQL migrations (src/store/load-migrations.ts) and the demo tenant's scenario
// (src/demo-tenant/scenario/load-scenario.ts, read only in demo mode). Card templates are not copied:
// src/teams/cards/render-card.ts reads them from the repository's adaptiveCards/, three folders above
// dist/teams/cards, so a deployment keeps adaptiveCards/ beside dist/ (infra/Dockerfile does).
//
// `node scripts/copy-build-assets.mjs [outDir]` (default dist), run by `npm run build` after tsc and by
// test/integration/prod-build.test.ts for its own build folder. Plain JavaScript: it runs where only
// node is available.
import { cpSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Source folders under src/, copied to the same place under the build's outDir. */
export const BUILD_ASSETS = ["store/migrations", "demo-tenant/scenario/contoso"];

export function copyBuildAssets(outDir) {
  for (const folder of BUILD_ASSETS) {
    cpSync(path.join(root, "src", folder), path.join(outDir, folder), { recursive: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  copyBuildAssets(path.resolve(process.argv[2] ?? path.join(root, "dist")));
}
