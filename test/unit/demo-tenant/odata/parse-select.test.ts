import { describe, expect, it } from "vitest";
import { ODataSyntaxError } from "../../../../src/demo-tenant/odata/odata-syntax-error.js";
import { parseSelect } from "../../../../src/demo-tenant/odata/parse-select.js";

describe("parseSelect", () => {
  it("splits and trims property names", () => {
    expect(parseSelect("id")).toEqual(["id"]);
    expect(parseSelect(" id , displayName,mail ")).toEqual(["id", "displayName", "mail"]);
  });

  it("accepts '*', paths and type casts", () => {
    expect(parseSelect("*")).toEqual(["*"]);
    expect(parseSelect("microsoft.graph.user/displayName,schedule/expiration")).toEqual([
      "microsoft.graph.user/displayName",
      "schedule/expiration",
    ]);
  });

  it("rejects empty lists and empty items with positions", () => {
    expect(() => parseSelect("")).toThrow(ODataSyntaxError);
    expect(() => parseSelect("  ")).toThrow("Invalid $select: the list of properties is empty.");
    expect(() => parseSelect("id,,mail")).toThrow("Invalid $select: empty property name at position 3.");
    expect(() => parseSelect("id, ")).toThrow("Invalid $select: empty property name at position 4.");
    expect(() => parseSelect(",id")).toThrow("Invalid $select: empty property name at position 0.");
  });

  it("rejects things that are not property names", () => {
    expect(() => parseSelect("id, display name")).toThrow("Invalid $select: 'display name' is not a property name at position 4.");
    expect(() => parseSelect("a($select=b)")).toThrow(ODataSyntaxError);
    expect(() => parseSelect("a/")).toThrow(ODataSyntaxError);
    expect(() => parseSelect("'id'")).toThrow(ODataSyntaxError);
  });
});
