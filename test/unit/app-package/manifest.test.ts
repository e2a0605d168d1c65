import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APP_PACKAGE_DIR,
  AppPackageError,
  buildAppPackage,
  DEMO_SETTINGS,
  DEMO_TENANT_BOT_APP_ID,
  fillPlaceholders,
  iconProblems,
  schemaProblems,
  settingsFromEnv,
} from "../../../appPackage/scripts/app-package.js";
import { run } from "../../../appPackage/scripts/package-app.js";
import { renderColorIcon, renderOutlineIcon } from "../../../appPackage/scripts/make-icons.js";

let tmp: string;
const quiet = { log: () => {}, error: () => {} };

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "gatepass-app-package-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of appPackage/ whose manifest template has been changed by `edit`. */
async function brokenCopy(name: string, edit: (manifest: Record<string, any>) => void): Promise<string> {
  const dir = join(tmp, name);
  await cp(APP_PACKAGE_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${join(APP_PACKAGE_DIR, "build")}`) });
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
  edit(manifest);
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}

function png(bytes: Buffer | Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe("Teams app package, demo mode", () => {
  let zip: JSZip;
  let manifest: Record<string, any>;

  beforeAll(async () => {
    const outFile = join(tmp, "demo", "gatepass.zip");
    const lines: string[] = [];
    const result = await run(["--demo", "--out", outFile], {}, { log: (s) => lines.push(s), error: (s) => lines.push(s) });
    expect(result.exitCode, lines.join("\n")).toBe(0);
    expect(lines.join("\n")).toMatch(/^Built .*gatepass\.zip \(Teams manifest 1\.30, .*demo\)/);
    zip = await JSZip.loadAsync(await readFile(outFile));
    manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
  });

  it("holds exactly the manifest and the two icons, at the root", () => {
    const names = Object.values(zip.files).map((f) => f.name).sort();
    expect(names).toEqual(["color.png", "manifest.json", "outline.png"]);
  });

  it("validates against the official Teams schema shipped in @microsoft/app-manifest", async () => {
    expect(manifest.$schema).toBe("https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json");
    expect(manifest.manifestVersion).toBe("1.30");
    expect(await schemaProblems(manifest)).toEqual([]);
  });

  it("has every placeholder filled with the demo values", () => {
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/);
    expect(manifest.id).toBe(DEMO_SETTINGS.teamsAppId);
    expect(manifest.bots[0].botId).toBe(DEMO_SETTINGS.botId);
    expect(manifest.webApplicationInfo).toEqual({ id: DEMO_SETTINGS.botId, resource: `api://botid-${DEMO_SETTINGS.botId}` });
    expect(manifest.validDomains).toEqual(["token.botframework.com", "localhost"]);
  });

  it("describes a personal-only bot without files, with its five commands", () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(["personal"]);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.commandLists).toHaveLength(1);
    expect(bot.commandLists[0].scopes).toEqual(["personal"]);
    expect(bot.commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual([
      "help",
      "what can I request",
      "my access",
      "approvals",
      "reviews",
    ]);
    for (const command of bot.commandLists[0].commands) expect(command.description.length).toBeGreaterThan(10);
    expect(manifest.defaultInstallScope).toBe("personal");
  });

  it("ships a 192x192 opaque colour icon and a 32x32 white-on-transparent outline icon", async () => {
    const color = png(await zip.file("color.png")!.async("nodebuffer"));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = png(await zip.file("outline.png")!.async("nodebuffer"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < 32 * 32; i++) {
      const [r, g, b, a] = outline.data.subarray(i * 4, i * 4 + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(transparent).toBeLessThan(32 * 32);
  });

  it("gives the same bytes when built twice", async () => {
    const again = join(tmp, "demo-again.zip");
    await buildAppPackage({ settings: DEMO_SETTINGS, outFile: again });
    expect(Buffer.compare(await readFile(again), await readFile(join(tmp, "demo", "gatepass.zip")))).toBe(0);
  });
});

describe("Teams app package, checks that fail", () => {
  it("refuses a manifest without a required field, saying which one, and writes nothing", async () => {
    const dir = await brokenCopy("no-developer", (m) => delete m.developer);
    const outFile = join(tmp, "no-developer.zip");
    const error = await buildAppPackage({ settings: DEMO_SETTINGS, sourceDir: dir, outFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppPackageError);
    expect((error as Error).message).toMatch(/^The app package was not built \(manifest version 1\.30\), because:/);
    expect((error as Error).message).toContain("manifest.json (root) must have required property 'developer'");
    expect(existsSync(outFile)).toBe(false);
  });

  it("reports schema problems with their place in the manifest", async () => {
    const dir = await brokenCopy("bad-fields", (m) => {
      m.accentColor = "teal";
      m.name.short = "Gatepass, the access request bot for AI tools";
    });
    const error = (await buildAppPackage({ settings: DEMO_SETTINGS, sourceDir: dir, outFile: join(tmp, "x.zip") }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/- manifest\.json \/accentColor must match pattern/);
    expect(error.message).toMatch(/- manifest\.json \/name\/short must NOT have more than 30 characters/);
  });

  it("refuses SSO settings that do not match the bot", async () => {
    const dir = await brokenCopy("bad-sso", (m) => {
      m.webApplicationInfo.resource = "api://gatepass.example.com/{{BOT_ID}}";
      m.validDomains = ["{{BOT_DOMAIN}}"];
    });
    const error = (await buildAppPackage({ settings: DEMO_SETTINGS, sourceDir: dir, outFile: join(tmp, "y.zip") }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`/webApplicationInfo/resource is api://gatepass.example.com/${DEMO_SETTINGS.botId}, but it must be api://botid-${DEMO_SETTINGS.botId}.`);
    expect(error.message).toContain("/validDomains must include token.botframework.com");
  });

  it("refuses the demo tenant's literal bot id, which is not a GUID", async () => {
    const template = await readFile(join(APP_PACKAGE_DIR, "manifest.json"), "utf8");
    const manifest = JSON.parse(fillPlaceholders(template, { ...DEMO_SETTINGS, botId: DEMO_TENANT_BOT_APP_ID }));
    const problems = await schemaProblems(manifest);
    expect(problems.join("\n")).toMatch(/\/bots\/0\/botId must match pattern/);
    expect(problems.join("\n")).toMatch(/\/webApplicationInfo\/id must match pattern/);
  });

  it("explains each missing or malformed setting in a sentence", () => {
    expect(() => settingsFromEnv({})).toThrow(/MicrosoftAppId is not set\. It is the Application \(client\) ID/);
    expect(() => settingsFromEnv({})).toThrow(/TEAMS_APP_ID is not set\./);
    expect(() => settingsFromEnv({})).toThrow(/BOT_DOMAIN is not set\./);
    expect(() => settingsFromEnv({})).toThrow(/run with --demo/);
    expect(() =>
      settingsFromEnv({ MicrosoftAppId: DEMO_TENANT_BOT_APP_ID, TEAMS_APP_ID: "2b3c4d5e-0000-4000-8000-000000000001", BOT_DOMAIN: "https://gatepass.contoso.com/" }),
    ).toThrow(/MicrosoftAppId is "00000000-0000-0000-0000-00000000000011", which is not a GUID[\s\S]*BOT_DOMAIN is "https:\/\/gatepass\.contoso\.com\/", which is not a host name/);
    expect(
      settingsFromEnv({ MicrosoftAppId: "6f1e2d3c-1111-4222-8333-444455556666", TEAMS_APP_ID: "2b3c4d5e-0000-4000-8000-000000000001", BOT_DOMAIN: "gatepass.contoso.com" }),
    ).toEqual({ botId: "6f1e2d3c-1111-4222-8333-444455556666", teamsAppId: "2b3c4d5e-0000-4000-8000-000000000001", botDomain: "gatepass.contoso.com" });
  });

  it("exits 1 with the explanation when settings are missing, and builds nothing", async () => {
    const errors: string[] = [];
    const outFile = join(tmp, "missing.zip");
    const result = await run(["--out", outFile], {}, { log: () => {}, error: (s) => errors.push(s) });
    expect(result.exitCode).toBe(1);
    expect(errors.join("\n")).toContain("MicrosoftAppId is not set.");
    expect(existsSync(outFile)).toBe(false);
    expect((await run(["--nonsense"], {}, quiet)).exitCode).toBe(2);
  });

  it("refuses unknown placeholders", () => {
    expect(() => fillPlaceholders('{"a": "{{BOT_ID}}", "b": "{{BOT_SECRET}}"}', DEMO_SETTINGS)).toThrow(/placeholders that packaging does not know: \{\{BOT_SECRET\}\}/);
  });

  it("refuses icons of the wrong size or an outline icon that is not white on transparent", () => {
    const wrongSize = PNG.sync.write(new PNG({ width: 64, height: 64 }));
    expect(iconProblems("color", "color.png", wrongSize).join("\n")).toContain("color.png is 64x64 pixels; the color icon must be 192x192.");
    const grey = new PNG({ width: 32, height: 32 });
    for (let i = 0; i < 32 * 32; i++) grey.data.set(i < 100 ? [128, 128, 128, 255] : [0, 0, 0, 0], i * 4);
    expect(iconProblems("outline", "outline.png", PNG.sync.write(grey)).join("\n")).toMatch(/outline\.png has 100 visible pixels that are not white \(first at 0,0: rgb\(128, 128, 128\)\)/);
    expect(iconProblems("outline", "outline.png", Buffer.from("not a png"))[0]).toMatch(/^outline\.png is not a PNG file/);
  });
});

describe("committed icons", () => {
  it("match the drawing in make-icons.ts (run it and commit the PNGs after changing it)", async () => {
    for (const [name, drawn] of [
      ["color.png", renderColorIcon()],
      ["outline.png", renderOutlineIcon()],
    ] as const) {
      const committed = png(await readFile(join(APP_PACKAGE_DIR, name)));
      expect([committed.width, committed.height], name).toEqual([drawn.width, drawn.height]);
      expect(Buffer.compare(committed.data, drawn.data), name).toBe(0);
    }
  });
});
