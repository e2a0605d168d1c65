/**
 * Loads the Microsoft Graph v1.0 OpenAPI descriptions in `shared/graph-openapi/` (six YAML files, ~10 MB)
 * and merges their `paths` and `components` into one in-memory model.
 *
 * Parsing the YAML takes several seconds, so the merged model is slimmed (descriptions, examples, query
 * parameters and other documentation-only keys are dropped) and cached:
 *  - in memory, per process (each vitest test file runs in its own worker, so this is per test file);
 *  - on disk under `node_modules/.cache/graph-schema/`, keyed by the YAML files' paths, sizes and mtimes,
 *    so only the very first test file of a fresh checkout pays for the YAML parse.
 *
 * The YAML is parsed with the `yaml` package's default YAML 1.2 core schema: the files contain unquoted
 * `- name: on` parameters, which a YAML 1.1 parser would read as the boolean `true`.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { fileFingerprint, readOrBuildCached, repoRoot } from "./disk-cache.js";
import type { DiskCacheOptions } from "./disk-cache.js";

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The subset of OpenAPI 3.0 schema objects that the Graph descriptions use. */
export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  additionalProperties?: boolean | OpenApiSchema;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  title?: string;
  readOnly?: boolean;
  "x-ms-enum-flags"?: { isFlags?: boolean };
}

export interface OpenApiMediaType {
  schema?: OpenApiSchema;
}

export interface OpenApiResponse {
  $ref?: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: OpenApiSchema;
}

export interface OpenApiRequestBody {
  $ref?: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId?: string;
  /** Path parameters only (query parameters are dropped when loading). */
  parameters?: OpenApiParameter[];
  requestBody?: OpenApiRequestBody;
  responses: Record<string, OpenApiResponse>;
  /** The YAML file the operation came from. */
  "x-source-file"?: string;
}

export type OpenApiPathItem = Partial<Record<HttpMethod, OpenApiOperation>>;

export interface GraphOpenApi {
  dir: string;
  files: string[];
  paths: Record<string, OpenApiPathItem>;
  schemas: Record<string, OpenApiSchema>;
  responses: Record<string, OpenApiResponse>;
  requestBodies: Record<string, OpenApiRequestBody>;
  /** Component names that two files define differently (the first file's definition is kept). */
  conflicts: string[];
  /** Path templates (with method) that two files both define (the first file's operation is kept). */
  duplicateOperations: string[];
}

export interface GraphOpenApiLoadInfo {
  source: "memory" | "disk-cache" | "yaml";
  /** Milliseconds this call took (0-ish for `memory`). */
  ms: number;
  /** Milliseconds the first load in this process took. */
  firstLoadMs: number;
  cacheFile: string | undefined;
}

/** Bump when the shape of the cached model changes. */
const CACHE_FORMAT = "graph-openapi-v1";

/** `GRAPH_OPENAPI_DIR`, else `<repoRoot>/../shared/graph-openapi` (CI clones `main` with `shared` beside it). */
export function graphOpenApiDir(): string {
  const fromEnv = process.env["GRAPH_OPENAPI_DIR"];
  return fromEnv ? path.resolve(fromEnv) : path.resolve(repoRoot, "../shared/graph-openapi");
}

export function graphOpenApiFiles(dir: string = graphOpenApiDir()): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    throw new Error(
      `Graph OpenAPI directory not found: ${dir} (set GRAPH_OPENAPI_DIR, or place shared/graph-openapi beside the repository)`,
      { cause: error },
    );
  }
  const files = entries.filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`No *.yml files in the Graph OpenAPI directory ${dir}`);
  return files.map((f) => path.join(dir, f));
}

let memory: { dir: string; model: GraphOpenApi; info: GraphOpenApiLoadInfo } | undefined;

/**
 * Returns the merged Graph OpenAPI model (synchronously; memoised per process).
 */
export function loadGraphOpenApi(options: DiskCacheOptions & { dir?: string } = {}): GraphOpenApi {
  return loadGraphOpenApiWithInfo(options).model;
}

export function loadGraphOpenApiWithInfo(options: DiskCacheOptions & { dir?: string } = {}): {
  model: GraphOpenApi;
  info: GraphOpenApiLoadInfo;
} {
  const dir = options.dir ?? graphOpenApiDir();
  if (memory && memory.dir === dir) {
    return { model: memory.model, info: { ...memory.info, source: "memory", ms: 0 } };
  }
  const files = graphOpenApiFiles(dir);
  const result = readOrBuildCached(
    "graph-openapi",
    [CACHE_FORMAT, ...files.map(fileFingerprint)],
    () => parseGraphOpenApiFiles(dir, files),
    options,
  );
  const info: GraphOpenApiLoadInfo = {
    source: result.source === "built" ? "yaml" : "disk-cache",
    ms: result.ms,
    firstLoadMs: result.ms,
    cacheFile: result.cacheFile,
  };
  memory = { dir, model: result.value, info };
  return { model: result.value, info };
}

/** Forgets the in-memory copy (tests of the loader itself). */
export function clearGraphOpenApiMemoryCache(): void {
  memory = undefined;
}

/** Parses and merges the YAML files without any caching. */
export function parseGraphOpenApiFiles(dir: string, files: readonly string[]): GraphOpenApi {
  const model: GraphOpenApi = {
    dir,
    files: files.map((f) => path.basename(f)),
    paths: {},
    schemas: {},
    responses: {},
    requestBodies: {},
    conflicts: [],
    duplicateOperations: [],
  };
  const conflicts = new Set<string>();
  for (const file of files) {
    const base = path.basename(file);
    // Default options = YAML 1.2 core schema (`on` stays a string). The files use no aliases.
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as RawOpenApiDocument;
    const components = doc.components ?? {};
    mergeComponents(model.schemas, components.schemas, "schemas", conflicts, (s) => slimSchema(s));
    mergeComponents(model.responses, components.responses, "responses", conflicts, (r) => slimSchema(r));
    mergeComponents(model.requestBodies, components.requestBodies, "requestBodies", conflicts, (r) =>
      slimSchema(r),
    );
    for (const [template, rawItem] of Object.entries(doc.paths ?? {})) {
      const item = (model.paths[template] ??= {});
      for (const method of HTTP_METHODS) {
        const rawOp = rawItem[method];
        if (!rawOp) continue;
        if (item[method]) {
          model.duplicateOperations.push(`${method.toUpperCase()} ${template} (${base})`);
          continue;
        }
        item[method] = slimOperation(rawOp, rawItem.parameters, base);
      }
    }
  }
  model.conflicts = [...conflicts].sort();
  return model;
}

interface RawOperation {
  operationId?: string;
  parameters?: RawParameter[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}
interface RawParameter {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  schema?: unknown;
}
type RawPathItem = Partial<Record<HttpMethod, RawOperation>> & { parameters?: RawParameter[] };
interface RawOpenApiDocument {
  paths?: Record<string, RawPathItem>;
  components?: {
    schemas?: Record<string, unknown>;
    responses?: Record<string, unknown>;
    requestBodies?: Record<string, unknown>;
  };
}

function mergeComponents<T>(
  target: Record<string, T>,
  source: Record<string, unknown> | undefined,
  kind: string,
  conflicts: Set<string>,
  slim: (value: unknown) => unknown,
): void {
  for (const [name, raw] of Object.entries(source ?? {})) {
    const value = slim(raw) as T;
    const existing = target[name];
    if (existing === undefined) {
      target[name] = value;
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      conflicts.add(`${kind}/${name}`);
    }
  }
}

function slimOperation(raw: RawOperation, pathLevel: RawParameter[] | undefined, file: string): OpenApiOperation {
  const parameters: OpenApiParameter[] = [];
  for (const p of [...(pathLevel ?? []), ...(raw.parameters ?? [])]) {
    // `$ref` parameters are the shared query options ($top, $filter, ...); only path parameters matter here.
    if (p.$ref || p.in !== "path" || typeof p.name !== "string") continue;
    const param: OpenApiParameter = { name: p.name, in: "path" };
    if (p.required !== undefined) param.required = p.required;
    if (p.schema !== undefined) param.schema = slimSchema(p.schema) as OpenApiSchema;
    parameters.push(param);
  }
  const op: OpenApiOperation = {
    responses: slimSchema(raw.responses ?? {}) as Record<string, OpenApiResponse>,
    "x-source-file": file,
  };
  if (raw.operationId !== undefined) op.operationId = raw.operationId;
  if (parameters.length > 0) op.parameters = parameters;
  if (raw.requestBody !== undefined) op.requestBody = slimSchema(raw.requestBody) as OpenApiRequestBody;
  return op;
}

/** Documentation-only keywords, dropped when their value is a string (a property may be *named* `description`). */
const DOC_STRING_KEYS = new Set(["description", "title", "summary"]);
/** Documentation-only keywords dropped whatever their value. */
const DOC_KEYS = new Set(["externalDocs", "x-ms-enum", "example", "examples", "x-ms-docs-grouped-path"]);

/** Drops documentation from a schema-ish tree (keys of `properties` maps are property names, kept as is). */
function slimSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(slimSchema);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === "properties" && child !== null && typeof child === "object" && !Array.isArray(child)) {
      const props: Record<string, unknown> = {};
      for (const [name, propSchema] of Object.entries(child as Record<string, unknown>)) {
        props[name] = slimSchema(propSchema);
      }
      out[key] = props;
      continue;
    }
    if (DOC_KEYS.has(key)) continue;
    if (DOC_STRING_KEYS.has(key) && typeof child === "string") continue;
    out[key] = slimSchema(child);
  }
  return out;
}
