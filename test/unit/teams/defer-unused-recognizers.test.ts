import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// In a process of its own: vitest's workers share Node's require cache between test files, so another
// file may already have loaded the recognizers.
const SCRIPT = `
import "./src/teams/create-teams-app.ts";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const loaded = (name) => Object.keys(require.cache).some((f) => f.includes("/" + name + "/"));
const state = () => ({ suite: loaded("recognizers-text-suite"), number: loaded("recognizers-text-number"), dialogs: loaded("botbuilder-dialogs") });
const atStart = state();
const dialogs = require("botbuilder-dialogs");
const english = dialogs.PromptCultureModels.English.locale;
const chosen = dialogs.recognizeChoices("the second one", ["red", "blue"])[0]?.resolution?.value;
console.log(JSON.stringify({ atStart, english, chosen, afterUse: state() }));
`;

it("loads teams-ai without the dialog recognizers, and a prompt that needs them still gets the real ones", () => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "--no-deprecation", "--input-type=module", "-e", SCRIPT], { cwd: root, encoding: "utf8" });
  const result = JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
  expect(result).toEqual({
    // teams-ai's Application loaded botbuilder-dialogs, but none of the recognizer packages.
    atStart: { suite: false, number: false, dialogs: true },
    // Read while botbuilder-dialogs loads, from the small base package: the same culture names.
    english: "en-us",
    // "the second one" is an ordinal: the number recognizer was loaded for it, and did its work.
    chosen: "blue",
    afterUse: { suite: false, number: true, dialogs: true },
  });
}, 60_000);
