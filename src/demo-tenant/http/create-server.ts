import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { generate } from "selfsigned";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { DemoTenant } from "../demo-tenant.js";
import { handleTokenRequest, openIdConfiguration } from "../auth/token-endpoint.js";
import { runBatch } from "./batch.js";
import { handleDemoEndpoint } from "./demo-endpoints.js";
import { dispatchGraphRequest } from "./dispatch-graph-request.js";
import { GraphError, toGraphErrorBody } from "./graph-error.js";
import { readBody } from "./read-body.js";
import type { GraphVersion, HttpMethod, RouteResult } from "./route.js";

export interface RunningDemoTenant {
  url: string;
  port: number;
  /** The same service over TLS, when asked for: MSAL and @azure/identity accept only https authorities. */
  httpsUrl: string | null;
  /** PEM of the self-signed certificate behind `httpsUrl`, for the client to trust. */
  caPem: string | null;
  server: Server;
  close(): Promise<void>;
}

export interface ListenOptions {
  port?: number;
  host?: string;
  /** Also serve https on this port (0 for any free one); a fresh self-signed certificate is made for it. */
  httpsPort?: number | null;
}

/** Serves the tenant over HTTP: Graph under `/v1.0` and `/beta`, the token endpoint, and `/_demo`. */
export async function listenDemoTenant(tenant: DemoTenant, options: ListenOptions = {}): Promise<RunningDemoTenant> {
  const host = options.host ?? "127.0.0.1";
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    // Links (next pages, metadata) point back at whichever address and protocol the caller used.
    const protocol = "encrypted" in req.socket ? "https" : "http";
    const baseUrl = `${protocol}://${req.headers.host ?? `${host}`}`;
    handle(tenant, baseUrl, req, res).catch((error: unknown) => {
      tenant.log(`demo tenant: unhandled ${(error as Error).stack ?? error}`);
      if (!res.headersSent) send(res, { status: 500, body: { error: { code: "generalException", message: "The demo tenant failed unexpectedly." } } });
    });
  };
  const servers: Server[] = [];
  const server = createServer(listener);
  const port = await listen(server, options.port ?? 0, host);
  servers.push(server);
  let httpsUrl: string | null = null;
  let caPem: string | null = null;
  if (options.httpsPort !== undefined && options.httpsPort !== null) {
    const pems = await generate([{ name: "commonName", value: "localhost" }], {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + 30 * 86_400_000),
      extensions: [
        { name: "basicConstraints", cA: true },
        { name: "keyUsage", digitalSignature: true, keyCertSign: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
      ],
    });
    const secure = createHttpsServer({ key: pems.private, cert: pems.cert }, listener);
    const securePort = await listen(secure, options.httpsPort, host);
    servers.push(secure);
    httpsUrl = `https://${displayHost(host)}:${securePort}`;
    caPem = pems.cert;
  }
  return {
    url: `http://${displayHost(host)}:${port}`,
    port,
    httpsUrl,
    caPem,
    server,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

function displayHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function handle(tenant: DemoTenant, baseUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", baseUrl);
  const method = (req.method ?? "GET").toUpperCase() as HttpMethod;
  const pathname = decodeURIComponent(url.pathname);
  const rawBody = await readBody(req).catch(() => null);
  if (rawBody === null) return send(res, errorResult(new GraphError(413, "RequestEntityTooLarge", "The request body is larger than 4 MB."), tenant));

  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(pathname);
  if (token && method === "POST") {
    const result = handleTokenRequest(tenant, token[1]!, new URLSearchParams(rawBody));
    return send(res, { status: result.status, body: result.body, headers: { "Cache-Control": "no-store" } });
  }
  const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(pathname);
  if (oidc && method === "GET") return send(res, { status: 200, body: openIdConfiguration(baseUrl, tenant.state.settings.tenantId) });
  if (pathname === "/common/discovery/instance" && method === "GET") {
    return send(res, {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${baseUrl}/${tenant.state.settings.tenantId}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: new URL(baseUrl).host, preferred_cache: new URL(baseUrl).host, aliases: [new URL(baseUrl).host] }],
      },
    });
  }

  let body: unknown;
  if (rawBody.trim().length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return send(res, errorResult(GraphError.badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."), tenant));
    }
  }

  if (pathname === "/_demo" || pathname.startsWith("/_demo/")) {
    try {
      return send(res, handleDemoEndpoint(tenant, method, pathname, body));
    } catch (error) {
      if (error instanceof GraphError) return send(res, errorResult(error, tenant));
      throw error;
    }
  }

  const versioned = /^\/(v1\.0|beta)(\/.*)?$/i.exec(pathname);
  if (!versioned) {
    return send(res, errorResult(GraphError.badRequest(`Invalid version: '${pathname.split("/")[1] ?? ""}'. The demo tenant serves /v1.0 and /beta.`, "BadRequest"), tenant));
  }
  const version = versioned[1]!.toLowerCase() as GraphVersion;
  const path = versioned[2] ?? "/";

  const auth = req.headers.authorization ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
  if (!bearer) return send(res, errorResult(GraphError.unauthorized("Access token is empty."), tenant));
  const verified = tenant.signer.verify(bearer);
  if (!verified.ok) return send(res, errorResult(GraphError.unauthorized(verified.reason), tenant));
  const caller = tenant.signer.toCaller(verified.claims);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(",") : v]));

  if (/^\/\$batch\/?$/i.test(path)) {
    if (method !== "POST") return send(res, errorResult(new GraphError(405, "Request_BadRequest", "$batch accepts POST only."), tenant));
    try {
      return send(res, await runBatch(tenant, { version, caller, baseUrl, headers }, body));
    } catch (error) {
      if (error instanceof GraphError) return send(res, errorResult(error, tenant));
      throw error;
    }
  }
  send(res, await dispatchGraphRequest(tenant, { method, version, path, query: url.searchParams, body, caller, baseUrl, headers }));
}

function errorResult(error: GraphError, tenant: DemoTenant): RouteResult {
  const id = randomUUID();
  return { status: error.status, body: toGraphErrorBody(error, id, id, tenant.clock.now()), headers: { "request-id": id, ...error.headers } };
}

function send(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { ...result.headers };
  let payload: string | undefined;
  if (result.body !== undefined && result.status !== 204) {
    payload = JSON.stringify(result.body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json; charset=utf-8";
  }
  res.writeHead(result.status, headers);
  res.end(payload);
}
