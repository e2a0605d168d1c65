import { GraphHttp } from "../../../src/governance/graph-http.js";
import type { GraphTokenSource } from "../../../src/identity/graph-token-source.js";
import { startHarness, type DemoTenantHarness } from "../../support/demo-tenant-harness.js";

/** GraphHttp that counts the HTTP calls it makes (a `$batch` is one call; each page of a list is one). */
export class CountingGraphHttp extends GraphHttp {
  calls = 0;
  override get<T>(source: GraphTokenSource, path: string): Promise<T> {
    this.calls++;
    return super.get<T>(source, path);
  }
  override post<T>(source: GraphTokenSource, path: string, body: unknown): Promise<T> {
    this.calls++;
    return super.post<T>(source, path, body);
  }
  override patch(source: GraphTokenSource, path: string, body: unknown): Promise<void> {
    this.calls++;
    return super.patch(source, path, body);
  }
  override delete(source: GraphTokenSource, path: string): Promise<void> {
    this.calls++;
    return super.delete(source, path);
  }
}

/** A demo tenant with the app's and people's tokens as GraphTokenSource objects, and a counting GraphHttp. */
export interface GatewayHarness {
  h: DemoTenantHarness;
  graph: CountingGraphHttp;
  app: GraphTokenSource;
  as(userId: string): GraphTokenSource;
  /** The demo tenant's clock, as a Clock the gateways and domain rules take. */
  now(): Date;
  /**
   * Graph requests the demo tenant served while `run` ran, counting each item of a `$batch` (a fault rule
   * that slows nothing down matches and counts every request).
   */
  countGraphRequests<T>(run: () => Promise<T>): Promise<{ result: T; requests: number; httpCalls: number }>;
  close(): Promise<void>;
}

export async function startGatewayHarness(options: { pageSize?: number } = {}): Promise<GatewayHarness> {
  const h = await startHarness(options);
  const graph = new CountingGraphHttp({ baseUrl: h.url, timeoutMs: 5000, maxRetries: 1 });
  const token = (kind: "app" | "user", principal: string): GraphTokenSource => {
    let cached: Promise<string> | undefined;
    return { kind, principal, getToken: () => (cached ??= kind === "app" ? h.appToken() : h.userToken(principal)) };
  };
  const people = new Map<string, GraphTokenSource>();
  return {
    h,
    graph,
    app: token("app", "app"),
    as(userId) {
      let source = people.get(userId);
      if (!source) people.set(userId, (source = token("user", userId)));
      return source;
    },
    now: () => h.running.tenant.clock.now(),
    async countGraphRequests(run) {
      await h.demo("POST", "/_demo/faults", { replace: true, rules: [{ match: ".", delayMs: 0 }] });
      const before = graph.calls;
      try {
        const result = await run();
        const faults = (await h.demo<{ rules: { hits: number }[] }>("GET", "/_demo/faults")).body;
        return { result, requests: faults.rules[0]?.hits ?? 0, httpCalls: graph.calls - before };
      } finally {
        await h.demo("DELETE", "/_demo/faults");
      }
    },
    close: () => h.close(),
  };
}
