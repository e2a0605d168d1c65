/**
 * Builds Gatepass's Teams app package: fills the manifest's placeholders, validates the result offline
 * against the official Teams manifest schema shipped in `@microsoft/app-manifest`, checks the icons the
 * way Teams does, and zips manifest and icons into one file ready to upload.
 *
 * `package-app.ts` is the command line around this module; the unit test drives it directly.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppManifestUtils, type TeamsManifestV1D30 } from "@microsoft/app-manifest";
import JSZip from "jszip";
import { PNG } from "pngjs";

export type TeamsManifest = TeamsManifestV1D30.TeamsManifestV1D30;

/** The folder holding manifest.json and the icons. */
export const APP_PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_OUT_FILE = join(APP_PACKAGE_DIR, "build", "gatepass.zip");

/** What differs between installations: the values of the manifest's placeholders. */
export interface PackageSettings {
  /** `{{BOT_ID}}`: the bot's Microsoft Entra app id (MicrosoftAppId); also the SSO app. */
  botId: string;
  /** `{{TEAMS_APP_ID}}`: the Teams app's own id. */
  teamsAppId: string;
  /** `{{BOT_DOMAIN}}`: the host name the bot is reached at. */
  botDomain: string;
}

/**
 * The demo tenant's bot app id, which is also Microsoft 365 Agents Playground's default bot id. Its last
 * group has 14 digits instead of 12, so it is not a GUID and the manifest schema refuses it as a bot id,
 * app id or SSO app id.
 */
export const DEMO_TENANT_BOT_APP_ID = "00000000-0000-0000-0000-00000000000011";

/**
 * Settings for `--demo`: the demo tenant's bot id written as a real GUID (the same digits, 12 in the last
 * group), used for the bot, the Teams app and SSO alike, and localhost as the domain. The Playground
 * ignores the manifest, so this package exists to check packaging without real registrations.
 */
export const DEMO_SETTINGS: PackageSettings = {
  botId: "00000000-0000-0000-0000-000000000011",
  teamsAppId: "00000000-0000-0000-0000-000000000011",
  botDomain: "localhost",
};

export class AppPackageError extends Error {
  override readonly name = "AppPackageError";
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const ENV_HELP = {
  MicrosoftAppId:
    "the Application (client) ID of the bot's Microsoft Entra app registration (the Azure Bot's Microsoft App ID); " +
    "the manifest uses it as the bot id and as the Teams SSO app",
  TEAMS_APP_ID:
    "the Teams app's own id, a GUID chosen once and kept for every later version " +
    '(make one with: node -e "console.log(crypto.randomUUID())")',
  BOT_DOMAIN: "the public host name the bot is served from, such as gatepass.contoso.com or a dev tunnel's host, without https:// or a path",
} as const;

/** Reads the placeholders' values from the environment, or fails with one sentence per problem. */
export function settingsFromEnv(env: Record<string, string | undefined>): PackageSettings {
  const value = (name: keyof typeof ENV_HELP) => env[name]?.trim() ?? "";
  const problems: string[] = [];
  for (const name of Object.keys(ENV_HELP) as (keyof typeof ENV_HELP)[]) {
    if (!value(name)) problems.push(`${name} is not set. It is ${ENV_HELP[name]}.`);
  }
  for (const name of ["MicrosoftAppId", "TEAMS_APP_ID"] as const) {
    const v = value(name);
    if (v && !GUID.test(v)) {
      problems.push(`${name} is "${v}", which is not a GUID (8-4-4-4-12 hexadecimal digits). It must be ${ENV_HELP[name]}.`);
    }
  }
  const domain = value("BOT_DOMAIN");
  if (domain && !HOST_NAME.test(domain)) {
    problems.push(`BOT_DOMAIN is "${domain}", which is not a host name. It must be ${ENV_HELP.BOT_DOMAIN}.`);
  }
  if (problems.length > 0) {
    throw new AppPackageError(
      `The app package needs these settings:\n${problems.map((p) => `- ${p}`).join("\n")}\n` +
        "Set them in the environment, or run with --demo to build the demo tenant's package.",
    );
  }
  return { botId: value("MicrosoftAppId"), teamsAppId: value("TEAMS_APP_ID"), botDomain: domain };
}

/** Replaces `{{BOT_ID}}`, `{{TEAMS_APP_ID}}` and `{{BOT_DOMAIN}}`; any other placeholder is an error. */
export function fillPlaceholders(template: string, settings: PackageSettings): string {
  const values: Record<string, string> = {
    BOT_ID: settings.botId,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_DOMAIN: settings.botDomain,
  };
  const unknown = new Set<string>();
  const filled = template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) {
      unknown.add(whole);
      return whole;
    }
    // Values land inside JSON strings: keep them valid JSON.
    return JSON.stringify(v).slice(1, -1);
  });
  if (unknown.size > 0) {
    throw new AppPackageError(
      `manifest.json has placeholders that packaging does not know: ${[...unknown].join(", ")}. ` +
        "Only {{BOT_ID}}, {{TEAMS_APP_ID}} and {{BOT_DOMAIN}} are filled in.",
    );
  }
  return filled;
}

const SCHEMA_URL_PREFIX = "https://developer.microsoft.com/json-schemas/";

/** Where `@microsoft/app-manifest` keeps its copies of the official JSON schemas. */
function shippedSchemasDir(): string {
  const entry = createRequire(import.meta.url).resolve("@microsoft/app-manifest");
  return join(dirname(entry), "json-schemas");
}

/**
 * Loads the schema named by the manifest's `$schema` from the copy shipped in `@microsoft/app-manifest`,
 * so validation never goes to the network.
 */
export function loadShippedSchema(schemaUrl: unknown): object {
  if (typeof schemaUrl !== "string" || !schemaUrl.startsWith(`${SCHEMA_URL_PREFIX}teams/`)) {
    throw new AppPackageError(
      `manifest.json's $schema is ${JSON.stringify(schemaUrl)}; it must be the official Teams schema URL, ` +
        `like ${SCHEMA_URL_PREFIX}teams/v1.30/MicrosoftTeams.schema.json.`,
    );
  }
  const file = join(shippedSchemasDir(), schemaUrl.slice(SCHEMA_URL_PREFIX.length));
  if (!existsSync(file)) {
    throw new AppPackageError(
      `The schema ${schemaUrl} is not among those shipped with @microsoft/app-manifest, so it cannot be checked offline. ` +
        "Use a manifest version that package ships, or update it.",
    );
  }
  // The same clean-up the package applies to the published schemas (they contain \a and \v escapes).
  const raw = readFileSync(file, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b");
  return JSON.parse(raw) as object;
}

type ValidateArgs = Parameters<typeof AppManifestUtils.validateAgainstSchema>;

/** Schema problems, as sentences that start with where in the manifest they are. */
export async function schemaProblems(manifest: Record<string, unknown>): Promise<string[]> {
  const schema = loadShippedSchema(manifest.$schema);
  const failures = await AppManifestUtils.validateAgainstSchema(manifest as unknown as ValidateArgs[0], schema as ValidateArgs[1]);
  // Each failure reads "<instancePath> <message>. Details: {...}"; the root's path is empty.
  return failures.map((f) => (f.startsWith(" ") ? `(root)${f}` : f));
}

/** Rules Teams applies that the schema cannot express, for this bot's kind of manifest. */
export function teamsRuleProblems(manifest: TeamsManifest): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(manifest);
  const leftover = text.match(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/g);
  if (leftover) problems.push(`placeholders were left unfilled: ${[...new Set(leftover)].join(", ")}.`);
  const bot = manifest.bots?.[0];
  if (!bot) {
    problems.push("/bots has no bot; Gatepass is a bot.");
  } else {
    const sso = manifest.webApplicationInfo;
    if (!sso) {
      problems.push("/webApplicationInfo is missing; Teams SSO for the bot needs it.");
    } else {
      if (sso.id !== bot.botId) problems.push(`/webApplicationInfo/id is ${sso.id}, but it must be the bot's app id ${bot.botId} (Teams SSO for bots).`);
      const resource = `api://botid-${bot.botId}`;
      if (sso.resource !== resource) problems.push(`/webApplicationInfo/resource is ${sso.resource}, but it must be ${resource}.`);
    }
  }
  if (!manifest.validDomains?.includes("token.botframework.com")) {
    problems.push("/validDomains must include token.botframework.com, or the Bot Framework sign-in card cannot open.");
  }
  for (const [kind, path] of Object.entries(manifest.icons ?? {})) {
    if (typeof path === "string" && (path.includes("/") || path.includes("\\"))) {
      problems.push(`/icons/${kind} is "${path}"; keep icons next to manifest.json at the package's root.`);
    }
  }
  return problems;
}

/** The Teams rules for the two icons: sizes, and for the outline white on transparent. */
export function iconProblems(kind: "color" | "outline", name: string, bytes: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (e) {
    return [`${name} is not a PNG file that can be read (${(e as Error).message}).`];
  }
  const problems: string[] = [];
  const want = kind === "color" ? 192 : 32;
  if (png.width !== want || png.height !== want) {
    problems.push(`${name} is ${png.width}x${png.height} pixels; the ${kind} icon must be ${want}x${want}.`);
  }
  let transparent = 0;
  let notWhite = 0;
  let firstNotWhite = "";
  for (let i = 0; i < png.width * png.height; i++) {
    const [r, g, b, a] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!, png.data[i * 4 + 3]!];
    if (a === 0) {
      transparent++;
    } else if (r !== 255 || g !== 255 || b !== 255) {
      if (notWhite++ === 0) firstNotWhite = `at ${i % png.width},${Math.floor(i / png.width)}: rgb(${r}, ${g}, ${b})`;
    }
  }
  const total = png.width * png.height;
  if (transparent === total) problems.push(`${name} is fully transparent; it shows nothing.`);
  if (kind === "outline") {
    if (transparent === 0) problems.push(`${name} has no transparent pixels; the outline icon must be white on a transparent background.`);
    if (notWhite > 0) {
      problems.push(`${name} has ${notWhite} visible pixels that are not white (first ${firstNotWhite}); the outline icon must be white on a transparent background.`);
    }
  }
  return problems;
}

export interface BuildOptions {
  settings: PackageSettings;
  /** Where the zip goes; appPackage/build/gatepass.zip by default. */
  outFile?: string;
  /** Where manifest.json and the icons are read from; appPackage/ by default. */
  sourceDir?: string;
}

export interface BuiltPackage {
  outFile: string;
  manifest: TeamsManifest;
  /** The files in the zip, in order. */
  entries: string[];
}

/** A fixed time for the zip's entries, so the same inputs give the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2025, 0, 1));

/** Builds, checks and zips the package. Fails with every problem found, one per line, and writes nothing then. */
export async function buildAppPackage(options: BuildOptions): Promise<BuiltPackage> {
  const sourceDir = options.sourceDir ?? APP_PACKAGE_DIR;
  const outFile = options.outFile ?? DEFAULT_OUT_FILE;
  const manifestFile = join(sourceDir, "manifest.json");
  const template = await readFile(manifestFile, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new AppPackageError(`Cannot read ${manifestFile}: ${e.message}.`);
  });
  const filled = fillPlaceholders(template, options.settings);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(filled) as Record<string, unknown>;
  } catch (e) {
    throw new AppPackageError(`${manifestFile} is not valid JSON once filled in: ${(e as Error).message}.`);
  }

  const problems = (await schemaProblems(parsed)).map((p) => `manifest.json ${p}`);
  const manifest = parsed as unknown as TeamsManifest;
  problems.push(...teamsRuleProblems(manifest).map((p) => `manifest.json: ${p}`));

  const icons: [string, Buffer][] = [];
  for (const kind of ["color", "outline"] as const) {
    const name = manifest.icons?.[kind];
    if (typeof name !== "string") continue; // the schema has already said so
    const file = join(sourceDir, name);
    if (!existsSync(file)) {
      problems.push(`${name}: the ${kind} icon named in manifest.json is not in ${sourceDir}.`);
      continue;
    }
    const bytes = await readFile(file);
    problems.push(...iconProblems(kind, name, bytes));
    icons.push([name, bytes]);
  }

  if (problems.length > 0) {
    const version = typeof parsed.manifestVersion === "string" ? ` (manifest version ${parsed.manifestVersion})` : "";
    throw new AppPackageError(`The app package was not built${version}, because:\n${problems.map((p) => `- ${p}`).join("\n")}`);
  }

  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const [name, bytes] of icons) zip.file(name, bytes, { date: ZIP_DATE });
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, bytes);
  return { outFile, manifest, entries: ["manifest.json", ...icons.map(([name]) => name)] };
}
