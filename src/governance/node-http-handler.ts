import http from "node:http";
import https from "node:https";
import { gunzipSync } from "node:zlib";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * The Graph client's last step, over node:http(s) with kept-alive connections instead of the SDK's
 * `fetch`: on loopback, fetch's request, stream and header objects cost the bot more CPU than the rest of
 * a call together (bench/README.md, "Bot turns"). The SDK still gets a fetch `Response`, which is what
 * its response and retry handlers read. Time limits come in as the request's `signal`. What fetch did on
 * its own is done here too: answers may come gzipped, redirects are followed (the token only to the same
 * origin), and a GET (or another repeatable request) sent on a kept-alive connection the server had just
 * closed is sent again once.
 */
export class NodeHttpHandler implements Middleware {
  // Idle kept-alive sockets are unreferenced by Node's agent, so they never hold the process open.
  private readonly agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  async execute(context: Context): Promise<void> {
    const options = context.options ?? {};
    let url = new URL(typeof context.request === "string" ? context.request : context.request.url);
    let method = options.method ?? "GET";
    let body = toBody(options.body);
    const headers = toHeaderObject(options.headers);
    headers["accept-encoding"] ??= "gzip";
    const signal = options.signal ?? undefined;
    for (let redirects = 0; ; redirects++) {
      const answer = await this.send(url, method, headers, body, signal);
      const location = answer.headers.get("location");
      if (!REDIRECTS.has(answer.status) || !location || redirects >= MAX_REDIRECTS) {
        context.response = answer;
        return;
      }
      const next = new URL(location, url);
      // As fetch does: a 303 (and a 301/302 after a POST) becomes a GET without a body; credentials stay
      // with the origin they were meant for.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        delete headers["content-type"];
      }
      if (next.origin !== url.origin) delete headers["authorization"];
      url = next;
    }
  }

  private async send(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<Response> {
    const withLength = body === undefined ? headers : { ...headers, "content-length": String(body.length) };
    try {
      return await this.sendOnce(url, method, withLength, body, signal);
    } catch (error) {
      // A kept-alive connection the server closed while idle fails the first request written to it.
      // Only a request that may be repeated goes again: a reset can also come after the server carried
      // out a POST or PATCH, which must not happen twice (fetch is as careful).
      if (!(error instanceof StaleConnectionError) || !IDEMPOTENT.has(method.toUpperCase())) throw error instanceof StaleConnectionError ? error.original : error;
      return this.sendOnce(url, method, withLength, body, signal);
    }
  }

  private sendOnce(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<Response> {
    const client = url.protocol === "https:" ? https : http;
    const agent = url.protocol === "https:" ? this.agents["https:"] : this.agents["http:"];
    return new Promise<Response>((resolve, reject) => {
      let answered = false;
      const request = client.request(url, { method, headers, agent, signal }, (answer) => {
        answered = true;
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("error", reject);
        answer.on("end", () => {
          const status = answer.statusCode ?? 0;
          const noBody = status === 204 || status === 304 || method === "HEAD";
          const gzipped = /^\s*gzip\s*$/i.test(String(answer.headers["content-encoding"] ?? ""));
          try {
            const raw = Buffer.concat(chunks);
            const content = noBody ? null : gzipped && raw.length > 0 ? gunzipSync(raw) : raw;
            // The body handed on is decoded: its encoding and length headers no longer describe it.
            const responseHeaders = toResponseHeaders(answer.rawHeaders).filter(([name]) => !gzipped || !/^content-(encoding|length)$/i.test(name));
            resolve(new Response(content, { status, statusText: answer.statusMessage ?? "", headers: responseHeaders }));
          } catch (error) {
            reject(error);
          }
        });
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        const stale = request.reusedSocket && !answered && (error.code === "ECONNRESET" || error.code === "EPIPE");
        reject(stale ? new StaleConnectionError(error) : error);
      });
      request.end(body);
    });
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const MAX_REDIRECTS = 5;

class StaleConnectionError extends Error {
  constructor(readonly original: Error) {
    super(original.message, { cause: original });
  }
}

function toBody(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // The SDK serializes JSON itself; anything else (streams, forms) Gatepass never sends.
  throw new TypeError(`A Graph request body of type ${Object.prototype.toString.call(body)} cannot be sent.`);
}

function toHeaderObject(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, key) => (out[key] = value));
    return out;
  }
  const entries = Array.isArray(headers) ? (headers as [string, string][]) : Object.entries(headers as Record<string, string>);
  for (const [key, value] of entries) if (value !== undefined) out[key.toLowerCase()] = String(value);
  return out;
}

/** Raw header pairs as a fetch `Headers` init (repeated headers kept, as fetch would). */
function toResponseHeaders(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}
