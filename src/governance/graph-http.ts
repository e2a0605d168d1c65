import { Client, GraphError, RetryHandler, RetryHandlerOptions, type Context, type Middleware, type MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { SignInRequiredError } from "../identity/graph-token-source.js";
import { readBatchItem } from "./batch-item.js";
import { GovernanceError } from "./governance-error.js";
import { NodeHttpHandler } from "./node-http-handler.js";

export interface GraphHttpOptions {
  /** `https://graph.microsoft.com`, or the demo tenant's address. */
  baseUrl: string;
  /** Per-call time limit; Teams gives a turn a few seconds, so keep it short for interactive calls. */
  timeoutMs?: number;
  /** Retries of 429 and 5xx answers, honouring Retry-After. */
  maxRetries?: number;
  /** A 429 asking to wait longer than this fails at once as Throttled instead of holding the turn. */
  maxRetryAfterSeconds?: number;
}

export interface BatchRequest {
  id: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
}

export interface BatchResponse {
  id: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const BATCH_LIMIT = 20;

/**
 * Typed Graph calls over @microsoft/microsoft-graph-client: one client per identity, retries that honour
 * Retry-After, whole-collection paging through `@odata.nextLink`, `$batch` in chunks of 20, and every
 * failure mapped to a GovernanceError. Which token a call uses is the caller's choice of `source`.
 * Paths are relative to `/v1.0`; a path starting with `/beta/` goes to Graph's beta version instead.
 */
export class GraphHttp {
  /** One client for every identity: each request carries its token source as a middleware option. */
  private sharedClient: Client | null = null;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSeconds: number;

  constructor(private readonly options: GraphHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 8;
  }

  async get<T>(source: GraphTokenSource, path: string): Promise<T> {
    return this.call(source, path, (request) => request.get() as Promise<T>);
  }

  async post<T>(source: GraphTokenSource, path: string, body: unknown): Promise<T> {
    return this.call(source, path, (request) => request.post(body) as Promise<T>);
  }

  async patch(source: GraphTokenSource, path: string, body: unknown): Promise<void> {
    await this.call(source, path, (request) => request.patch(body) as Promise<unknown>);
  }

  async delete(source: GraphTokenSource, path: string): Promise<void> {
    await this.call(source, path, (request) => request.delete() as Promise<unknown>);
  }

  /** Every item of a collection, following `@odata.nextLink` until it is absent. */
  async listAll<T>(source: GraphTokenSource, path: string, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(source, path)) {
      items.push(...page);
      if (items.length >= limit) return items.slice(0, limit);
    }
    return items;
  }

  async *pages<T>(source: GraphTokenSource, path: string): AsyncGenerator<T[]> {
    let next: string | undefined = path;
    while (next) {
      const page: { value?: T[]; "@odata.nextLink"?: string } = await this.get(source, next);
      yield page.value ?? [];
      next = page["@odata.nextLink"] === undefined ? undefined : this.relative(page["@odata.nextLink"]);
    }
  }

  /**
   * Several collections read as one identity, their first pages in one `$batch` (one round trip where
   * there were as many as collections), further pages followed one by one. A failed list fails the read.
   */
  async listAllTogether<T extends unknown[]>(source: GraphTokenSource, paths: { [K in keyof T]: string }): Promise<{ [K in keyof T]: T[K][] }> {
    const answers = await this.batch(
      source,
      (paths as string[]).map((path, i) => ({ id: `l${i}`, method: "GET" as const, url: path })),
    );
    const lists = await Promise.all(
      answers.map(async (answer, i) => {
        const page = readBatchItem<{ value?: unknown[]; "@odata.nextLink"?: string }>(answer, `Could not read ${(paths as string[])[i]!.split("?")[0]}`);
        const items = [...(page.value ?? [])];
        if (page["@odata.nextLink"] !== undefined) items.push(...(await this.listAll<unknown>(source, this.relative(page["@odata.nextLink"]))));
        return items;
      }),
    );
    return lists as { [K in keyof T]: T[K][] };
  }

  /**
   * Runs requests through `$batch`, 20 at a time; items throttled on their own (429) are retried after
   * their Retry-After, so the answer has one final response per request, in request order.
   */
  async batch(source: GraphTokenSource, requests: BatchRequest[]): Promise<BatchResponse[]> {
    const results = new Map<string, BatchResponse>();
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const retry: BatchRequest[] = [];
      let waitSeconds = 0;
      for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
        const chunk = pending.slice(i, i + BATCH_LIMIT);
        const answer = await this.post<{ responses: BatchResponse[] }>(source, "/$batch", {
          requests: chunk.map((r) => ({ ...r, ...(r.body === undefined ? {} : { headers: { "Content-Type": "application/json" } }) })),
        });
        for (const response of answer.responses) {
          const retryAfter = Number(response.headers?.["Retry-After"] ?? response.headers?.["retry-after"] ?? NaN);
          // As a plain call is retried by the SDK's RetryHandler: throttled or briefly unavailable items go again.
          // A wait longer than a person can be kept waiting is not waited out: the item fails as throttled, as a plain call does.
          const tooLong = Number.isFinite(retryAfter) && retryAfter > this.maxRetryAfterSeconds;
          if ((response.status === 429 || response.status === 503 || response.status === 504) && attempt < this.maxRetries && !tooLong) {
            retry.push(chunk.find((r) => r.id === response.id)!);
            waitSeconds = Math.max(waitSeconds, Number.isFinite(retryAfter) ? retryAfter : 2 ** attempt);
          } else {
            results.set(response.id, response);
          }
        }
      }
      if (retry.length > 0) await sleep(Math.min(waitSeconds, this.maxRetryAfterSeconds) * 1000);
      pending = retry;
    }
    return requests.map((r) => results.get(r.id) ?? { id: r.id, status: 500, body: null, headers: {} });
  }

  /**
   * The SDK takes absolute URLs only when they are https; a next link on the configured host becomes a
   * path under the version instead, which works for both (the link is still used whole, never rebuilt).
   */
  private relative(link: string): string {
    const prefix = `${this.options.baseUrl}/v1.0`;
    if (link.toLowerCase().startsWith(prefix.toLowerCase())) return link.slice(prefix.length);
    // A beta list's next link stays in beta (see `call`).
    const beta = `${this.options.baseUrl}/beta`;
    return link.toLowerCase().startsWith(`${beta.toLowerCase()}/`) ? link.slice(this.options.baseUrl.length) : link;
  }

  private async call<T>(source: GraphTokenSource, path: string, send: (request: ReturnType<Client["api"]>) => Promise<T>): Promise<T> {
    // Paths are under v1.0, except those that start with `/beta/`: a few operations exist only in beta
    // (deciding a PIM role activation: `/beta/roleManagement/directory/roleAssignmentApprovals/...`).
    const beta = /^\/beta(?=\/)/i.test(path);
    const api = beta ? this.client().api(path.slice("/beta".length)).version("beta") : this.client().api(path);
    const request = api.middlewareOptions([new TokenSourceOption(source)]);
    try {
      return await send(request);
    } catch (error) {
      throw toGovernanceError(error, source);
    }
  }

  private client(): Client {
    let client = this.sharedClient;
    if (!client) {
      const retry = new RetryHandler(
        // The SDK waits whatever Retry-After says (up to 180 s); a person waiting in chat cannot, so a
        // long wait fails at once as Throttled and the caller says so.
        new RetryHandlerOptions(1, this.maxRetries, (_delay, _attempt, _request, _options, response) => {
          const retryAfter = Number(response?.headers?.get("Retry-After") ?? 0);
          return !(retryAfter > this.maxRetryAfterSeconds);
        }),
      );
      const auth = new BearerTokenHandler(this.options.baseUrl);
      const timeout = new AttemptTimeoutHandler(this.timeoutMs);
      auth.setNext(retry);
      retry.setNext(timeout);
      timeout.setNext(new NodeHttpHandler());
      client = Client.initWithMiddleware({ middleware: auth, baseUrl: `${this.options.baseUrl}/`, defaultVersion: "v1.0" });
      this.sharedClient = client;
    }
    return client;
  }
}

/**
 * Which identity a request acts as. A client per identity (a middleware chain and its objects per person
 * who ever talked to the bot) cost memory that grew with the directory and CPU on each first call.
 */
class TokenSourceOption implements MiddlewareOptions {
  constructor(readonly source: GraphTokenSource) {}
}

/**
 * Attaches the request's token source's token (see TokenSourceOption) to calls to the configured Graph address only. The SDK's own handler
 * does the same for Microsoft's https hosts alone, which would leave the demo tenant (plain http on
 * loopback) without tokens; base URLs are settings here, so the check follows the setting.
 */
class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly baseUrl: string) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const source = (context.middlewareControl?.getMiddlewareOptions(TokenSourceOption) as TokenSourceOption | undefined)?.source;
    if (!source) throw new Error("A Graph request was sent without saying whose token it uses.");
    if (url.toLowerCase().startsWith(this.baseUrl.toLowerCase())) {
      const token = await source.getToken();
      const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set("Authorization", `Bearer ${token}`);
      context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A time limit per attempt, so a retry after Retry-After gets its own full time. */
class AttemptTimeoutHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    // Not AbortSignal.timeout: ten times the cost of a controller and a timer cleared when the answer
    // (read whole by NodeHttpHandler) is in.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException("Graph did not answer in time.", "TimeoutError")), this.timeoutMs);
    context.options = { ...context.options, signal: controller.signal };
    try {
      await this.next!.execute(context);
    } finally {
      clearTimeout(timer);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function toGovernanceError(error: unknown, source: GraphTokenSource): GovernanceError {
  if (error instanceof GovernanceError) return error;
  if (error instanceof SignInRequiredError) return new GovernanceError("SignInRequired", error.message, {}, { cause: error });
  if (error instanceof GraphError) {
    const status = error.statusCode;
    const retryAfter = Number(error.headers?.get("Retry-After") ?? NaN);
    const details = { status, graphCode: error.code, requestId: error.requestId, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null };
    const message = error.message || `Graph answered ${status}`;
    if (status === 404) return new GovernanceError("NotFound", message, details, { cause: error });
    if (status === 403) return new GovernanceError("Forbidden", message, details, { cause: error });
    if (status === 401) {
      return new GovernanceError(source.kind === "user" ? "SignInRequired" : "Unexpected", message, details, { cause: error });
    }
    if (status === 409) return new GovernanceError("Conflict", message, details, { cause: error });
    if (status === 429) return new GovernanceError("Throttled", message, details, { cause: error });
    if (status >= 500) return new GovernanceError("Unavailable", message, details, { cause: error });
    if (status === -1 || status === 0) return classifyTransport(error);
    if (status >= 400) return new GovernanceError("BadRequest", message, details, { cause: error });
  }
  return classifyTransport(error);
}

function classifyTransport(error: unknown): GovernanceError {
  // The Graph client wraps what the transport threw: its `code` is then the error's name, its `body` the error as text.
  const e = error as (Error & { code?: unknown; body?: unknown; cause?: { code?: unknown } }) | undefined;
  const text = [e?.name, e?.code, e?.cause?.code, e?.message, typeof e?.body === "string" ? e.body : ""].filter(Boolean).join(" ");
  const shown = (e?.message || (typeof e?.body === "string" ? e.body : "") || String(error)).replace(/^Error: /, "");
  // Connections refused, reset or cut mid-answer, names that do not resolve, TLS failures, garbled HTTP:
  // Graph could not be reached properly; a later try may work. (Before the time limit: a connection cut
  // mid-answer also says "aborted".)
  if (/\b(ECONN\w+|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_\w+|HPE_\w+|CERT_\w+|ERR_TLS\w*|DEPTH_ZERO\w*|SELF_SIGNED\w*|UNABLE_TO_\w+)\b|fetch failed|socket|network|certificate/i.test(text)) {
    return new GovernanceError("Unavailable", `Graph could not be reached: ${shown}`, {}, { cause: error });
  }
  // The attempt's own time limit (AttemptTimeoutHandler aborts with a TimeoutError).
  if (/abort|time ?out/i.test(text)) return new GovernanceError("Timeout", "Graph did not answer in time.", {}, { cause: error });
  return new GovernanceError("Unexpected", shown, {}, { cause: error });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
