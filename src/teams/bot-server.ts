import restify from "restify";
import type { Application, TeamsAdapter, TurnState } from "@microsoft/teams-ai";
import type { Logger } from "pino";

export interface BotServerOptions {
  port: number;
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  /** The only tenant whose activities are served. */
  tenantId: string;
  log: Logger;
}

export interface RunningBotServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The bot's HTTP endpoint: `POST /api/messages` for Teams (Bot Framework authentication happens in the
 * adapter whenever an app id is configured), and `GET /healthz`. Activities from other tenants are
 * refused before they reach any handler.
 */
export async function startBotServer({ port, adapter, app, tenantId, log }: BotServerOptions): Promise<RunningBotServer> {
  const server = restify.createServer({ name: "gatepass" });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));

  server.post("/api/messages", async (req, res) => {
    const body = req.body as { channelData?: { tenant?: { id?: string } }; conversation?: { tenantId?: string } } | undefined;
    const activityTenant = body?.channelData?.tenant?.id ?? body?.conversation?.tenantId;
    if (activityTenant !== undefined && activityTenant.toLowerCase() !== tenantId.toLowerCase()) {
      log.warn({ activityTenant }, "refused an activity from another tenant");
      res.status(403);
      res.send({ error: { code: "TenantNotAllowed", message: "This bot serves one organization only." } });
      return;
    }
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });

  server.get("/healthz", async (_req, res) => {
    res.send({ status: "ok" });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use: stop the other process (another Gatepass?) or set PORT to a free port.`)
          : error,
      );
    });
    server.listen(port, "0.0.0.0", () => resolve());
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
