import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TeamsDriver, cardOf, cardText } from "../support/teams-driver.js";

/**
 * The production start path: `npm run build`'s two steps (tsc with tsconfig.build.json, then
 * scripts/copy-build-assets.mjs) into a folder of its own, and `node dist/main.js` run from there as
 * infra/Dockerfile runs it (plain node, NODE_ENV=production, the image's heap cap), in demo mode. One
 * Teams message over HTTP must get its card back through a local Bot Connector.
 *
 * The folder mirrors the image's /app: dist/ beside adaptiveCards/ (render-card.ts reads templates three
 * folders above dist/teams/cards) and node_modules/ (Node resolves packages from the folders above the
 * code). Both are symlinks to the repository's, so a build in the temp folder finds what it would in /app.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

let workDir: string;
let bot: ChildProcess | null = null;
let botUrl: string;
/** The tenant the shipped scenario emulates: activities from any other are refused. */
const scenarioTenantId = (parse(readFileSync(path.join(root, "src/demo-tenant/scenario/contoso/tenant.yaml"), "utf8")) as { tenant: { id: string } }).tenant.id;
let teams: TeamsDriver;
/** Alex Wilber of the scenario (people.yaml). bot-harness.ts names him too, but importing it loads the whole bot here. */
const alex = { aadObjectId: "00000000-0000-0000-0000-0000000000020", name: "Alex Wilber" };
const output: string[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "gatepass-prod-"));
  const outDir = path.join(workDir, "dist");
  // --noCheck: the same JavaScript as `npm run build` in half the time; `npm test` type-checks first anyway.
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir, "--noCheck"], { cwd: root, stdio: "pipe" });
  execFileSync(process.execPath, ["scripts/copy-build-assets.mjs", outDir], { cwd: root, stdio: "pipe" });
  symlinkSync(path.join(root, "adaptiveCards"), path.join(workDir, "adaptiveCards"), "dir");
  symlinkSync(path.join(root, "node_modules"), path.join(workDir, "node_modules"), "dir");

  // The connector must be known before the bot starts (TEAMS_SERVICE_URL), and the driver needs the
  // bot's address, so the bot gets a port picked here rather than PORT=0.
  const port = await freePort();
  botUrl = `http://127.0.0.1:${port}`;
  // A clean environment: nothing of the test run (DATABASE_URL of CI, vitest's NODE_OPTIONS) leaks in.
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: workDir,
    NODE_ENV: "production",
    NODE_OPTIONS: "--max-old-space-size=256", // as infra/Dockerfile sets it
    GATEPASS_MODE: "demo",
    PORT: String(port),
    PGLITE_DATA_DIR: "memory://",
    LOG_LEVEL: "warn",
    RECONCILE_INTERVAL_SECONDS: "0",
    NUDGE_INTERVAL_SECONDS: "0",
  };
  teams = await new TeamsDriver(`${botUrl}/api/messages`, scenarioTenantId).start();
  bot = spawn(process.execPath, imageCommandArgs(), { cwd: workDir, env: { ...env, TEAMS_SERVICE_URL: teams.connectorUrl }, stdio: ["ignore", "pipe", "pipe"] });
  bot.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  bot.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  // main.ts prints its banner, ending with the store line, once the bot listens.
  await waitForOutput(/Store: .+\n/);
}, 180_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) bot.kill("SIGKILL");
  await teams?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the compiled bot (node dist/main.js)", () => {
  it("says where it listens, in demo mode, on the embedded store", () => {
    const text = output.join("");
    expect(text).toContain(`Gatepass is listening on http://localhost:${new URL(botUrl).port}/api/messages (demo mode)`);
    expect(text).toContain(`(tenant ${scenarioTenantId})`);
    expect(text).toContain("embedded PGlite in memory://");
  });

  it("answers its health check", async () => {
    const res = await fetch(`${botUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers a Teams message with a card rendered from adaptiveCards/", async () => {
    const answer = await teams.message(alex, "what can I request?");
    expect(answer.status).toBeLessThan(300);
    const reply = await teams.waitFor((a) => a.conversationId === teams.conversationIdFor(alex), 20_000);
    const text = cardText(cardOf(reply.activity));
    expect(text).toContain("ChatGPT");
  });

  it("stops cleanly on SIGTERM, as a container runtime stops it", async () => {
    const exited = new Promise<number | null>((resolve) => bot!.once("exit", (code) => resolve(code)));
    bot!.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves with the first match in the bot's output; rejects if the process exits first. */
function waitForOutput(pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.join("").match(pattern);
      if (match) {
        bot!.stdout!.off("data", check);
        bot!.off("exit", onExit);
        resolve(match);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`node dist/main.js exited with ${code} before it was ready:\n${output.join("")}`));
    bot!.stdout!.on("data", check);
    bot!.once("exit", onExit);
    check();
  });
}

/** The arguments infra/Dockerfile's CMD gives node (its V8 flags and `dist/main.js`), so the flags the image uses are the ones run here. */
function imageCommandArgs(): string[] {
  const dockerfile = readFileSync(path.join(root, "infra/Dockerfile"), "utf8");
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
  if (!cmd) throw new Error("infra/Dockerfile has no exec-form CMD");
  const [program, ...args] = JSON.parse(cmd[1]!) as string[];
  if (program !== "node") throw new Error(`infra/Dockerfile's CMD runs ${program}, not node`);
  return args;
}
