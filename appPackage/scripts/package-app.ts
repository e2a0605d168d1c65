/**
 * `npm run package:app`: builds appPackage/build/gatepass.zip, the Teams app package to upload.
 *
 *   MicrosoftAppId=<bot app id> TEAMS_APP_ID=<teams app id> BOT_DOMAIN=<host> npm run package:app
 *   npm run package:app -- --demo             # the demo tenant's ids and localhost
 *   npm run package:app -- --out some/file.zip
 *
 * The manifest is validated offline against the official schema and the icons against Teams' rules;
 * nothing is written when a check fails.
 */
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { AppPackageError, buildAppPackage, DEFAULT_OUT_FILE, DEMO_SETTINGS, settingsFromEnv, type BuiltPackage } from "./app-package.js";

const USAGE = `Usage: npm run package:app [-- --demo] [-- --out <file.zip>]

Builds the Teams app package (manifest.json, color.png, outline.png) into ${relative(process.cwd(), DEFAULT_OUT_FILE)}.
Without --demo it reads from the environment:
  MicrosoftAppId  the bot's Microsoft Entra app id (also the Teams SSO app)
  TEAMS_APP_ID    the Teams app's id, a GUID kept across versions
  BOT_DOMAIN      the host name the bot is served from, e.g. gatepass.contoso.com
--demo uses the demo tenant's bot id (as a GUID) and localhost instead.`;

export interface RunResult {
  exitCode: number;
  built?: BuiltPackage;
}

/** The command line, without exiting, so tests can call it. */
export async function run(
  argv: string[],
  env: Record<string, string | undefined>,
  out: { log: (s: string) => void; error: (s: string) => void } = console,
): Promise<RunResult> {
  let demo = false;
  let outFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--demo") demo = true;
    else if (arg === "--out" && argv[i + 1]) outFile = argv[++i];
    else if (arg.startsWith("--out=")) outFile = arg.slice("--out=".length);
    else if (arg === "--help" || arg === "-h") {
      out.log(USAGE);
      return { exitCode: 0 };
    } else {
      out.error(`Unknown argument "${arg}".\n\n${USAGE}`);
      return { exitCode: 2 };
    }
  }
  try {
    const settings = demo ? DEMO_SETTINGS : settingsFromEnv(env);
    const built = await buildAppPackage({ settings, ...(outFile ? { outFile } : {}) });
    out.log(
      `Built ${relative(process.cwd(), built.outFile)} (Teams manifest ${built.manifest.manifestVersion}, ` +
        `app ${settings.teamsAppId}, bot ${settings.botId}, domain ${settings.botDomain}${demo ? ", demo" : ""}): ${built.entries.join(", ")}.`,
    );
    return { exitCode: 0, built };
  } catch (e) {
    if (e instanceof AppPackageError) {
      out.error(e.message);
      return { exitCode: 1 };
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { exitCode } = await run(process.argv.slice(2), process.env);
  process.exitCode = exitCode;
}
