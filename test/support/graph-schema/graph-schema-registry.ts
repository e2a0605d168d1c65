/**
 * Turns the Graph OpenAPI schemas (plus the types the YAML lacks, from @microsoft/microsoft-graph-types) into
 * strict Ajv validators.
 *
 * The OpenAPI files declare every type with `additionalProperties: {type: object}` and use `allOf: [$ref base,
 * {...own properties}]` for inheritance, which would accept almost anything. Instead, each named object type
 * is compiled into a *closed* schema: its properties flattened along the base-type chain,
 * `additionalProperties: false`, and only OData annotations (keys containing `@odata.`) allowed on top.
 *
 * Properties typed as another named object type are not `$ref`s but a custom `graphType` keyword, which
 * picks the schema by the value's `"@odata.type"` at validation time (a derived type, possibly one that is
 * only in the npm package), checks that it derives from the declared type, and validates with that type's
 * own closed validator. Enums use a custom `graphEnum` keyword (flag enums accept comma-separated members).
 * Every mismatch is reported as `{pointer, message}` with the Graph type it concerns.
 */
import { Ajv } from "ajv";
import type { ErrorObject, SchemaValidateFunction, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { GraphOpenApi, OpenApiSchema } from "./load-graph-openapi.js";
import type { GraphTypesModel } from "./load-graph-types.js";

export interface GraphMismatch {
  /** JSON pointer into the validated body ("" = the body itself). */
  pointer: string;
  /** Human-readable description, naming the Graph type concerned. */
  message: string;
  /** `path`: about the URL (undocumented path/method, function argument), not the body; shown without a pointer. */
  kind?: "path";
}

export type PropertySource = "openapi" | "graph-types" | "extra";

export interface GraphPropertyInfo {
  schema: OpenApiSchema;
  /** The type in the inheritance chain that declares the property. */
  declaredBy: string;
  source: PropertySource;
}

export interface GraphSchemaRegistryOptions {
  /**
   * Accept properties that @microsoft/microsoft-graph-types declares on a type that the (older) OpenAPI files
   * also have but without that property (e.g. `accessPackageAssignmentRequest.justification`). Default true.
   */
  allowGraphTypesProperties?: boolean;
  /** Extra properties Graph accepts beyond its schema, by type. Default {@link DEFAULT_EXTRA_PROPERTIES}. */
  extraProperties?: Record<string, Record<string, OpenApiSchema>>;
  /** Types whose instances may carry any property (OData open types). Default {@link DEFAULT_OPEN_TYPES}. */
  openTypes?: Iterable<string>;
}

const nullableString: OpenApiSchema = { type: "string", nullable: true };

/**
 * Extra properties Graph accepts (README of shared/graph-openapi): an `accessPackageAssignment` inside an
 * assignment request carries the ids of the access package, policy and target.
 */
export const DEFAULT_EXTRA_PROPERTIES: Record<string, Record<string, OpenApiSchema>> = {
  "microsoft.graph.accessPackageAssignment": {
    accessPackageId: nullableString,
    assignmentPolicyId: nullableString,
    targetId: nullableString,
  },
};

/**
 * OData open types and "service-specific" objects: declared properties are checked, others are allowed.
 * (The YAML cannot tell open types apart: every schema says `additionalProperties: {type: object}`.)
 */
export const DEFAULT_OPEN_TYPES: readonly string[] = [
  "microsoft.graph.ODataErrors.InnerError",
  "microsoft.graph.Json",
  "microsoft.graph.customSecurityAttributeValue",
  "microsoft.graph.plannerAppliedCategories",
  "microsoft.graph.plannerAssignments",
  "microsoft.graph.plannerChecklistItems",
  "microsoft.graph.plannerExternalReferences",
  "microsoft.graph.plannerOrderHintsByAssignee",
  "microsoft.graph.plannerUserIds",
];

/** Keys that are OData annotations: `@odata.type`, `@odata.nextLink`, `manager@odata.context`, ... */
export const ODATA_ANNOTATION = /@odata\./;

const SCHEMA_REF = "#/components/schemas/";

/** OpenAPI `format` -> Ajv format (ajv-formats); others (`duration`, `base64url`, `int16`) are covered by `pattern`s or ignored. */
const FORMAT_MAP: Record<string, string> = {
  "date-time": "date-time",
  date: "date",
  time: "iso-time", // Edm.TimeOfDay has no time zone; ajv-formats' `time` requires one
  uuid: "uuid",
  int32: "int32",
  int64: "int64",
};

type AjvSchema = Record<string, unknown>;

interface GraphTypeKeyword {
  name: string;
  nullable: boolean;
  at: string;
}
interface GraphEnumKeyword {
  name: string;
  values: string[];
  flags: boolean;
  nullable: boolean;
  at: string;
}

interface DataCxt {
  instancePath?: string;
  rootData?: unknown;
}

export function refName(ref: string): string | undefined {
  return ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
}

export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return `an array (${v.length} items)`;
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `'${v.length > 80 ? `${v.slice(0, 77)}...` : v}'`;
  return `${typeof v} ${String(v)}`;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

export class GraphSchemaRegistry {
  readonly ajv: Ajv;
  private readonly allowGraphTypesProperties: boolean;
  private readonly extraProperties: Record<string, Record<string, OpenApiSchema>>;
  private readonly openTypes: Set<string>;
  private readonly exactValidators = new Map<string, ValidateFunction>();
  private readonly inlineValidators = new Map<string, ValidateFunction>();
  private readonly propertyCache = new Map<string, Map<string, GraphPropertyInfo>>();
  private children: Map<string, string[]> | undefined;
  /** Types validated from the npm package's definition because the OpenAPI files lack them (for reporting). */
  readonly graphTypesOnlyTypesUsed = new Set<string>();

  constructor(
    readonly openapi: GraphOpenApi,
    readonly graphTypes: GraphTypesModel,
    options: GraphSchemaRegistryOptions = {},
  ) {
    this.allowGraphTypesProperties = options.allowGraphTypesProperties ?? true;
    this.extraProperties = options.extraProperties ?? DEFAULT_EXTRA_PROPERTIES;
    this.openTypes = new Set(options.openTypes ?? DEFAULT_OPEN_TYPES);
    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, addUsedSchema: false });
    addFormatsModule.default(this.ajv, { mode: "full", formats: ["date-time", "date", "iso-time", "uuid", "int32", "int64"] });
    this.ajv.addVocabulary(["x-graph-at"]);

    // The keyword functions close over the registry; each sets its own `.errors` after nested validation ran.
    const registry = this;
    const graphType: SchemaValidateFunction = function (schema: GraphTypeKeyword, data: unknown, _p, cxt) {
      const c = cxt as DataCxt | undefined;
      const mismatches = registry.checkTyped(schema, data, c?.instancePath ?? "", c?.rootData);
      graphType.errors = mismatches.map(toAjvError);
      return mismatches.length === 0;
    };
    const graphEnum: SchemaValidateFunction = function (schema: GraphEnumKeyword, data: unknown, _p, cxt) {
      const c = cxt as DataCxt | undefined;
      const mismatch = checkEnum(schema, data, c?.instancePath ?? "");
      graphEnum.errors = mismatch ? [toAjvError(mismatch)] : [];
      return mismatch === undefined;
    };
    this.ajv.addKeyword({ keyword: "graphType", schemaType: "object", errors: true, validate: graphType });
    this.ajv.addKeyword({ keyword: "graphEnum", schemaType: "object", errors: true, validate: graphEnum });
  }

  // ---------------------------------------------------------------------------------------------------
  // Type model

  /** `object` (entity or complex type), `enum`, `other` (e.g. `ODataCountResponse`), or undefined when unknown. */
  kindOf(name: string): "object" | "enum" | "other" | undefined {
    const s = this.openapi.schemas[name];
    if (s) {
      if (s.enum) return "enum";
      if (s.allOf || s.properties || s.type === "object") return "object";
      return "other";
    }
    if (this.graphTypes.enums[name]) return "enum";
    if (this.graphTypes.types[name]) return "object";
    return undefined;
  }

  /** Where a type is defined: the OpenAPI files, or only the npm package. */
  sourceOf(name: string): "openapi" | "graph-types" | undefined {
    if (this.openapi.schemas[name]) return "openapi";
    if (this.graphTypes.types[name] || this.graphTypes.enums[name]) return "graph-types";
    return undefined;
  }

  baseOf(name: string): string | undefined {
    const s = this.openapi.schemas[name];
    if (s) {
      const ref = s.allOf?.find((part) => part.$ref)?.$ref;
      return ref ? refName(ref) : undefined;
    }
    return this.graphTypes.types[name]?.base;
  }

  /** The type and its bases, most derived first. */
  chainOf(name: string): string[] {
    const chain: string[] = [];
    for (let t: string | undefined = name; t && !chain.includes(t); t = this.baseOf(t)) chain.push(t);
    return chain;
  }

  isSameOrDerived(name: string, base: string): boolean {
    return this.chainOf(name).includes(base);
  }

  /** All types (from both sources) that derive from `name`, transitively. */
  derivedTypes(name: string): string[] {
    if (!this.children) {
      this.children = new Map();
      const names = new Set([...Object.keys(this.openapi.schemas), ...Object.keys(this.graphTypes.types)]);
      for (const n of names) {
        const b = this.baseOf(n);
        if (!b) continue;
        const list = this.children.get(b) ?? [];
        list.push(n);
        this.children.set(b, list);
      }
    }
    const out: string[] = [];
    const queue = [...(this.children.get(name) ?? [])];
    while (queue.length > 0) {
      const n = queue.shift();
      if (n === undefined || out.includes(n)) continue;
      out.push(n);
      queue.push(...(this.children.get(n) ?? []));
    }
    return out.sort();
  }

  /** Enum members: the YAML's, plus members only the (newer) npm package has when `allowGraphTypesProperties`. */
  enumOf(name: string): { values: string[]; flags: boolean } | undefined {
    const s = this.openapi.schemas[name];
    const fromTypes = this.graphTypes.enums[name];
    if (s?.enum) {
      const values = s.enum.map(String);
      if (fromTypes && this.allowGraphTypesProperties) values.push(...fromTypes.filter((v) => !values.includes(v)));
      return { values, flags: s["x-ms-enum-flags"]?.isFlags === true };
    }
    return fromTypes ? { values: fromTypes, flags: false } : undefined;
  }

  /** Own properties of one type (not inherited), with their source. */
  ownProperties(name: string): Map<string, GraphPropertyInfo> {
    const own = new Map<string, GraphPropertyInfo>();
    const yaml = this.openapi.schemas[name];
    const dts = this.graphTypes.types[name];
    if (yaml) {
      const parts = yaml.allOf ? yaml.allOf.filter((p) => !p.$ref) : [yaml];
      for (const part of parts) {
        for (const [prop, schema] of Object.entries(part.properties ?? {})) {
          own.set(prop, { schema: this.withGraphTypesNullability(schema, dts?.properties[prop]), declaredBy: name, source: "openapi" });
        }
      }
      if (dts && this.allowGraphTypesProperties) {
        for (const [prop, schema] of Object.entries(dts.properties)) {
          if (!own.has(prop)) own.set(prop, { schema: graphTypesSchema(schema), declaredBy: name, source: "graph-types" });
        }
      }
    } else if (dts) {
      for (const [prop, schema] of Object.entries(dts.properties)) {
        own.set(prop, { schema: graphTypesSchema(schema), declaredBy: name, source: "graph-types" });
      }
    }
    for (const [prop, schema] of Object.entries(this.extraProperties[name] ?? {})) {
      if (!own.has(prop)) own.set(prop, { schema, declaredBy: name, source: "extra" });
    }
    return own;
  }

  /** All properties of a type, including those of its base types. */
  properties(name: string): Map<string, GraphPropertyInfo> {
    const cached = this.propertyCache.get(name);
    if (cached) return cached;
    const all = new Map<string, GraphPropertyInfo>();
    for (const t of this.chainOf(name).reverse()) {
      for (const [prop, info] of this.ownProperties(t)) all.set(prop, info);
    }
    this.propertyCache.set(name, all);
    return all;
  }

  /**
   * The YAML never marks `$ref` properties nullable (OpenAPI 3.0 ignores siblings of `$ref`); the npm package
   * says `NullableOption<T>` for the nullable ones. Without information, complex/navigation properties are
   * nullable (the CSDL default), as Graph's own examples show (`"reviewedBy": null`).
   */
  private withGraphTypesNullability(schema: OpenApiSchema, dtsProp: OpenApiSchema | undefined): OpenApiSchema {
    if (!schema.$ref || schema.nullable !== undefined) return schema;
    return { ...schema, nullable: dtsProp ? dtsProp.nullable === true : true };
  }

  private requiredOf(name: string): string[] {
    const out: string[] = [];
    for (const t of this.chainOf(name)) {
      const s = this.openapi.schemas[t];
      if (!s) continue;
      for (const part of s.allOf ?? [s]) out.push(...(part.required ?? []));
    }
    return [...new Set(out)];
  }

  // ---------------------------------------------------------------------------------------------------
  // OpenAPI -> Ajv

  /**
   * Converts an OpenAPI schema to an Ajv schema. `at` labels the location for messages
   * (`microsoft.graph.approvalStage.reviewResult`). Named object types become `graphType`, enums `graphEnum`.
   */
  toAjv(schema: OpenApiSchema, at: string, seen: ReadonlySet<string> = new Set()): AjvSchema {
    if (schema.$ref) {
      const name = refName(schema.$ref);
      const nullable = schema.nullable === true;
      if (name === undefined) return { "x-graph-at": at };
      const kind = this.kindOf(name);
      if (kind === "object") {
        const kw: GraphTypeKeyword = { name, nullable, at };
        return { graphType: kw, "x-graph-at": at };
      }
      if (kind === "enum") {
        const e = this.enumOf(name);
        const kw: GraphEnumKeyword = { name, values: e?.values ?? [], flags: e?.flags ?? false, nullable, at };
        return { graphEnum: kw, "x-graph-at": at };
      }
      const target = this.openapi.schemas[name];
      if (kind === "other" && target && !seen.has(name)) {
        return this.toAjv({ ...target, ...(nullable ? { nullable } : {}) }, at, new Set([...seen, name]));
      }
      return { "x-graph-at": at }; // dangling reference (the current files have none): accept anything
    }
    const nullable = schema.nullable === true;
    if (schema.anyOf || schema.oneOf) {
      const members = schema.anyOf ?? schema.oneOf ?? [];
      // Newer Graph descriptions write a nullable reference as `anyOf: [{$ref}, {type: object, nullable: true}]`;
      // treat that as a nullable `$ref` so the placeholder member does not accept any object.
      const isNullPlaceholder = (m: OpenApiSchema) =>
        m.nullable === true && !m.$ref && !m.properties && !m.allOf && !m.items && !m.enum && (m.type === undefined || m.type === "object");
      const real = members.filter((m) => !isNullPlaceholder(m));
      const anyNull = nullable || real.length < members.length;
      if (real.length === 1 && real[0]) return this.toAjv({ ...real[0], ...(anyNull ? { nullable: true } : {}) }, at, seen);
      const options = real.map((m) => this.toAjv(m, at, seen));
      return { anyOf: anyNull ? [...options, { type: "null" }] : options, "x-graph-at": at };
    }
    if (schema.enum) {
      const kw: GraphEnumKeyword = {
        name: at,
        values: schema.enum.map(String),
        flags: schema["x-ms-enum-flags"]?.isFlags === true,
        nullable,
        at,
      };
      return { graphEnum: kw, "x-graph-at": at };
    }
    if (schema.type === "object" || schema.properties || schema.allOf) {
      if (!schema.properties && !schema.allOf) return { type: nullable ? ["object", "null"] : "object", "x-graph-at": at };
      const props: Record<string, AjvSchema> = {};
      for (const part of schema.allOf ?? [schema]) {
        if (part.$ref) {
          const base = refName(part.$ref);
          if (base) for (const [p, info] of this.properties(base)) props[p] = this.toAjv(info.schema, `${info.declaredBy}.${p}`);
          continue;
        }
        for (const [p, s] of Object.entries(part.properties ?? {})) props[p] = this.toAjv(s, `${at}.${p}`, seen);
      }
      return closedObject(props, schema.required ?? [], false, at, nullable);
    }
    if (schema.type === "array") {
      const out: AjvSchema = { type: nullable ? ["array", "null"] : "array", "x-graph-at": at };
      if (schema.items) out["items"] = this.toAjv(schema.items, at, seen);
      return out;
    }
    if (schema.type) {
      const out: AjvSchema = { type: nullable ? [schema.type, "null"] : schema.type, "x-graph-at": at };
      const format = schema.format ? FORMAT_MAP[schema.format] : undefined;
      if (format) out["format"] = format;
      if (schema.pattern) out["pattern"] = schema.pattern;
      for (const k of ["minimum", "maximum", "minLength", "maxLength"] as const) {
        if (schema[k] !== undefined) out[k] = schema[k];
      }
      return out;
    }
    return { "x-graph-at": at }; // no constraints
  }

  /** The closed Ajv schema of one named object type (own + inherited properties). */
  exactSchema(name: string): AjvSchema {
    const props: Record<string, AjvSchema> = {};
    for (const [p, info] of this.properties(name)) props[p] = this.toAjv(info.schema, `${info.declaredBy}.${p}`);
    return closedObject(props, this.requiredOf(name), this.openTypes.has(name), name, false);
  }

  exactValidator(name: string): ValidateFunction {
    let v = this.exactValidators.get(name);
    if (!v) {
      v = this.ajv.compile(this.exactSchema(name));
      this.exactValidators.set(name, v);
    }
    return v;
  }

  /** Validates any value against an OpenAPI schema (e.g. a response body schema). */
  validate(schema: OpenApiSchema, data: unknown, at: string, pointer = ""): GraphMismatch[] {
    const key = `${at}\n${JSON.stringify(schema)}`;
    let v = this.inlineValidators.get(key);
    if (!v) {
      v = this.ajv.compile(this.toAjv(schema, at));
      this.inlineValidators.set(key, v);
    }
    return this.run(v, data, pointer, data);
  }

  /** Validates a value against a named type (`microsoft.graph.approvalStage`), honouring `@odata.type`. */
  validateType(name: string, data: unknown, pointer = ""): GraphMismatch[] {
    return this.checkTyped({ name, nullable: false, at: name }, data, pointer, data);
  }

  private run(v: ValidateFunction, data: unknown, pointer: string, rootData: unknown): GraphMismatch[] {
    const call = v as unknown as (data: unknown, cxt: { instancePath: string; rootData: unknown }) => boolean;
    if (call(data, { instancePath: pointer, rootData })) return [];
    return this.collect(v.errors ?? []);
  }

  private collect(errors: readonly ErrorObject[]): GraphMismatch[] {
    const out: GraphMismatch[] = [];
    const formatPointers = new Set(errors.filter((e) => e.keyword === "format").map((e) => e.instancePath));
    for (const e of errors) {
      const m = (e.params as { mismatch?: GraphMismatch }).mismatch;
      if (m) {
        out.push(m);
        continue;
      }
      if (e.keyword === "pattern" && formatPointers.has(e.instancePath)) continue; // same problem, clearer message
      const formatted = formatAjvError(e, this);
      if (formatted) out.push(formatted);
    }
    return dedupe(out);
  }

  /** The `graphType` keyword: null/type checks, `@odata.type` dispatch, then the exact type's validator. */
  checkTyped(schema: GraphTypeKeyword, data: unknown, pointer: string, rootData: unknown): GraphMismatch[] {
    const where = schema.at === schema.name ? schema.name : schema.at;
    if (data === null) {
      return schema.nullable ? [] : [{ pointer, message: `null is not allowed, expected a ${schema.name} object (${where})` }];
    }
    if (!isPlainObject(data)) {
      return [
        {
          pointer,
          message: `expected a ${schema.name} object${schema.nullable ? " or null" : ""}, got ${describeValue(data)} (${where})`,
        },
      ];
    }
    const out: GraphMismatch[] = [];
    let target = schema.name;
    const odataType = data["@odata.type"];
    if (odataType !== undefined) {
      const typePointer = `${pointer}/@odata.type`;
      if (typeof odataType !== "string") {
        out.push({ pointer: typePointer, message: `@odata.type must be a string like '#microsoft.graph.x', got ${describeValue(odataType)} (${where})` });
      } else {
        const name = odataType.startsWith("#") ? odataType.slice(1) : odataType;
        const kind = this.kindOf(name);
        if (kind !== "object") {
          const derived = this.derivedTypes(schema.name);
          out.push({
            pointer: typePointer,
            message:
              `unknown @odata.type '${odataType}': neither the Graph OpenAPI files nor @microsoft/microsoft-graph-types ` +
              `define ${kind === "enum" ? "an entity or complex type called" : "a type"} ${name} (expected ${schema.name}` +
              `${derived.length > 0 ? ` or one of its derived types: ${derived.slice(0, 12).map((d) => `#${d}`).join(", ")}${derived.length > 12 ? `, ... (${derived.length - 12} more)` : ""}` : ""})`,
          });
          return out; // validating against a guess would only add noise
        }
        if (!this.isSameOrDerived(name, schema.name)) {
          out.push({
            pointer: typePointer,
            message: `@odata.type '${odataType}' is not ${schema.name} or a type derived from it (${where}; ${name} derives from ${this.chainOf(name).slice(1).join(", ") || "nothing"})`,
          });
        }
        target = name;
      }
    }
    if (!this.openapi.schemas[target]) this.graphTypesOnlyTypesUsed.add(target);
    out.push(...this.run(this.exactValidator(target), data, pointer, rootData));
    return out;
  }

  // ---------------------------------------------------------------------------------------------------
  // Messages

  /** Message for a property a type does not declare, with suggestions. */
  unknownPropertyMessage(typeName: string, prop: string, data: unknown): string {
    const chain = this.chainOf(typeName);
    const declared = [...this.properties(typeName).keys()];
    let message = `unknown property '${prop}': not declared by ${typeName}${chain.length > 1 ? ` or its base types (${chain.slice(1).join(", ")})` : ""}`;
    const lower = prop.toLowerCase();
    const close = declared
      .map((d) => ({ d, dist: d.toLowerCase() === lower ? 0 : levenshtein(d.toLowerCase(), lower) }))
      .filter((x) => x.dist <= Math.max(1, Math.floor(prop.length / 5)))
      .sort((a, b) => a.dist - b.dist)[0];
    if (close) message += `; did you mean '${close.d}'?`;
    const hasOdataType = isPlainObject(data) && data["@odata.type"] !== undefined;
    if (!hasOdataType) {
      const declaring = this.derivedTypes(typeName).filter((d) => this.properties(d).has(prop));
      if (declaring.length > 0) {
        message += `; derived type${declaring.length > 1 ? "s" : ""} ${declaring.slice(0, 6).map((d) => `#${d}`).join(", ")}${declaring.length > 6 ? ", ..." : ""} declare${declaring.length > 1 ? "" : "s"} it: is "@odata.type" missing?`;
      }
    }
    return message;
  }
}

/**
 * The npm package marks nearly every collection `NullableOption<T[]>`, but OData never serialises a
 * collection-valued property as null (and the YAML does not mark arrays nullable): keep arrays non-null.
 */
function graphTypesSchema(schema: OpenApiSchema): OpenApiSchema {
  if (schema.type !== "array" || !schema.nullable) return schema;
  const { nullable: _nullable, ...rest } = schema;
  return rest;
}

function closedObject(
  props: Record<string, AjvSchema>,
  required: readonly string[],
  open: boolean,
  at: string,
  nullable: boolean,
): AjvSchema {
  const out: AjvSchema = {
    type: nullable ? ["object", "null"] : "object",
    properties: props,
    patternProperties: { [ODATA_ANNOTATION.source]: {} },
    additionalProperties: open,
    "x-graph-at": at,
  };
  if (required.length > 0) out["required"] = [...required];
  return out;
}

function toAjvError(m: GraphMismatch): ErrorObject {
  return { keyword: "graph", instancePath: m.pointer, schemaPath: "", params: { mismatch: m }, message: m.message };
}

function checkEnum(schema: GraphEnumKeyword, data: unknown, pointer: string): GraphMismatch | undefined {
  const where = schema.name === schema.at ? schema.at : `${schema.at}: ${schema.name}`;
  if (data === null) {
    return schema.nullable ? undefined : { pointer, message: `null is not allowed, expected one of ${schema.values.join(", ")} (${where})` };
  }
  if (typeof data !== "string") {
    return { pointer, message: `expected an enum string (one of ${schema.values.join(", ")}), got ${describeValue(data)} (${where})` };
  }
  if (schema.flags) {
    const members = data.split(",").map((s) => s.trim());
    const bad = members.filter((m) => !schema.values.includes(m));
    if (bad.length === 0 && members.length > 0) return undefined;
    return {
      pointer,
      message: `${describeValue(data)} is not a comma-separated combination of ${schema.values.join(", ")} (flags enum; ${where})`,
    };
  }
  if (schema.values.includes(data)) return undefined;
  const ci = schema.values.find((v) => v.toLowerCase() === data.toLowerCase());
  return {
    pointer,
    message: `${describeValue(data)} is not one of ${schema.values.join(", ")}${ci ? `; did you mean '${ci}'? Enum values are case-sensitive` : ""} (${where})`,
  };
}

function formatAjvError(e: ErrorObject, registry: GraphSchemaRegistry): GraphMismatch | undefined {
  const parent = (e.parentSchema ?? {}) as AjvSchema;
  const at = typeof parent["x-graph-at"] === "string" ? parent["x-graph-at"] : "?";
  const pointer = e.instancePath;
  const data = e.data as unknown;
  switch (e.keyword) {
    case "additionalProperties": {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      const typeName = at;
      const message = registry.kindOf(typeName) === "object"
        ? registry.unknownPropertyMessage(typeName, prop, data)
        : `unknown property '${prop}': not declared by ${typeName}`;
      return { pointer: `${pointer}/${escapePointer(prop)}`, message };
    }
    case "type": {
      const t = (e.params as { type: string | string[] }).type;
      const expected = Array.isArray(t) ? t.join(" or ") : t.split(",").join(" or ");
      return { pointer, message: `expected ${expected}, got ${describeValue(data)} (${at})` };
    }
    case "format":
      return { pointer, message: `${describeValue(data)} is not a valid ${(e.params as { format: string }).format} (${at})` };
    case "pattern":
      return { pointer, message: `${describeValue(data)} does not match the pattern ${(e.params as { pattern: string }).pattern} (${at})` };
    case "required":
      return {
        pointer,
        message: `missing required property '${(e.params as { missingProperty: string }).missingProperty}' (${at})`,
      };
    case "minimum":
    case "maximum":
    case "minLength":
    case "maxLength":
      return { pointer, message: `${describeValue(data)} ${e.message ?? "is out of range"} (${at})` };
    case "anyOf":
    case "oneOf":
      return { pointer, message: `${describeValue(data)} matches none of the allowed schemas (${at})` };
    default:
      return { pointer, message: `${e.message ?? e.keyword} (${at})` };
  }
}

function dedupe(list: GraphMismatch[]): GraphMismatch[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    const k = `${m.pointer}\n${m.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
