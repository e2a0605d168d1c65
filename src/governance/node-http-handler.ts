import http from "node:http";
import https from "node:https";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * The Graph client's last step, over node:http(s) with kept-alive connections instead of the SDK's
 * `fetch`: on loopback, fetch's request, stream and header objects cost the bot more CPU than the rest of
 * a call together (bench/README.md, "Bot turns"). The SDK still gets a fetch `Response`, which is what
 * its response and retry handlers read. Time limits come in as the request's `signal`.
 */
export class NodeHttpHandler implements Middleware {
  private readonly agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  async execute(context: Context): Promise<void> {
    const url = new URL(typeof context.request === "string" ? context.request : context.request.url);
    const options = context.options ?? {};
    const body = toBody(options.body);
    const headers = toHeaderObject(options.headers);
    if (body !== undefined) headers["content-length"] = String(body.length);
    const client = url.protocol === "https:" ? https : http;
    const agent = url.protocol === "https:" ? this.agents["https:"] : this.agents["http:"];
    context.response = await new Promise<Response>((resolve, reject) => {
      const request = client.request(url, { method: options.method ?? "GET", headers, agent, signal: options.signal ?? undefined }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("error", reject);
        answer.on("end", () => {
          const status = answer.statusCode ?? 0;
          const noBody = status === 204 || status === 304 || options.method === "HEAD";
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: answer.statusMessage ?? "", headers: toResponseHeaders(answer.rawHeaders) }));
        });
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  /** Closes idle kept-alive connections (at shutdown). */
  destroy(): void {
    this.agents["http:"].destroy();
    this.agents["https:"].destroy();
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
