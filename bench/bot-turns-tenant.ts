/**
 * The demo tenant for `npm run bench:bot`, in its own process so the bot's memory and CPU are measured
 * without the emulator. Forked by bench/bot-turns.ts (IPC channel); not meant to be run by hand.
 *
 * It starts the Contoso scenario on free 127.0.0.1 ports, writes the https certificate to a temporary
 * file, and adds `BENCH_TENANT_REQUESTERS` business users (members of Business Users, so the ChatGPT
 * policy lets them request) under `BENCH_TENANT_MANAGERS` managers, through the state tables. Each
 * request a person submits stays open (Entra refuses a second one for the same package), so every
 * submission needs a person of its own.
 *
 * It also times its own work: every HTTP request it serves, from the parsed request to the end of the
 * answer (`http.server.request.start` to `http.server.response.finish`), summed per `x-bench-turn`
 * header (the bench tags the bot's Graph calls with the turn they belong to). The parent asks for these
 * figures over IPC (`{type:"stats"}`), which also resets them.
 */
import dc from "node:diagnostics_channel";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { startDemoTenant } from "../src/demo-tenant/start-demo-tenant.js";
import type { GroupRecord, UserRecord } from "../src/demo-tenant/state/model.js";

const REQUESTERS = Number(process.env.BENCH_TENANT_REQUESTERS ?? 600);
const MANAGERS = Number(process.env.BENCH_TENANT_MANAGERS ?? 12);
const BUSINESS_USERS = "7a1c0000-0000-4000-8000-00000000a001";
/** Lukas Meyer (Marketing, Berlin): the template for generated people's mailbox settings and office. */
const TEMPLATE_USER = "7a1c0000-0000-4000-8000-000000000118";
/** Megan Bowen: the generated managers report to her (escalations go to her). */
const MANAGERS_MANAGER = "00000000-0000-0000-0000-0000000000021";

export interface TenantReady {
  type: "ready";
  url: string;
  httpsUrl: string;
  caFile: string;
  tenantId: string;
  port: number;
  httpsPort: number;
  requesters: { aadObjectId: string; name: string; managerId: string }[];
  managers: { aadObjectId: string; name: string }[];
  readyMs: number;
}

export interface TenantStats {
  type: "stats";
  /** Per `x-bench-turn` value: calls served and milliseconds spent serving them. */
  byTurn: Record<string, { calls: number; ms: number }>;
  /** Requests without the header (token endpoint over https, the bot's clock refresh). */
  untagged: { calls: number; ms: number };
  cpuUserMs: number;
  cpuSystemMs: number;
  rssMb: number;
  maxRssMb: number;
  openRequestsByRequesters: number;
}

// ---- Server-side timing ----
const startedAt = new WeakMap<ServerResponse, number>();
let byTurn: Record<string, { calls: number; ms: number }> = {};
let untagged = { calls: 0, ms: 0 };
dc.subscribe("http.server.request.start", (message) => {
  const { response } = message as { response: ServerResponse };
  startedAt.set(response, performance.now());
});
dc.subscribe("http.server.response.finish", (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  const started = startedAt.get(response);
  if (started === undefined) return;
  const ms = performance.now() - started;
  const turn = request.headers["x-bench-turn"];
  const slot = typeof turn === "string" ? (byTurn[turn] ??= { calls: 0, ms: 0 }) : untagged;
  slot.calls++;
  slot.ms += ms;
});

// ---- The tenant ----
const t0 = performance.now();
const running = await startDemoTenant({ port: 0, host: "127.0.0.1", httpsPort: 0, stateFile: null, log: () => undefined });
const state = running.tenant.state;
const foundTemplate = state.users.get(TEMPLATE_USER);
const foundGroup = state.groups.get(BUSINESS_USERS);
if (!foundTemplate || !foundGroup || !state.users.get(MANAGERS_MANAGER)) throw new Error("The Contoso scenario changed: Lukas Meyer, Megan Bowen or Business Users is missing.");
const template: UserRecord = foundTemplate;
const businessUsers: GroupRecord = foundGroup;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const domain = state.settings.defaultDomain;
function addPerson(id: string, given: string, surname: string, alias: string, jobTitle: string, managerId: string): UserRecord {
  const user: UserRecord = {
    ...structuredClone(template),
    id,
    displayName: `${given} ${surname}`,
    givenName: given,
    surname,
    mail: `${alias}@${domain}`,
    userPrincipalName: `${alias}@${domain}`,
    jobTitle,
    managerId,
    sponsorIds: [],
    lastSignInDateTime: new Date(Date.now() - 86_400_000).toISOString(),
  };
  state.users.insert(user);
  if (!businessUsers.memberIds.includes(id)) businessUsers.memberIds.push(id);
  return user;
}

const managers: TenantReady["managers"] = [];
for (let m = 0; m < MANAGERS; m++) {
  const u = addPerson(`be4c0002-0000-4000-8000-${hex(m + 1, 12)}`, "Bench", `Manager ${m + 1}`, `bench.manager${m + 1}`, "Marketing Lead", MANAGERS_MANAGER);
  managers.push({ aadObjectId: u.id, name: u.displayName });
}
const requesters: TenantReady["requesters"] = [];
for (let i = 0; i < REQUESTERS; i++) {
  const manager = managers[i % managers.length]!;
  const u = addPerson(`be4c0001-0000-4000-8000-${hex(i + 1, 12)}`, "Bench", `Requester ${i + 1}`, `bench.requester${i + 1}`, "Marketing Specialist", manager.aadObjectId);
  requesters.push({ aadObjectId: u.id, name: u.displayName, managerId: manager.aadObjectId });
}

const dir = mkdtempSync(path.join(os.tmpdir(), "gatepass-bench-"));
const caFile = path.join(dir, "demo-tenant-ca.pem");
writeFileSync(caFile, running.caPem ?? "");

const requesterIds = new Set(requesters.map((r) => r.aadObjectId));
function stats(): TenantStats {
  const cpu = process.cpuUsage();
  let open = 0;
  for (const r of state.requests.values()) if (r.state === "pendingApproval" && requesterIds.has(r.targetId)) open++;
  const out: TenantStats = {
    type: "stats",
    byTurn,
    untagged,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    openRequestsByRequesters: open,
  };
  byTurn = {};
  untagged = { calls: 0, ms: 0 };
  return out;
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await running.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

process.on("message", (message: { type: string }) => {
  if (message.type === "stats") process.send!(stats());
  if (message.type === "stop") void stop();
});
// The bench died or finished without saying stop: do not linger.
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());

const ready: TenantReady = {
  type: "ready",
  url: running.url,
  httpsUrl: running.httpsUrl!,
  caFile,
  tenantId: state.settings.tenantId,
  port: running.port,
  httpsPort: Number(new URL(running.httpsUrl!).port),
  requesters,
  managers,
  readyMs: Math.round(performance.now() - t0),
};
process.send!(ready);
