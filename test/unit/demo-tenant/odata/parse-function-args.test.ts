import { describe, expect, it } from "vitest";
import { ODataSyntaxError } from "../../../../src/demo-tenant/odata/odata-syntax-error.js";
import { parseFunctionSegment } from "../../../../src/demo-tenant/odata/parse-function-args.js";

describe("parseFunctionSegment", () => {
  it("returns null for ordinary segments", () => {
    expect(parseFunctionSegment("assignments")).toBeNull();
    expect(parseFunctionSegment("5c5e1c2a-0000-4000-8000-00000000abcd")).toBeNull();
    expect(parseFunctionSegment("")).toBeNull();
  });

  it("parses a call with one quoted argument", () => {
    expect(parseFunctionSegment("filterByCurrentUser(on='approver')")).toEqual({
      name: "filterByCurrentUser",
      args: { on: "approver" },
    });
  });

  it("strips the microsoft.graph namespace in any case", () => {
    expect(parseFunctionSegment("microsoft.graph.filterByCurrentUser(on='reviewer')")).toEqual({
      name: "filterByCurrentUser",
      args: { on: "reviewer" },
    });
    expect(parseFunctionSegment("Microsoft.Graph.delta()")).toEqual({ name: "delta", args: {} });
  });

  it("keeps other namespaces", () => {
    expect(parseFunctionSegment("contoso.custom()")).toEqual({ name: "contoso.custom", args: {} });
  });

  it("parses calls without arguments", () => {
    expect(parseFunctionSegment("additionalAccess()")).toEqual({ name: "additionalAccess", args: {} });
    expect(parseFunctionSegment("additionalAccess( )")).toEqual({ name: "additionalAccess", args: {} });
  });

  it("parses several arguments with whitespace", () => {
    expect(
      parseFunctionSegment("additionalAccess(accessPackageId='a', incompatibleAccessPackageId = 'b')"),
    ).toEqual({ name: "additionalAccess", args: { accessPackageId: "a", incompatibleAccessPackageId: "b" } });
  });

  it("unescapes doubled quotes and keeps separators inside strings", () => {
    expect(parseFunctionSegment("f(a='it''s, (fine)',b='')")).toEqual({
      name: "f",
      args: { a: "it's, (fine)", b: "" },
    });
  });

  it("keeps unquoted values as written", () => {
    expect(parseFunctionSegment("f(n=5, id=5c5e1c2a-0000-4000-8000-00000000abcd, flag=true)")).toEqual({
      name: "f",
      args: { n: "5", id: "5c5e1c2a-0000-4000-8000-00000000abcd", flag: "true" },
    });
  });

  it("returns a plain object even for unusual parameter names", () => {
    const result = parseFunctionSegment("f(constructor='x',__proto__='y')");
    expect(result?.args).toEqual({ constructor: "x", ["__proto__"]: "y" });
    expect(Object.getPrototypeOf(result?.args)).toBe(Object.prototype);
    expect(Object.keys(result?.args ?? {})).toEqual(["constructor", "__proto__"]);
  });

  it.each([
    ["f(on='approver'", "Invalid function call 'f(on='approver'': missing ')' to close the argument list opened at position 1."],
    ["f(on='approver", "Invalid function call 'f(on='approver': unterminated string literal starting at position 5."],
    ["f(on='a')x", "Invalid function call 'f(on='a')x': unexpected text after ')' at position 9."],
    ["f(on)", "Invalid function call 'f(on)': expected '=' after parameter 'on' at position 4."],
    ["f(on=)", "Invalid function call 'f(on=)': parameter 'on' has no value at position 5."],
    ["f(a='1',a='2')", "Invalid function call 'f(a='1',a='2')': parameter 'a' is given twice at position 8."],
    ["f(a='1' b='2')", "Invalid function call 'f(a='1' b='2')': expected ',' or ')' but found 'b' at position 8."],
    ["f(a='1',)", "Invalid function call 'f(a='1',)': expected a parameter name at position 8. Function arguments are written name=value; a key segment such as users('id') is not a function call."],
    ["(a='1')", "Invalid function call '(a='1')': '' is not a function name at position 0."],
    ["bad name(a='1')", "Invalid function call 'bad name(a='1')': 'bad name' is not a function name at position 0."],
  ])("rejects %s", (segment, message) => {
    expect(() => parseFunctionSegment(segment)).toThrow(ODataSyntaxError);
    expect(() => parseFunctionSegment(segment)).toThrow(message);
  });

  it("rejects key segments, which are not function calls", () => {
    expect(() => parseFunctionSegment("users('x')")).toThrow(/not a function call/);
  });
});
