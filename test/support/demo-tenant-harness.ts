import { startDemoTenant, type StartedDemoTenant } from "../../src/demo-tenant/start-demo-tenant.js";
import type { DemoTenantOptions } from "../../src/demo-tenant/demo-tenant.js";

/** The Playground personas and other well-known people of the Contoso scenario. */
export const PEOPLE = {
  alex: "00000000-0000-0000-0000-0000000000020",
  megan: "00000000-0000-0000-0000-0000000000021",
  adele: "00000000-0000-0000-0000-0000000000022",
  isaiah: "00000000-0000-0000-0000-0000000000023",
  patti: "00000000-0000-0000-0000-0000000000024",
} as const;

/** A fixed instant tests anchor the scenario at (a Monday, 09:00 in Redmond). */
export const TEST_EPOCH = new Date("2026-03-02T17:00:00.000Z");

export interface GraphAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface DemoTenantHarness {
  running: StartedDemoTenant;
  url: string;
  appToken(): Promise<string>;
  userToken(userId: string): Promise<string>;
  /** A Graph call; `path` is after the version (`/users`) or a full URL (an `@odata.nextLink`). */
  graph<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; version?: "v1.0" | "beta"; headers?: Record<string, string> }): Promise<GraphAnswer<T>>;
  /** Every item of a collection, following `@odata.nextLink`. */
  listAll<T = any>(path: string, token: string): Promise<T[]>;
  demo<T = any>(method: string, path: string, body?: unknown): Promise<GraphAnswer<T>>;
  advance(duration: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a demo tenant on a free port with a frozen clock at TEST_EPOCH (unless told otherwise). */
export async function startHarness(options: DemoTenantOptions = {}): Promise<DemoTenantHarness> {
  const running = await startDemoTenant({ startAt: TEST_EPOCH, frozenClock: true, ...options });
  const url = running.url;

  async function call<T>(method: string, fullUrl: string, body: unknown, headers: Record<string, string>): Promise<GraphAnswer<T>> {
    const res = await fetch(fullUrl, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }

  const harness: DemoTenantHarness = {
    running,
    url,
    async appToken() {
      return (await harness.demo<{ access_token: string }>("POST", "/_demo/token", { kind: "app" })).body.access_token;
    },
    async userToken(userId) {
      return (await harness.demo<{ access_token: string }>("POST", "/_demo/token", { kind: "user", userId })).body.access_token;
    },
    graph(method, path, options = {}) {
      const full = /^https?:/.test(path) ? path : `${url}/${options.version ?? "v1.0"}${path}`;
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      return call(method, full, options.body, headers);
    },
    async listAll(path, token) {
      const items: any[] = [];
      let next: string | undefined = path;
      while (next) {
        const page: GraphAnswer = await harness.graph("GET", next, { token });
        if (page.status !== 200) throw new Error(`GET ${next} answered ${page.status}: ${JSON.stringify(page.body)}`);
        items.push(...page.body.value);
        next = page.body["@odata.nextLink"];
      }
      return items;
    },
    demo(method, path, body) {
      return call(method, `${url}${path}`, body, {});
    },
    async advance(duration) {
      const res = await harness.demo<{ now: string }>("POST", "/_demo/clock", { advance: duration });
      if (res.status !== 200) throw new Error(`clock advance failed: ${JSON.stringify(res.body)}`);
      return res.body.now;
    },
    close: () => running.close(),
  };
  return harness;
}
