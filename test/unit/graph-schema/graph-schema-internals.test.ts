/**
 * Tests of the validator's building blocks on small synthetic descriptions (no YAML loading: fast).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readOrBuildCached } from "../../support/graph-schema/disk-cache.js";
import { GraphSchemaRegistry } from "../../support/graph-schema/graph-schema-registry.js";
import type { GraphOpenApi, OpenApiSchema } from "../../support/graph-schema/load-graph-openapi.js";
import type { GraphTypesModel } from "../../support/graph-schema/load-graph-types.js";
import { GraphPathMatcher, parseGraphPath } from "../../support/graph-schema/match-graph-path.js";

const ref = (name: string): OpenApiSchema => ({ $ref: `#/components/schemas/${name}` });

function openapi(schemas: Record<string, OpenApiSchema>, templates: string[] = []): GraphOpenApi {
  const paths: GraphOpenApi["paths"] = {};
  for (const t of templates) paths[t] = { get: { operationId: t, responses: { "2XX": {} } } };
  return { dir: "/x", files: ["x.yml"], paths, schemas, responses: {}, requestBodies: {}, conflicts: [], duplicateOperations: [] };
}

const noTypes: GraphTypesModel = { file: "x.d.ts", version: "0", types: {}, enums: {}, unsupported: [] };

const schemas: Record<string, OpenApiSchema> = {
  "microsoft.graph.entity": { type: "object", properties: { id: { type: "string" } } },
  "microsoft.graph.color": { type: "string", enum: ["red", "green", "unknownFutureValue"] },
  "microsoft.graph.days": { type: "string", enum: ["monday", "tuesday"], "x-ms-enum-flags": { isFlags: true } },
  "microsoft.graph.thing": {
    allOf: [
      ref("microsoft.graph.entity"),
      {
        type: "object",
        properties: {
          color: ref("microsoft.graph.color"),
          days: ref("microsoft.graph.days"),
          owner: { anyOf: [ref("microsoft.graph.entity"), { type: "object", nullable: true }] },
          size: { type: "integer", format: "int32", minimum: -2147483648, maximum: 2147483647, nullable: true },
          bag: ref("microsoft.graph.Json"),
        },
      },
    ],
  },
  "microsoft.graph.Json": { type: "object" },
};

describe("GraphSchemaRegistry on synthetic schemas", () => {
  const registry = new GraphSchemaRegistry(openapi(schemas), noTypes);

  it("flattens allOf inheritance and closes the object", () => {
    expect([...registry.properties("microsoft.graph.thing").keys()]).toEqual(["id", "color", "days", "owner", "size", "bag"]);
    expect(registry.validateType("microsoft.graph.thing", { id: "1", colour: "red", "@odata.etag": "W/1", "x@odata.type": "#Int64" })).toEqual([
      { pointer: "/colour", message: expect.stringContaining("unknown property 'colour': not declared by microsoft.graph.thing or its base types (microsoft.graph.entity); did you mean 'color'?") },
    ]);
  });

  it("treats anyOf [$ref, nullable object] as a nullable reference, not as 'any object'", () => {
    expect(registry.validateType("microsoft.graph.thing", { owner: null })).toEqual([]);
    expect(registry.validateType("microsoft.graph.thing", { owner: { id: "1", extra: true } })).toHaveLength(1);
  });

  it("checks enums and flag enums", () => {
    expect(registry.validateType("microsoft.graph.thing", { color: "unknownFutureValue", days: "monday, tuesday" })).toEqual([]);
    const result = registry.validateType("microsoft.graph.thing", { color: "blue", days: "monday,friday" });
    expect(result.map((m) => m.pointer)).toEqual(["/color", "/days"]);
    expect(result[1]?.message).toContain("is not a comma-separated combination of monday, tuesday");
  });

  it("checks integer ranges and lets open types carry anything", () => {
    expect(registry.validateType("microsoft.graph.thing", { size: 2147483648 })[0]?.message).toContain("must be <= 2147483647");
    expect(registry.validateType("microsoft.graph.thing", { size: null, bag: { anything: [1, 2] } })).toEqual([]);
  });

  it("resolves derived types from graph-types when the YAML lacks them", () => {
    const types: GraphTypesModel = {
      ...noTypes,
      types: {
        "microsoft.graph.redThing": { tsName: "RedThing", base: "microsoft.graph.thing", properties: { shade: { type: "string", nullable: true } } },
      },
    };
    const r = new GraphSchemaRegistry(openapi(schemas), types);
    expect(r.derivedTypes("microsoft.graph.entity")).toEqual(["microsoft.graph.redThing", "microsoft.graph.thing"]);
    expect(r.validateType("microsoft.graph.thing", { "@odata.type": "#microsoft.graph.redThing", shade: "dark", color: "red" })).toEqual([]);
    expect(r.validateType("microsoft.graph.thing", { shade: "dark" })[0]?.message).toContain(
      '#microsoft.graph.redThing declares it: is "@odata.type" missing?',
    );
    expect(r.graphTypesOnlyTypesUsed.has("microsoft.graph.redThing")).toBe(true);
  });
});

describe("GraphPathMatcher", () => {
  const matcher = new GraphPathMatcher(
    openapi(schemas, [
      "/things",
      "/things/{thing-id}",
      "/things/{thing-id}/microsoft.graph.cancel",
      "/things/microsoft.graph.delta()",
      "/things/microsoft.graph.filterByCurrentUser(on='{on}')",
      "/things/microsoft.graph.range(from={from},to={to})",
      "/users/{user-id}/things",
    ]),
  );

  it("prefers literals and functions over {id} and maps /me", () => {
    expect(matcher.match("/v1.0/things/delta()")?.template).toBe("/things/microsoft.graph.delta()");
    expect(matcher.match("/things/microsoft.graph.delta()")?.template).toBe("/things/microsoft.graph.delta()");
    expect(matcher.match("/things/abc/cancel")?.params).toEqual({ "thing-id": "abc" });
    expect(matcher.match("/things/filterByCurrentUser(on='target')")?.functionArgs).toEqual({ on: "target" });
    expect(matcher.match("/things/range(to=2,from=1)")?.functionArgs).toEqual({ from: "1", to: "2" });
    expect(matcher.match("/me/things?$top=1")?.template).toBe("/users/{user-id}/things");
    expect(matcher.match("/things/nope()")).toBeUndefined();
    expect(matcher.match("/things/abc/cancel/more")).toBeUndefined();
  });

  it("parses versions, origins, queries and beta", () => {
    expect(parseGraphPath("https://graph.microsoft.com/v1.0/things/f(a='x/y?')?$filter=a eq 'b'")).toEqual({
      kind: "v1",
      path: "/things/f(a='x/y?')",
      segments: ["things", "f(a='x/y?')"],
    });
    expect(parseGraphPath("/beta/things").kind).toBe("beta");
    expect(parseGraphPath("/v1.0//things").kind).toBe("invalid");
  });
});

describe("disk cache", () => {
  it("builds once and then reads the cache file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "graph-schema-cache-"));
    try {
      let builds = 0;
      const build = () => ({ n: ++builds });
      const first = readOrBuildCached("t", ["k1"], build, { cacheDir: dir });
      const second = readOrBuildCached("t", ["k1"], build, { cacheDir: dir });
      const other = readOrBuildCached("t", ["k2"], build, { cacheDir: dir });
      expect([first.source, second.source, other.source]).toEqual(["built", "disk-cache", "built"]);
      expect(second.value).toEqual({ n: 1 });
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".json"))).toHaveLength(1); // stale k1 file removed
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
