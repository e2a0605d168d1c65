import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as ACData from "adaptivecards-templating";

import type { CardName, CardSpec } from "../../use-cases/card-spec.js";

export type AdaptiveCardJson = Record<string, unknown>;

const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../adaptiveCards");
const templates = new Map<CardName, object>();

function template(name: CardName): object {
  let json = templates.get(name);
  if (!json) {
    json = JSON.parse(readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), "utf8")) as object;
    templates.set(name, json);
  }
  return json;
}

/**
 * Binds a template to its view model. View models are plain data from pure functions of Entra state
 * and viewer; text people typed stays data (never template syntax), and templates show it in TextRuns,
 * which Teams does not read as markdown.
 */
export function renderCard(name: CardName, data: object): AdaptiveCardJson {
  return new ACData.Template(template(name)).expand({ $root: data }) as AdaptiveCardJson;
}

/** Binds a use case's card spec. */
export function renderSpec(spec: CardSpec): AdaptiveCardJson {
  return renderCard(spec.template, spec.data);
}
