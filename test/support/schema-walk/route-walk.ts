/**
 * Walks the demo tenant's routes (`tenant.routes.all()`) over HTTP and validates every answer against
 * Graph's schemas (see check-walked-body.ts), recording which route (and version) each successful case
 * reached, so a test can fail on routes no case covers.
 *
 * Two kinds of walk cases:
 * - {@link RouteWalk.call}: an explicit request with its expected status (writes, `$expand` forms, errors);
 * - {@link RouteWalk.walkGetRoute}: a GET route turned into concrete requests generically: `{param}`s are
 *   filled with ids of the parent collection's items (`/accessPackages/{id}` from GET `/accessPackages`, or
 *   from `.../filterByCurrentUser(...)` where the collection itself is not served), `filterByCurrentUser`'s
 *   `on` comes from {@link ON_VALUES} (each value is walked), lists Graph refuses without a `$filter` get
 *   theirs from `requiredQuery`, and the token is the app's where the route allows it, else a delegated
 *   token of the first persona for whom the answer is a non-empty collection.
 */
import type { GraphVersion, HttpMethod, Route } from "../../../src/demo-tenant/http/route.js";
import { splitPath, type RouteTable } from "../../../src/demo-tenant/http/route-table.js";
import type { DemoTenantHarness, GraphAnswer } from "../demo-tenant-harness.js";
import { checkWalkedBody, type CheckKind } from "./check-walked-body.js";

export interface WalkCaller {
  label: string;
  kind: "app" | "user";
  token: string;
  /** The signed-in user's object id (delegated callers). */
  userId?: string;
}

export interface CallOptions {
  as: WalkCaller;
  /** The status the case expects; a 2xx case also counts as coverage of the route that answered. */
  status: number;
  version?: GraphVersion;
  body?: unknown;
}

/** Values of `filterByCurrentUser(on=...)`, by the collection the function is bound to (Graph's enums). */
export const ON_VALUES: Readonly<Record<string, readonly string[]>> = {
  accessPackages: ["allowedRequestor"],
  assignmentRequests: ["target", "createdBy", "approver"],
  accessPackageAssignmentApprovals: ["approver"],
  assignments: ["target", "createdBy"],
  definitions: ["reviewer"],
  instances: ["reviewer"],
  decisions: ["reviewer"],
  roleEligibilitySchedules: ["principal"],
  roleEligibilityScheduleInstances: ["principal"],
  roleAssignmentSchedules: ["principal"],
  roleAssignmentScheduleInstances: ["principal"],
  roleAssignmentScheduleRequests: ["principal", "createdBy", "approver"],
  roleAssignmentApprovals: ["approver"],
  eligibilitySchedules: ["principal"],
  eligibilityScheduleInstances: ["principal"],
  assignmentSchedules: ["principal"],
  assignmentScheduleInstances: ["principal"],
  assignmentScheduleRequests: ["principal", "createdBy", "approver"],
  assignmentApprovals: ["approver"],
};

/** How many parent items are tried as `{param}` values, and requests spent looking for a non-empty answer. */
const MAX_PARENT_ITEMS = 12;
const MAX_TRIES_PER_VARIANT = 120;

type Json = Record<string, any>;
const isCollection = (body: unknown): body is { value: unknown[]; "@odata.nextLink"?: unknown } => !!body && typeof body === "object" && Array.isArray((body as Json).value);
const pathOf = (path: string) => decodeURIComponent(path.split("?")[0]!);
const short = (body: unknown) => String(JSON.stringify(body)).slice(0, 300);

export class RouteWalk {
  readonly problems: string[] = [];
  /** Route key -> the requests that covered it. */
  readonly walked = new Map<string, string[]>();
  /** GET routes (with their request) walked only with an empty collection, for the report. */
  readonly empty: string[] = [];
  /** How many bodies (pages) were validated, by how. */
  readonly checks: Record<CheckKind, number> = { openapi: 0, "graph-type": 0, beta: 0 };
  private readonly listings = new Map<string, Promise<Json[]>>();

  constructor(
    readonly h: DemoTenantHarness,
    readonly app: WalkCaller,
    /** Delegated callers to try, in order, for delegated-only routes. */
    readonly personas: readonly WalkCaller[],
    /** Query options a collection needs to be served at all (Graph refuses some lists without a `$filter`), by route pattern. */
    readonly requiredQuery: Readonly<Record<string, string>> = {},
  ) {}

  get table(): RouteTable {
    return this.h.running.tenant.routes;
  }

  static key(route: Route, version: GraphVersion): string {
    return `${route.method.padEnd(6)} /${version}${route.pattern}`;
  }

  /** Every route and version the demo tenant serves. */
  allKeys(): string[] {
    return this.table.all().flatMap((route) => (route.versions ?? ["v1.0"]).map((v) => RouteWalk.key(route, v)));
  }

  uncovered(): string[] {
    return this.allKeys().filter((k) => !this.walked.has(k));
  }

  routeFor(method: string, version: GraphVersion, path: string): Route | undefined {
    return this.table.match(method.toUpperCase() as HttpMethod, version, pathOf(path)).match?.route;
  }

  /** One explicit walk case: the call, its expected status, and the body (every page of a collection) validated. */
  async call(method: string, path: string, options: CallOptions): Promise<GraphAnswer> {
    const version = options.version ?? "v1.0";
    const res = await this.h.graph(method, path, { token: options.as.token, version, body: options.body });
    await this.accept(method, path, version, options.as, res, options.status);
    return res;
  }

  /**
   * Asserts the status of an answer and validates its body; a GET collection's `@odata.nextLink` pages are
   * fetched and validated too. Records coverage of the route for an expected 2xx. Returns whether all passed.
   */
  async accept(method: string, path: string, version: GraphVersion, caller: WalkCaller, res: GraphAnswer, status: number): Promise<boolean> {
    const label = `${method} /${version}${path} as ${caller.label}`;
    if (res.status !== status) {
      this.problems.push(`${label}: expected ${status}, got ${res.status} ${short(res.body)}`);
      return false;
    }
    const route = this.routeFor(method, version, path);
    let ok = this.validate(label, method, version, path, route, res.status, res.body);
    let page = res.body as Json | undefined;
    for (let n = 2; method === "GET" && isCollection(page) && typeof page["@odata.nextLink"] === "string"; n++) {
      const next: GraphAnswer = await this.h.graph("GET", page["@odata.nextLink"], { token: caller.token });
      if (next.status !== 200) {
        this.problems.push(`${label}, page ${n}: expected 200, got ${next.status} ${short(next.body)}`);
        return false;
      }
      ok = this.validate(`${label}, page ${n}`, method, version, path, route, next.status, next.body) && ok;
      page = next.body;
    }
    if (route && status >= 200 && status < 300) {
      const key = RouteWalk.key(route, version);
      this.walked.set(key, [...(this.walked.get(key) ?? []), `${method} ${path} as ${caller.label} -> ${status}`]);
    }
    return ok;
  }

  private validate(label: string, method: string, version: GraphVersion, path: string, route: Route | undefined, status: number, body: unknown): boolean {
    const { kind, problems } = checkWalkedBody(method, version, path, route?.pattern, status, body);
    this.checks[kind]++;
    for (const p of problems) this.problems.push(`${label}: ${p}`);
    return problems.length === 0;
  }

  /** Walks one GET route (one version) generically: every `on` variant, the first non-empty answer preferred. */
  async walkGetRoute(route: Route, version: GraphVersion): Promise<void> {
    const variants = this.variantsOf(route.pattern);
    if (variants.length === 0) {
      this.problems.push(`${RouteWalk.key(route, version)}: no generic walk: a function segment has arguments other than 'on', or no ON_VALUES entry`);
      return;
    }
    for (const variant of variants) {
      const query = this.requiredQuery[route.pattern];
      let chosen: { path: string; caller: WalkCaller; res: GraphAnswer } | undefined;
      let last: string | undefined;
      let tries = 0;
      search: for await (const c of this.concretize(splitPath(variant), 0, "", null, version)) {
        for (const caller of this.callersFor(route, c.carried)) {
          if (++tries > MAX_TRIES_PER_VARIANT) break search;
          const path = query ? `${c.path}?${query}` : c.path;
          const res = await this.h.graph("GET", path, { token: caller.token, version });
          if (res.status !== 200) {
            last = `${path} as ${caller.label} -> ${res.status} ${short(res.body)}`;
            continue;
          }
          if (!chosen || (isCollection(chosen.res.body) && chosen.res.body.value.length === 0)) chosen = { path, caller, res };
          if (!isCollection(res.body) || res.body.value.length > 0) break search;
        }
      }
      if (!chosen) {
        this.problems.push(`GET /${version}${variant}: found no concrete request answering 200 (${tries} tried${last ? `; last: ${last}` : ""})`);
        continue;
      }
      if (isCollection(chosen.res.body) && chosen.res.body.value.length === 0) this.empty.push(`GET /${version}${chosen.path} as ${chosen.caller.label}`);
      await this.accept("GET", chosen.path, version, chosen.caller, chosen.res, 200);
    }
  }

  /** The pattern with each function segment's `{on}` replaced by each of its values. */
  private variantsOf(pattern: string): string[] {
    let variants = [""];
    let previous = "";
    for (const segment of splitPath(pattern)) {
      const fn = /^([\w.]+)\((.*)\)$/.exec(segment);
      if (!fn) {
        variants = variants.map((v) => `${v}/${segment}`);
        if (!segment.startsWith("{")) previous = segment;
        continue;
      }
      if (fn[2] !== "on='{on}'") return [];
      const values = ON_VALUES[previous] ?? [];
      variants = variants.flatMap((v) => values.map((on) => `${v}/${fn[1]}(on='${on}')`));
    }
    return variants;
  }

  /** Delegated-only routes need a person; others use the app, as the bot does. */
  private callersFor(route: Route, carried: WalkCaller | null): WalkCaller[] {
    const allows = (c: WalkCaller) => (c.kind === "app" ? route.permissions.app !== null : route.permissions.user !== null);
    if (route.permissions.app !== null) return carried && carried.kind === "user" && allows(carried) ? [this.app, carried] : [this.app];
    const people = this.personas.filter((p) => p !== carried);
    return carried && allows(carried) ? [carried, ...people] : people;
  }

  /**
   * Concrete paths for `segments[i..]` after `prefix`: a `{param}` takes the ids of the parent collection's
   * items; the caller that could list them is carried along, since the child may be visible only to it.
   */
  private async *concretize(segments: string[], i: number, prefix: string, carried: WalkCaller | null, version: GraphVersion): AsyncGenerator<{ path: string; carried: WalkCaller | null }> {
    if (i === segments.length) {
      yield { path: prefix, carried };
      return;
    }
    const segment = segments[i]!;
    if (!/^\{[^}]+\}$/.test(segment)) {
      yield* this.concretize(segments, i + 1, `${prefix}/${segment}`, carried, version);
      return;
    }
    for (const source of this.parentSources(prefix, version)) {
      const query = this.requiredQuery[source.route.pattern];
      for (const caller of this.callersFor(source.route, carried)) {
        const items = await this.listItems(query ? `${source.path}?${query}` : source.path, caller, version);
        for (const item of items.slice(0, MAX_PARENT_ITEMS)) {
          if (typeof item.id !== "string") continue;
          yield* this.concretize(segments, i + 1, `${prefix}/${item.id}`, caller, version);
        }
      }
    }
  }

  /** Where the ids of a collection come from: its own GET, else its `filterByCurrentUser` variants. */
  private parentSources(collection: string, version: GraphVersion): { path: string; route: Route }[] {
    const own = this.routeFor("GET", version, collection);
    if (own) return [{ path: collection, route: own }];
    const last = splitPath(collection).pop() ?? "";
    return (ON_VALUES[last] ?? []).flatMap((on) => {
      const path = `${collection}/filterByCurrentUser(on='${on}')`;
      const route = this.routeFor("GET", version, path);
      return route ? [{ path, route }] : [];
    });
  }

  /** The items of a collection (a few pages), memoized; empty when the caller may not list it. */
  private listItems(path: string, caller: WalkCaller, version: GraphVersion): Promise<Json[]> {
    const key = `${version} ${caller.label} ${path}`;
    let found = this.listings.get(key);
    if (!found) {
      found = (async () => {
        const items: Json[] = [];
        let next: string | undefined = path;
        while (next && items.length < MAX_PARENT_ITEMS) {
          const res: GraphAnswer = await this.h.graph("GET", next, { token: caller.token, version });
          if (res.status !== 200 || !isCollection(res.body)) break;
          items.push(...(res.body.value as Json[]));
          next = (res.body as Json)["@odata.nextLink"];
        }
        return items;
      })();
      this.listings.set(key, found);
    }
    return found;
  }

  /** The problems found since the last call (each test asserts its own). */
  takeProblems(): string[] {
    return this.problems.splice(0, this.problems.length);
  }
}
