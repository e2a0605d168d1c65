import { describe, expect, it } from "vitest";
import { ODataSyntaxError } from "../../../../src/demo-tenant/odata/odata-syntax-error.js";
import * as odata from "../../../../src/demo-tenant/odata/index.js";

describe("ODataSyntaxError", () => {
  it("is an Error with its own name and the given message", () => {
    const error = new ODataSyntaxError("Invalid $top: must be a number.");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ODataSyntaxError");
    expect(error.message).toBe("Invalid $top: must be a number.");
    expect(error.reason).toBe("Invalid $top: must be a number.");
    expect(error.position).toBeUndefined();
    expect(String(error)).toBe("ODataSyntaxError: Invalid $top: must be a number.");
  });

  it("builds the standard sentence with position and hint", () => {
    const error = ODataSyntaxError.invalid("$filter", "expected a value after 'eq'", 14, "Try harder.");
    expect(error.message).toBe("Invalid $filter: expected a value after 'eq' at position 14. Try harder.");
    expect(error).toMatchObject({ option: "$filter", reason: "expected a value after 'eq'", position: 14, hint: "Try harder." });
    expect(ODataSyntaxError.invalid("$select", "the list is empty").message).toBe("Invalid $select: the list is empty.");
  });
});

describe("index", () => {
  it("re-exports the public API", () => {
    expect(Object.keys(odata).sort()).toEqual([
      "ODataSyntaxError",
      "compareByOrder",
      "evaluateFilter",
      "parseExpand",
      "parseFilter",
      "parseFunctionSegment",
      "parseOrderBy",
      "parseSelect",
      "resolvePlainPath",
    ]);
  });
});

describe("ODataSyntaxError stack", () => {
  it("names the class in the stack trace", () => {
    expect(new ODataSyntaxError("x").stack?.startsWith("ODataSyntaxError: x")).toBe(true);
  });
});
