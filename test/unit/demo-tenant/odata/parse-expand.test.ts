import { describe, expect, it } from "vitest";
import { ODataSyntaxError } from "../../../../src/demo-tenant/odata/odata-syntax-error.js";
import { parseExpand } from "../../../../src/demo-tenant/odata/parse-expand.js";
import { evaluateFilter } from "../../../../src/demo-tenant/odata/evaluate-filter.js";

function syntaxError(text: string): ODataSyntaxError {
  try {
    parseExpand(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ODataSyntaxError);
    return error as ODataSyntaxError;
  }
  throw new Error(`expected parseExpand(${JSON.stringify(text)}) to throw`);
}

describe("parseExpand", () => {
  it("parses a single navigation property", () => {
    expect(parseExpand("accessPackage")).toEqual([{ path: "accessPackage" }]);
  });

  it("parses a comma-separated list and trims whitespace", () => {
    expect(parseExpand(" accessPackage , target,assignmentPolicy ")).toEqual([
      { path: "accessPackage" },
      { path: "target" },
      { path: "assignmentPolicy" },
    ]);
  });

  it("does not split on commas inside parentheses", () => {
    expect(parseExpand("accessPackage($select=id,displayName),target")).toEqual([
      { path: "accessPackage", select: ["id", "displayName"] },
      { path: "target" },
    ]);
  });

  it("parses a nested $expand", () => {
    expect(parseExpand("policy($expand=rules)")).toEqual([{ path: "policy", expand: [{ path: "rules" }] }]);
  });

  it("parses several nested options separated by ';'", () => {
    expect(parseExpand("assignmentPolicies($expand=questions;$select=id,displayName)")).toEqual([
      {
        path: "assignmentPolicies",
        expand: [{ path: "questions" }],
        select: ["id", "displayName"],
      },
    ]);
  });

  it("parses deeply nested expansions with their own options", () => {
    expect(
      parseExpand("a($expand=b($expand=c($select=x;$top=2),d;$select=y),e;$top=5),f($select=z)"),
    ).toEqual([
      {
        path: "a",
        expand: [
          { path: "b", expand: [{ path: "c", select: ["x"], top: 2 }, { path: "d" }], select: ["y"] },
          { path: "e" },
        ],
        top: 5,
      },
      { path: "f", select: ["z"] },
    ]);
  });

  it("parses a nested $filter into an evaluable AST", () => {
    const [item] = parseExpand("assignedTo($filter=id eq 'x';$top=0)");
    expect(item?.path).toBe("assignedTo");
    expect(item?.top).toBe(0);
    expect(item?.filter).toMatchObject({ kind: "comparison", operator: "eq" });
    expect(evaluateFilter(item!.filter!, { id: "X" })).toBe(true);
  });

  it("keeps separators and parentheses inside quoted filter strings", () => {
    const [item] = parseExpand("members($filter=displayName eq 'a;b,(c'')';$select=id),owners");
    expect(item?.filter).toMatchObject({ right: { value: "a;b,(c')" } });
    expect(item?.select).toEqual(["id"]);
    expect(parseExpand("members($filter=displayName eq 'a;b,(c'')';$select=id),owners")).toHaveLength(2);
  });

  it("accepts option names in any case and whitespace around them", () => {
    expect(parseExpand("policy( $Select = id ; $EXPAND = rules )")).toEqual([
      { path: "policy", select: ["id"], expand: [{ path: "rules" }] },
    ]);
  });

  it("accepts property paths and type casts", () => {
    expect(parseExpand("microsoft.graph.user/manager")).toEqual([{ path: "microsoft.graph.user/manager" }]);
  });
});

describe("parseExpand errors", () => {
  it("rejects empty input and empty items", () => {
    expect(syntaxError("").message).toBe("Invalid $expand: the list of navigation properties is empty.");
    expect(syntaxError("a,,b").message).toBe("Invalid $expand: empty item at position 2.");
    expect(syntaxError("a,").position).toBe(2);
  });

  it("rejects unbalanced parentheses", () => {
    expect(syntaxError("policy($expand=rules").message).toBe(
      "Invalid $expand: missing ')' to close the '(' opened at position 6.",
    );
    expect(syntaxError("policy)").message).toBe("Invalid $expand: unexpected ')' without a matching '(' at position 6.");
    expect(syntaxError("policy($expand=rules(x)").position).toBe(6);
  });

  it("rejects unterminated strings", () => {
    expect(syntaxError("m($filter=a eq 'x)").message).toBe(
      "Invalid $expand: unterminated string literal starting at position 15.",
    );
  });

  it("rejects text after the options", () => {
    expect(syntaxError("a($select=id)b").message).toBe("Invalid $expand: unexpected text after the options of 'a' at position 13.");
    expect(syntaxError("a($select=id)($top=1)").position).toBe(13);
  });

  it("rejects invalid names and '*'", () => {
    expect(syntaxError("a b").message).toBe("Invalid $expand: 'a b' is not a navigation property name at position 0.");
    expect(syntaxError("x, *").message).toBe(
      "Invalid $expand: '*' is not supported at position 3. Name the navigation properties to expand.",
    );
    expect(syntaxError("($select=id)").message).toContain("'' is not a navigation property name");
  });

  it("rejects empty, unknown, duplicate and value-less options", () => {
    expect(syntaxError("a()").message).toContain("empty options for 'a'");
    expect(syntaxError("a($select=id;)").message).toContain("expected a nested option such as $select=id");
    expect(syntaxError("a(select)").position).toBe(2);
    expect(syntaxError("a($orderby=id)").message).toBe(
      "Invalid $expand: unsupported nested option '$orderby' for 'a' at position 2. Supported nested options are $select, $expand, $filter and $top.",
    );
    expect(syntaxError("a($select=id;$select=x)").message).toContain("$select is given twice for 'a'");
    expect(syntaxError("a($select=)").message).toBe("Invalid $expand: $select of 'a' has no value at position 10.");
  });

  it("rejects a bad $top", () => {
    expect(syntaxError("a($top=-1)").message).toBe("Invalid $expand: $top of 'a' must be a non-negative integer at position 7.");
    expect(syntaxError("a($top=1.5)").position).toBe(7);
  });

  it("reports nested $filter errors against the whole $expand text", () => {
    const error = syntaxError("target,assignedTo($filter=id eq )");
    expect(error.message).toBe("Invalid $expand: in the $filter of 'assignedTo', expected a value after 'eq' at position 31.");
    expect(error.position).toBe(31);
  });

  it("keeps the hint of a nested error", () => {
    expect(syntaxError("a($filter=x like 'y')").message).toContain("Supported operators are");
  });

  it("reports nested $select and $expand errors against the whole text", () => {
    expect(syntaxError("a($select=id,,x)").message).toBe(
      "Invalid $expand: in the $select of 'a', empty property name at position 13.",
    );
    expect(syntaxError("a($expand=b($top=x))").message).toBe(
      "Invalid $expand: $top of 'b' must be a non-negative integer at position 17.",
    );
  });
});
