/**
 * Extracts Graph types from `@microsoft/microsoft-graph-types` (`microsoft-graph.d.ts`) with the TypeScript
 * compiler API, as OpenAPI-style schemas the validator can use next to the YAML's `components.schemas`.
 *
 * Why: the OpenAPI files are pruned (derived types such as `singleUser`, `accessPackageTextInputQuestion` or
 * `accessPackageAnswerString` are missing) and older than the npm package (e.g. no `justification` on
 * `accessPackageAssignmentRequest`). The d.ts also tells which properties are nullable
 * (`NullableOption<T>`), which the YAML does not say for `$ref` properties.
 *
 * Mapping: interface `SingleUser extends SubjectSet` -> `microsoft.graph.singleUser` with base
 * `microsoft.graph.subjectSet`; `export namespace IdentityGovernanceNamespace { interface Workflow }` ->
 * `microsoft.graph.identityGovernance.workflow`; string-literal unions -> enums; `NullableOption<T>` ->
 * `nullable: true`; `T[]` -> array; `string`/`number`/`boolean` -> the JSON types (the d.ts has no formats).
 *
 * The extracted model is cached on disk next to the OpenAPI cache (the d.ts is 2 MB; the compiler takes a
 * few hundred ms to parse it).
 */
import { createRequire } from "node:module";
import fs from "node:fs";
import { fileFingerprint, readOrBuildCached } from "./disk-cache.js";
import type { DiskCacheOptions } from "./disk-cache.js";
import type { OpenApiSchema } from "./load-graph-openapi.js";
import type * as TS from "typescript";

export interface GraphTypesInterface {
  /** Graph name of the base type (`microsoft.graph.subjectSet`), if the interface extends one. */
  base?: string;
  /** Own (not inherited) properties, as OpenAPI-style schemas; `$ref`s point at `#/components/schemas/<graph name>`. */
  properties: Record<string, OpenApiSchema>;
  /** Interface name in the d.ts, e.g. `IdentityGovernanceNamespace.Workflow`. */
  tsName: string;
}

export interface GraphTypesModel {
  file: string;
  version: string;
  types: Record<string, GraphTypesInterface>;
  enums: Record<string, string[]>;
  /** Type expressions the extractor did not understand (mapped to "any value"). */
  unsupported: string[];
}

const CACHE_FORMAT = "graph-types-v1";
const require = createRequire(import.meta.url);

export function graphTypesFile(): string {
  return require.resolve("@microsoft/microsoft-graph-types/microsoft-graph.d.ts");
}

let memory: { model: GraphTypesModel; ms: number; source: "disk-cache" | "built" } | undefined;

export function loadGraphTypes(options: DiskCacheOptions = {}): GraphTypesModel {
  return loadGraphTypesWithInfo(options).model;
}

export function loadGraphTypesWithInfo(options: DiskCacheOptions = {}): {
  model: GraphTypesModel;
  info: { source: "memory" | "disk-cache" | "d.ts"; ms: number; firstLoadMs: number };
} {
  if (memory) return { model: memory.model, info: { source: "memory", ms: 0, firstLoadMs: memory.ms } };
  const file = graphTypesFile();
  const result = readOrBuildCached("graph-types", [CACHE_FORMAT, fileFingerprint(file)], () => parseGraphTypes(file), options);
  memory = { model: result.value, ms: result.ms, source: result.source };
  return {
    model: result.value,
    info: { source: result.source === "built" ? "d.ts" : "disk-cache", ms: result.ms, firstLoadMs: result.ms },
  };
}

/** `Partners.Billing` -> `partners.billing`, `IdentityGovernanceNamespace` -> `identityGovernance`. */
function namespaceToGraph(ns: string): string {
  return ns
    .split(".")
    .map((part) => lowerFirst(part.replace(/Namespace$/, "")))
    .join(".");
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Parses the d.ts (no caching). */
export function parseGraphTypes(file: string): GraphTypesModel {
  const ts = require("typescript") as typeof TS;
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const pkg = require("@microsoft/microsoft-graph-types/package.json") as { version: string };

  interface Decl {
    tsNs: string; // "" for top level, else the namespace as written (e.g. "Partners.Billing")
    graphName: string;
    node: TS.InterfaceDeclaration | TS.TypeAliasDeclaration;
  }
  const decls: Decl[] = [];
  // Declared names per namespace, for resolving type references.
  const byNs = new Map<string, Map<string, string>>();
  const declare = (tsNs: string, node: TS.InterfaceDeclaration | TS.TypeAliasDeclaration) => {
    const name = node.name.text;
    if (tsNs === "" && name === "NullableOption") return;
    const graphNs = tsNs === "" ? "microsoft.graph" : `microsoft.graph.${namespaceToGraph(tsNs)}`;
    const graphName = `${graphNs}.${lowerFirst(name)}`;
    decls.push({ tsNs, graphName, node });
    let names = byNs.get(tsNs);
    if (!names) byNs.set(tsNs, (names = new Map()));
    names.set(name, graphName);
  };
  const visitBlock = (statements: readonly TS.Statement[], tsNs: string) => {
    for (const st of statements) {
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
        declare(tsNs, st);
      } else if (ts.isModuleDeclaration(st)) {
        // `export namespace Partners.Billing { ... }` nests ModuleDeclarations.
        let nsName = st.name.getText(source);
        let body = st.body;
        while (body && ts.isModuleDeclaration(body)) {
          nsName += `.${body.name.getText(source)}`;
          body = body.body;
        }
        if (body && ts.isModuleBlock(body)) visitBlock(body.statements, tsNs ? `${tsNs}.${nsName}` : nsName);
      }
    }
  };
  visitBlock(source.statements, "");

  const unsupported = new Set<string>();
  const resolveName = (tsNs: string, typeName: string): string | undefined => {
    // Qualified: `microsoftgraph.Entity` (top level) or `SecurityNamespace.Alert` (another namespace).
    const dot = typeName.lastIndexOf(".");
    if (dot >= 0) {
      const qualifier = typeName.slice(0, dot);
      const simple = typeName.slice(dot + 1);
      const ns = qualifier === "microsoftgraph" ? "" : qualifier.replace(/^microsoftgraph\./, "");
      return byNs.get(ns)?.get(simple);
    }
    return byNs.get(tsNs)?.get(typeName) ?? byNs.get("")?.get(typeName);
  };
  const toSchema = (tsNs: string, node: TS.TypeNode): OpenApiSchema => {
    if (ts.isParenthesizedTypeNode(node)) return toSchema(tsNs, node.type);
    if (ts.isArrayTypeNode(node)) return { type: "array", items: toSchema(tsNs, node.elementType) };
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { type: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return {};
      default:
        break;
    }
    if (ts.isTypeReferenceNode(node)) {
      const refName = node.typeName.getText(source);
      if (refName === "NullableOption" && node.typeArguments?.length === 1) {
        const inner = node.typeArguments[0];
        if (inner) return { ...toSchema(tsNs, inner), nullable: true };
      }
      if (refName === "Array" && node.typeArguments?.length === 1 && node.typeArguments[0]) {
        return { type: "array", items: toSchema(tsNs, node.typeArguments[0]) };
      }
      const graphName = resolveName(tsNs, refName);
      if (graphName) return { $ref: `#/components/schemas/${graphName}` };
    }
    unsupported.add(node.getText(source));
    return {};
  };

  const types: Record<string, GraphTypesInterface> = {};
  const enums: Record<string, string[]> = {};
  for (const { tsNs, graphName, node } of decls) {
    const tsName = tsNs ? `${tsNs}.${node.name.text}` : node.name.text;
    if (ts.isTypeAliasDeclaration(node)) {
      const members = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type];
      const values: string[] = [];
      for (const m of members) {
        if (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)) values.push(m.literal.text);
      }
      if (values.length === members.length && values.length > 0) enums[graphName] = values;
      else unsupported.add(`type ${tsName} = ${node.type.getText(source)}`);
      continue;
    }
    const entry: GraphTypesInterface = { properties: {}, tsName };
    const heritage = node.heritageClauses?.[0]?.types[0];
    if (heritage) {
      const base = resolveName(tsNs, heritage.expression.getText(source));
      if (base) entry.base = base;
      else unsupported.add(`${tsName} extends ${heritage.expression.getText(source)}`);
    }
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const propName = ts.isStringLiteral(member.name) ? member.name.text : member.name.getText(source);
      entry.properties[propName] = toSchema(tsNs, member.type);
    }
    types[graphName] = entry;
  }
  return { file, version: pkg.version, types, enums, unsupported: [...unsupported].sort() };
}
