import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as ACData from "adaptivecards-templating";

import type { CardName, CardSpec } from "../../use-cases/card-spec.js";

export type AdaptiveCardJson = Record<string, unknown>;

const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../adaptiveCards");
// Parsed templates, one per card: parsing every `${...}` (ANTLR, in adaptive-expressions) is most of a
// render's cost, and a template is immutable, so it is parsed once per process and expanded many times.
const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let parsed = templates.get(name);
  if (!parsed) {
    parsed = new ACData.Template(JSON.parse(readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), "utf8")) as object);
    templates.set(name, parsed);
  }
  return parsed;
}

/**
 * Binds a template to its view model. View models are plain data from pure functions of Entra state
 * and viewer; text people typed stays data (never template syntax), and templates show it in TextRuns,
 * which Teams does not read as markdown.
 */
export function renderCard(name: CardName, data: object): AdaptiveCardJson {
  return template(name).expand({ $root: data }) as AdaptiveCardJson;
}

/** Binds a use case's card spec. */
export function renderSpec(spec: CardSpec): AdaptiveCardJson {
  return renderCard(spec.template, spec.data);
}
