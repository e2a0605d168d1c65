import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { Context } from "@microsoft/microsoft-graph-client";
import { afterEach, expect, it } from "vitest";
import { NodeHttpHandler } from "../../../src/governance/node-http-handler.js";

const servers: http.Server[] = [];
const handler = new NodeHttpHandler();
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => handle(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function call(url: string, options: Context["options"] = {}): Promise<Response> {
  const context = { request: url, options, middlewareControl: undefined } as unknown as Context;
  await handler.execute(context);
  return context.response!;
}

const echo = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null, body }));
};

it("sends the request as the Graph client gives it and answers with a fetch Response", async () => {
  const base = await serve(echo);
  const answer = await call(`${base}/v1.0/$batch`, { method: "POST", headers: { Authorization: "Bearer t", "Content-Type": "application/json" }, body: '{"requests":[]}' });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("application/json");
  expect(await answer.json()).toEqual({ method: "POST", url: "/v1.0/$batch", authorization: "Bearer t", body: '{"requests":[]}' });
  const none = await call(await serve((_req, res) => res.writeHead(204).end()));
  expect(none.status).toBe(204);
  expect(await none.text()).toBe("");
});

it("asks for gzip and hands the Graph client the decoded body", async () => {
  const base = await serve((req, res) => {
    const json = JSON.stringify({ value: [{ id: "1", acceptEncoding: req.headers["accept-encoding"] }] });
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(gzipSync(json));
  });
  const answer = await call(`${base}/v1.0/users`);
  expect(answer.headers.get("content-encoding")).toBeNull();
  expect(await answer.json()).toEqual({ value: [{ id: "1", acceptEncoding: "gzip" }] });
});

it("follows redirects as fetch does: the token only to the same origin, a 303 as a GET", async () => {
  const other = await serve(echo);
  const base = await serve((req, res, body) => {
    if (req.url === "/here") return res.writeHead(302, { location: "/final" }).end();
    if (req.url === "/away") return res.writeHead(307, { location: `${other}/elsewhere` }).end();
    if (req.url === "/see-other") return res.writeHead(303, { location: "/final" }).end();
    echo(req, res, body);
  });
  expect(await (await call(`${base}/here`, { headers: { authorization: "Bearer t" } })).json()).toMatchObject({ url: "/final", authorization: "Bearer t" });
  expect(await (await call(`${base}/away`, { headers: { authorization: "Bearer t" } })).json()).toMatchObject({ url: "/elsewhere", authorization: null });
  expect(await (await call(`${base}/see-other`, { method: "POST", headers: { authorization: "Bearer t" }, body: "x" })).json()).toMatchObject({ method: "GET", url: "/final", body: "" });
});

it("sends a GET again once when the kept-alive connection it went out on had been closed by the server, never a POST", async () => {
  let served = 0;
  const base = await serve((req, res, body) => {
    const socket = req.socket as typeof req.socket & { requests?: number };
    socket.requests = (socket.requests ?? 0) + 1;
    // The second request on a connection finds it closed, as after the server's idle timeout.
    if (socket.requests === 2) return socket.destroy();
    served++;
    echo(req, res, body);
  });
  expect((await call(`${base}/first`)).status).toBe(200);
  expect(await (await call(`${base}/second`)).json()).toMatchObject({ method: "GET", url: "/second" });
  expect(served).toBe(2);
  // A POST may have been carried out before the reset: it fails rather than being filed twice.
  await expect(call(`${base}/filing`, { method: "POST", body: "once" })).rejects.toThrow(/socket hang up|ECONNRESET/);
  expect(served).toBe(2);
});

it("fails with the abort when the signal fires", async () => {
  const base = await serve(() => undefined); // never answers
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException("Graph did not answer in time.", "TimeoutError")), 50);
  await expect(call(`${base}/slow`, { signal: controller.signal })).rejects.toThrow(/abort|time/i);
});
