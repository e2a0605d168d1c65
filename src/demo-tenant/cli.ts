import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { startDemoTenant } from "./start-demo-tenant.js";
import { LARGE_TENANT_DEFAULTS } from "./scenario/generate-large-tenant.js";

/** `npm run demo-tenant`: the emulator alone, configured from the environment. */
const env = z
  .object({
    DEMO_TENANT_PORT: z.coerce.number().int().min(0).max(65535).default(5981),
    DEMO_TENANT_HOST: z.string().default("127.0.0.1"),
    DEMO_TENANT_HTTPS_PORT: z.coerce.number().int().min(0).max(65535).default(5982),
    DEMO_TENANT_CA_FILE: z.string().default(".data/demo-tenant-ca.pem"),
    DEMO_TENANT_SCENARIO: z.string().optional(),
    DEMO_TENANT_STATE_FILE: z.string().optional(),
    DEMO_TENANT_PAGE_SIZE: z.coerce.number().int().min(1).max(999).optional(),
    DEMO_TENANT_LARGE: z.enum(["0", "1", "true", "false"]).default("0"),
  })
  .safeParse(process.env);

if (!env.success) {
  for (const issue of env.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
  console.error("Fix the demo tenant settings above (see the README's demo tenant section).");
  process.exit(2);
}
const settings = env.data;
const large = settings.DEMO_TENANT_LARGE === "1" || settings.DEMO_TENANT_LARGE === "true";

const started = Date.now();
const running = await startDemoTenant({
  port: settings.DEMO_TENANT_PORT,
  host: settings.DEMO_TENANT_HOST,
  httpsPort: settings.DEMO_TENANT_HTTPS_PORT,
  scenarioDir: settings.DEMO_TENANT_SCENARIO,
  stateFile: settings.DEMO_TENANT_STATE_FILE ?? null,
  pageSize: settings.DEMO_TENANT_PAGE_SIZE,
  large: large ? LARGE_TENANT_DEFAULTS : null,
  log: (line) => console.error(line),
});
const s = running.tenant.state.settings;
// The https listener's certificate is new each start; clients trust it through this file.
mkdirSync(path.dirname(settings.DEMO_TENANT_CA_FILE), { recursive: true });
writeFileSync(settings.DEMO_TENANT_CA_FILE, running.caPem ?? "");
console.log(`Demo tenant '${s.displayName}' (${s.tenantId}) ready in ${Date.now() - started} ms`);
console.log(`  Graph:           ${running.graphUrl}  (and ${running.url}/beta)`);
console.log(`  Token endpoint:  ${running.url}/${s.tenantId}/oauth2/v2.0/token`);
console.log(`  Authority (TLS): ${running.httpsUrl}  (certificate: ${settings.DEMO_TENANT_CA_FILE})`);
console.log(`  Demo helpers:    ${running.url}/_demo  (token, clock, faults, reset)`);
console.log(`  Try: curl -s -X POST ${running.url}/_demo/token -H 'content-type: application/json' -d '{"kind":"app"}'`);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
