/**
 * `npm run bench:demo-tenant`: how fast the demo tenant answers the lists the bot reads, at the large
 * tenant's size (50,000 people, 2,000 packages, 100,000 assignments, 20,000 review decisions). Starts the
 * emulator in-process, measures over HTTP with a bounded number of sequential requests per endpoint, and
 * prints latency percentiles, requests per second, build time and memory. See bench/README.md.
 *
 * BENCH_ITERATIONS (default 200) sets the requests per endpoint; BENCH_PAGE_SIZE overrides the page size;
 * BENCH_ONLY (a regular expression) measures only the endpoints whose name matches (walks always run).
 */
import os from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { resolveStageApprovers } from "../src/demo-tenant/routes/entitlement/resolve-stage-approvers.js";
import { LARGE_TENANT_DEFAULTS } from "../src/demo-tenant/scenario/generate-large-tenant.js";
import { startDemoTenant } from "../src/demo-tenant/start-demo-tenant.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const EM = "/identityGovernance/entitlementManagement";
const REVIEWS = "/identityGovernance/accessReviews/definitions";
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = Math.min(20, ITERATIONS);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, "i") : null;
/** What "fast" means for one page of a list at this size. */
const PAGE_BUDGET_MS = 50;
const GENERATED = /^5ca1e/;

interface Result {
  name: string;
  /** `page`: one request (held to the budget); `flow`: a whole walk through every page. */
  kind: "page" | "flow";
  samples: number[];
  items: number[];
  error: string | null;
}

interface Call {
  url: string;
  token: string;
  method?: "GET" | "POST";
  body?: unknown;
}

const results: Result[] = [];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

gc();
const heapBefore = process.memoryUsage().heapUsed;
const buildStart = performance.now();
let generated = "";
const running = await startDemoTenant({
  large: LARGE_TENANT_DEFAULTS,
  startAt: new Date("2026-03-02T17:00:00.000Z"),
  frozenClock: true,
  pageSize: process.env.BENCH_PAGE_SIZE ? Number(process.env.BENCH_PAGE_SIZE) : undefined,
  log: (line) => {
    if (line.includes("generated")) generated = line.replace(/^demo tenant: /, "");
  },
});
const buildMs = performance.now() - buildStart;
gc();
const heapAfter = process.memoryUsage().heapUsed;
const { tenant, graphUrl } = running;
const state = tenant.state;

async function call(c: Call): Promise<{ ms: number; status: number; body: any }> {
  const started = performance.now();
  const res = await fetch(c.url.startsWith("http") ? c.url : `${graphUrl}${c.url}`, {
    method: c.method ?? "GET",
    headers: { authorization: `Bearer ${c.token}`, ...(c.body ? { "content-type": "application/json" } : {}) },
    body: c.body ? JSON.stringify(c.body) : undefined,
  });
  const body = JSON.parse(await res.text());
  return { ms: performance.now() - started, status: res.status, body };
}

function countItems(body: any): number {
  if (Array.isArray(body?.value)) return body.value.length;
  if (Array.isArray(body?.responses)) return body.responses.filter((r: any) => r.status === 200).length;
  return 1;
}

function failure(status: number, body: any): string {
  return `HTTP ${status}: ${body?.error?.message ?? JSON.stringify(body).slice(0, 120)}`;
}

/** `iterations` requests built by `make(i)`, after a warm-up; every answer must be 200. */
async function measure(name: string, make: (i: number) => Call, iterations = ITERATIONS): Promise<void> {
  if (ONLY && !ONLY.test(name)) return;
  const result: Result = { name, kind: "page", samples: [], items: [], error: null };
  results.push(result);
  for (let i = 0; i < WARMUP + iterations; i++) {
    const r = await call(make(i));
    if (r.status !== 200 || (Array.isArray(r.body?.responses) && r.body.responses.some((x: any) => x.status !== 200))) {
      const inner = r.body?.responses?.find((x: any) => x.status !== 200);
      result.error = inner ? `batch item ${failure(inner.status, inner.body)}` : failure(r.status, r.body);
      return;
    }
    if (i >= WARMUP) {
      result.samples.push(r.ms);
      result.items.push(countItems(r.body));
    }
  }
}

/** Follows `@odata.nextLink` from `first` to the end, `rounds` times; one sample per whole walk. Returns the page URLs. */
async function walk(name: string, first: string, token: string, rounds = 3): Promise<string[]> {
  const result: Result = { name, kind: "flow", samples: [], items: [], error: null };
  results.push(result);
  let pages: string[] = [];
  for (let round = 0; round < rounds; round++) {
    pages = [];
    let items = 0;
    const started = performance.now();
    for (let url: string | undefined = first; url; ) {
      pages.push(url);
      const r = await call({ url, token });
      if (r.status !== 200) {
        result.error = failure(r.status, r.body);
        return pages;
      }
      items += r.body.value.length;
      url = r.body["@odata.nextLink"];
    }
    result.samples.push(performance.now() - started);
    result.items.push(items);
  }
  result.name = `${name} (${pages.length} pages)`;
  return pages;
}

// ---- Who to ask about: picked from the tenant itself, so every request has something to find. ----
const people = state.users.all().filter((u) => GENERATED.test(u.id));
const holders = people.filter((u) => state.assignments.by("targetId", u.id).length > 0).slice(0, 500);
const approverLoad = new Map<string, number>();
for (const r of state.requests.values()) {
  if (r.state !== "pendingApproval") continue;
  const stage = r.stages.find((s) => s.status === "InProgress");
  if (!stage) continue;
  for (const id of resolveStageApprovers(state, r, stage.index, tenant.clock.now()).userIds) approverLoad.set(id, (approverLoad.get(id) ?? 0) + 1);
}
const approvers = [...approverLoad.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
const instance = state.reviewInstances.all().find((i) => GENERATED.test(i.id));
if (!instance || holders.length === 0 || approvers.length === 0) throw new Error("The large tenant has no review, holders or approvers; is the generator wired in?");
const reviewers = instance.reviewerIds;
const decisionsUrl = `${REVIEWS}/${instance.definitionId}/instances/${instance.id}/decisions`;

const appToken = tenant.mintAppToken();
const userTokens = new Map<string, string>();
const tokenFor = (id: string) => userTokens.get(id) ?? userTokens.set(id, tenant.mintUserToken(id)).get(id)!;
const pick = <T>(items: readonly T[], i: number) => items[(i * 7919) % items.length]!;

// ---- Directory ----
const userPages = await walk("GET /users, every page", "/users", appToken, 1);
await measure("GET /users (one page, any offset)", (i) => ({ url: pick(userPages, i), token: appToken }));
await measure("GET /users/{id}", (i) => ({ url: `/users/${pick(people, i).id}`, token: appToken }));

// ---- Entitlement management ----
const packagePages = await walk("GET accessPackages?$expand=assignmentPolicies, every page", `${EM}/accessPackages?$expand=assignmentPolicies`, appToken);
await measure("GET accessPackages?$expand=assignmentPolicies (one page)", (i) => ({ url: pick(packagePages, i), token: appToken }));
await measure("GET assignments?$filter=target/objectId eq '{id}'", (i) => ({
  url: `${EM}/assignments?$filter=${encodeURIComponent(`target/objectId eq '${pick(holders, i).id}'`)}&$expand=accessPackage,target`,
  token: appToken,
}));
await measure("GET assignments/filterByCurrentUser(on='target')", (i) => ({ url: `${EM}/assignments/filterByCurrentUser(on='target')?$expand=accessPackage`, token: tokenFor(pick(holders, i).id) }));
const pendingPages = await walk("GET assignmentRequests?$filter=state eq 'pendingApproval', every page", `${EM}/assignmentRequests?$filter=${encodeURIComponent("state eq 'pendingApproval'")}&$expand=accessPackage,requestor`, appToken);
await measure("GET assignmentRequests?$filter=state eq 'pendingApproval' (one page)", (i) => ({ url: pick(pendingPages, i), token: appToken }));
await measure("GET accessPackageAssignmentApprovals/filterByCurrentUser(on='approver') (busiest approver)", () => ({
  url: `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`,
  token: tokenFor(approvers[0]!),
}));
await measure("GET accessPackageAssignmentApprovals/filterByCurrentUser(on='approver') (any approver)", (i) => ({
  url: `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`,
  token: tokenFor(pick(approvers, i)),
}));

// ---- Access reviews ----
await measure("GET decisions/filterByCurrentUser(on='reviewer')", (i) => ({ url: `${decisionsUrl}/filterByCurrentUser(on='reviewer')`, token: tokenFor(pick(reviewers, i)) }));
const decisionPages = await walk("GET decisions, every page", decisionsUrl, appToken);
await measure("GET decisions (one page, any offset)", (i) => ({ url: pick(decisionPages, i), token: appToken }));
const undecidedPages = await walk("GET decisions?$filter=decision eq 'NotReviewed', every page", `${decisionsUrl}?$filter=${encodeURIComponent("decision eq 'NotReviewed'")}`, appToken, 1);
await measure("GET decisions?$filter=decision eq 'NotReviewed' (one page)", (i) => ({ url: pick(undecidedPages, i), token: appToken }));
const reviewerPages = await walk("GET contactedReviewers, every page", decisionsUrl.replace(/decisions$/, "contactedReviewers"), appToken, 1);
await measure("GET contactedReviewers (one page)", (i) => ({ url: pick(reviewerPages, i), token: appToken }));

// ---- $batch ----
await measure("POST $batch of 20 GETs", (i) => ({
  url: `${graphUrl.replace(/\/v1\.0$/, "")}/v1.0/$batch`,
  token: appToken,
  method: "POST",
  body: {
    requests: Array.from({ length: 20 }, (_, k) => {
      const user = pick(holders, i * 20 + k);
      const url =
        k % 4 === 0
          ? `${EM}/assignments?$filter=${encodeURIComponent(`target/objectId eq '${user.id}'`)}`
          : k % 4 === 1
            ? `/users/${user.id}/manager`
            : `/users/${user.id}`;
      return { id: String(k + 1), method: "GET", url };
    }),
  },
}), Math.max(1, Math.floor(ITERATIONS / 4)));

// ---- Report ----
const peakRss = process.resourceUsage().maxRSS * 1024;
await running.close();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const counts = tenant.describe().counts as Record<string, number>;
const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`\nDemo tenant list benchmark: ${new Date().toISOString()}, Node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} x${os.cpus().length}, load average ${load}`);
console.log(`Tenant: ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", ")}; page size ${state.settings.pageSize}`);
console.log(`Generator: ${generated}`);
console.log(`Build (scenario + generator + timeline catch-up + listen): ${buildMs.toFixed(0)} ms; tenant heap ${mb(heapAfter - heapBefore)}; heap after run ${mb(process.memoryUsage().heapUsed)}; peak RSS ${mb(peakRss)}`);
console.log(`${ITERATIONS} sequential requests per endpoint after ${WARMUP} warm-up (walks: whole runs); latency is client-measured over HTTP on loopback.\n`);
console.log("| endpoint | n | items | p50 ms | p95 ms | p99 ms | req/s | budget |");
console.log("|---|---:|---:|---:|---:|---:|---:|---|");
let slow = 0;
for (const r of results) {
  if (r.error) {
    console.log(`| ${r.name} | - | - | - | - | - | - | FAILED: ${r.error.replace(/\|/g, "/")} |`);
    slow++;
    continue;
  }
  const sorted = [...r.samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const items = Math.round(r.items.reduce((a, b) => a + b, 0) / r.items.length);
  const p95 = percentile(sorted, 95);
  const verdict = r.kind === "flow" ? "(whole walk)" : p95 < PAGE_BUDGET_MS ? "ok" : "SLOW";
  if (verdict === "SLOW") slow++;
  const rps = r.kind === "flow" ? "-" : (1000 / mean).toFixed(0);
  console.log(`| ${r.name} | ${sorted.length} | ${items} | ${percentile(sorted, 50).toFixed(1)} | ${p95.toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${rps} | ${verdict} |`);
}
console.log(slow === 0 ? `\nEvery single-page list answered under ${PAGE_BUDGET_MS} ms at p95.` : `\n${slow} endpoint(s) failed or exceeded ${PAGE_BUDGET_MS} ms at p95.`);
process.exitCode = slow === 0 ? 0 : 1;
