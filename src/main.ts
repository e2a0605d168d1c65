import { ConfigError } from "./config.js";
import { startGatepass } from "./start-gatepass.js";

/** `npm start`: the bot, on the demo tenant and the embedded store unless configured otherwise. */
try {
  const running = await startGatepass();
  const demo = running.demoTenant;
  const lines = [
    `Gatepass is listening on http://localhost:${running.port}/api/messages (${running.config.mode} mode)`,
  ];
  if (demo) {
    lines.push(
      `  Demo tenant:  ${demo.graphUrl}  (tenant ${demo.tenant.state.settings.tenantId})`,
      `  Store:        ${running.config.store.databaseUrl ? "PostgreSQL" : `embedded PGlite in ${running.config.store.pgliteDataDir}`}`,
      "",
      "  Try it in Microsoft 365 Agents Playground: in another terminal run `npm run playground`",
      "  and open http://localhost:56150. You are Alex Wilber; say \"I need ChatGPT for 2 hours to summarise feedback\".",
    );
  }
  console.log(lines.join("\n"));
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof Error && /already in use/.test(error.message)) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
