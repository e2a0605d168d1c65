import { describe, expect, it } from "vitest";
import { ODataSyntaxError } from "../../../../src/demo-tenant/odata/odata-syntax-error.js";
import { parseFilter } from "../../../../src/demo-tenant/odata/parse-filter.js";
import type { FilterNode, PathNode } from "../../../../src/demo-tenant/odata/parse-filter.js";

const path = (...segments: string[]): PathNode => ({ kind: "path", path: segments, depth: -1 });
const str = (value: string): FilterNode => ({ kind: "literal", type: "string", value });
const num = (value: number): FilterNode => ({ kind: "literal", type: "number", value });
const eq = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: "comparison", operator: "eq", left, right });

function syntaxError(text: string): ODataSyntaxError {
  try {
    parseFilter(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ODataSyntaxError);
    return error as ODataSyntaxError;
  }
  throw new Error(`expected parseFilter(${JSON.stringify(text)}) to throw`);
}

describe("parseFilter comparisons", () => {
  it.each(["eq", "ne", "gt", "ge", "lt", "le"] as const)("parses %s", (operator) => {
    expect(parseFilter(`count ${operator} 5`)).toEqual({ kind: "comparison", operator, left: path("count"), right: num(5) });
  });

  it("accepts operators in any case", () => {
    expect(parseFilter("displayName EQ 'x'")).toEqual(eq(path("displayName"), str("x")));
    expect(parseFilter("a Eq 'x' AND b eq 'y'")).toMatchObject({ kind: "and" });
  });

  it("parses property paths with slashes", () => {
    expect(parseFilter("schedule/expiration/endDateTime eq null")).toEqual(
      eq(path("schedule", "expiration", "endDateTime"), { kind: "literal", type: "null", value: null }),
    );
  });

  it("parses type-cast segments as path segments", () => {
    expect(parseFilter("target/microsoft.graph.user/displayName eq 'x'")).toEqual(
      eq(path("target", "microsoft.graph.user", "displayName"), str("x")),
    );
  });

  it("allows a literal on the left", () => {
    expect(parseFilter("'x' eq displayName")).toEqual(eq(str("x"), path("displayName")));
  });
});

describe("parseFilter literals", () => {
  it("unescapes doubled quotes in strings", () => {
    expect(parseFilter("displayName eq 'O''Brien'")).toEqual(eq(path("displayName"), str("O'Brien")));
    expect(parseFilter("displayName eq ''''")).toEqual(eq(path("displayName"), str("'")));
    expect(parseFilter("displayName eq ''")).toEqual(eq(path("displayName"), str("")));
  });

  it("keeps operators and parentheses inside strings as text", () => {
    expect(parseFilter("displayName eq 'a eq b) or (c'")).toEqual(eq(path("displayName"), str("a eq b) or (c")));
  });

  it("parses integers, decimals, negatives and exponents", () => {
    expect(parseFilter("n eq 42")).toEqual(eq(path("n"), num(42)));
    expect(parseFilter("n eq -3.5")).toEqual(eq(path("n"), num(-3.5)));
    expect(parseFilter("n eq 1e3")).toEqual(eq(path("n"), num(1000)));
  });

  it("parses true, false and null in any case", () => {
    expect(parseFilter("accountEnabled eq TRUE")).toMatchObject({ right: { type: "boolean", value: true } });
    expect(parseFilter("accountEnabled eq false")).toMatchObject({ right: { type: "boolean", value: false } });
    expect(parseFilter("manager eq Null")).toMatchObject({ right: { type: "null", value: null } });
  });

  it("parses unquoted GUIDs, including ones starting with a letter", () => {
    const id = "ab5c5e1c-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
    expect(parseFilter(`id eq ${id}`)).toEqual(eq(path("id"), { kind: "literal", type: "guid", value: id }));
    expect(parseFilter("id eq 5C5E1C2A-0000-4000-8000-00000000ABCD")).toMatchObject({ right: { type: "guid" } });
  });

  it("parses unquoted date-times and dates with their instant", () => {
    expect(parseFilter("createdDateTime ge 2024-01-01T00:00:00Z")).toEqual({
      kind: "comparison",
      operator: "ge",
      left: path("createdDateTime"),
      right: { kind: "literal", type: "datetime", value: "2024-01-01T00:00:00Z", time: Date.UTC(2024, 0, 1) },
    });
    expect(parseFilter("d lt 2024-02-03")).toMatchObject({ right: { type: "datetime", time: Date.UTC(2024, 1, 3) } });
    expect(parseFilter("d lt 2024-02-03T04:05:06.1234567+02:00")).toMatchObject({
      right: { time: Date.UTC(2024, 1, 3, 2, 5, 6, 123) },
    });
  });

  it("reads a space before a date-time offset as the '+' a query string decoded", () => {
    expect(parseFilter("d lt 2024-02-03T04:05:06 02:00")).toMatchObject({
      right: { value: "2024-02-03T04:05:06+02:00", time: Date.UTC(2024, 1, 3, 2, 5, 6) },
    });
  });

  it("precomputes the instant of quoted ISO strings too", () => {
    expect(parseFilter("d lt '2024-01-01T00:00:00Z'")).toMatchObject({
      right: { type: "string", time: Date.UTC(2024, 0, 1) },
    });
    expect(parseFilter("d lt 'soon'")).toMatchObject({ right: { type: "string", time: undefined } });
  });

  it("reads namespace-qualified enum literals as their value", () => {
    expect(parseFilter("state eq microsoft.graph.accessPackageAssignmentState'delivered'")).toEqual(
      eq(path("state"), { kind: "literal", type: "enum", value: "delivered" }),
    );
  });
});

describe("parseFilter logic and precedence", () => {
  it("binds and tighter than or", () => {
    expect(parseFilter("a eq 1 or b eq 2 and c eq 3")).toEqual({
      kind: "or",
      operands: [eq(path("a"), num(1)), { kind: "and", operands: [eq(path("b"), num(2)), eq(path("c"), num(3))] }],
    });
  });

  it("flattens chains of the same operator", () => {
    const node = parseFilter("a eq 1 or a eq 2 or a eq 3 or a eq 4");
    expect(node.kind).toBe("or");
    expect(node.kind === "or" && node.operands.length).toBe(4);
  });

  it("lets parentheses override precedence", () => {
    expect(parseFilter("(a eq 1 or b eq 2) and c eq 3")).toEqual({
      kind: "and",
      operands: [{ kind: "or", operands: [eq(path("a"), num(1)), eq(path("b"), num(2))] }, eq(path("c"), num(3))],
    });
  });

  it("applies not to the following operand only", () => {
    expect(parseFilter("not (a eq 1) and b eq 2")).toEqual({
      kind: "and",
      operands: [{ kind: "not", operand: eq(path("a"), num(1)) }, eq(path("b"), num(2))],
    });
    expect(parseFilter("NOT startswith(displayName,'a')")).toEqual({
      kind: "not",
      operand: { kind: "function", name: "startswith", args: [path("displayName"), str("a")] },
    });
    expect(parseFilter("not not accountEnabled")).toEqual({
      kind: "not",
      operand: { kind: "not", operand: path("accountEnabled") },
    });
  });

  it("accepts not(...) without a space", () => {
    expect(parseFilter("not(a eq 1)")).toEqual({ kind: "not", operand: eq(path("a"), num(1)) });
  });

  it("accepts a bare boolean property and boolean literal as conditions", () => {
    expect(parseFilter("accountEnabled")).toEqual(path("accountEnabled"));
    expect(parseFilter("true")).toEqual({ kind: "literal", type: "boolean", value: true });
  });

  it("allows comparing a predicate with a boolean", () => {
    expect(parseFilter("startswith(displayName,'a') eq false")).toMatchObject({
      kind: "comparison",
      left: { kind: "function", name: "startswith" },
      right: { value: false },
    });
  });

  it("tolerates redundant parentheses and whitespace", () => {
    expect(parseFilter("  ((( a  eq\t1 )))  ")).toEqual(eq(path("a"), num(1)));
  });
});

describe("parseFilter in", () => {
  it("parses a list of literals", () => {
    expect(parseFilter("status in ('a','b', 'c')")).toEqual({
      kind: "in",
      operand: path("status"),
      values: [str("a"), str("b"), str("c")],
    });
  });

  it("accepts a single value and mixed literal kinds", () => {
    expect(parseFilter("n IN (1)")).toEqual({ kind: "in", operand: path("n"), values: [num(1)] });
    expect(parseFilter("x in (null, 2, true)")).toMatchObject({
      values: [{ type: "null" }, { type: "number" }, { type: "boolean" }],
    });
  });

  it("binds tighter than and", () => {
    expect(parseFilter("a in ('x') and b eq 1")).toMatchObject({ kind: "and", operands: [{ kind: "in" }, {}] });
  });
});

describe("parseFilter functions", () => {
  it.each(["startswith", "endswith", "contains"] as const)("parses %s", (name) => {
    expect(parseFilter(`${name}(displayName,'Con')`)).toEqual({
      kind: "function",
      name,
      args: [path("displayName"), str("Con")],
    });
  });

  it("accepts function names in any case, as Graph documents startsWith", () => {
    expect(parseFilter("startsWith(displayName,'a')")).toMatchObject({ kind: "function", name: "startswith" });
  });

  it("nests tolower and toupper inside comparisons and functions", () => {
    expect(parseFilter("tolower(mail) eq 'a@b.c'")).toEqual(
      eq({ kind: "function", name: "tolower", args: [path("mail")] }, str("a@b.c")),
    );
    expect(parseFilter("contains(toupper(target/displayName), 'X')")).toEqual({
      kind: "function",
      name: "contains",
      args: [{ kind: "function", name: "toupper", args: [path("target", "displayName")] }, str("X")],
    });
  });
});

describe("parseFilter lambdas", () => {
  it("parses any with a variable", () => {
    expect(parseFilter("assignedTo/any(a:a/id eq 'x')")).toEqual({
      kind: "lambda",
      operator: "any",
      collection: path("assignedTo"),
      variable: "a",
      depth: 0,
      predicate: eq({ kind: "path", path: ["id"], depth: 0, variable: "a" }, str("x")),
    });
  });

  it("parses all with spaces after the colon", () => {
    expect(parseFilter("members/all(m: m/userType eq 'Member')")).toMatchObject({
      kind: "lambda",
      operator: "all",
      variable: "m",
      predicate: { left: { path: ["userType"], depth: 0 } },
    });
  });

  it("parses any() without arguments", () => {
    expect(parseFilter("members/any()")).toEqual({
      kind: "lambda",
      operator: "any",
      collection: path("members"),
      depth: -1,
    });
  });

  it("lets the bare variable stand for a primitive element", () => {
    expect(parseFilter("groupTypes/any(g: g eq 'Unified')")).toMatchObject({
      predicate: { left: { kind: "path", path: [], depth: 0, variable: "g" } },
    });
  });

  it("resolves nested lambda variables by depth and keeps outer row paths at -1", () => {
    const node = parseFilter("a/any(x: x/b/any(y: y/c eq x/d and e eq 1))");
    expect(node).toMatchObject({
      depth: 0,
      predicate: {
        kind: "lambda",
        collection: { path: ["b"], depth: 0 },
        depth: 1,
        predicate: {
          kind: "and",
          operands: [
            { left: { path: ["c"], depth: 1 }, right: { path: ["d"], depth: 0 } },
            { left: { path: ["e"], depth: -1 } },
          ],
        },
      },
    });
  });

  it("scopes the variable to its lambda", () => {
    expect(parseFilter("a/any(x: x eq 1) and x eq 2")).toMatchObject({
      operands: [{}, { left: { path: ["x"], depth: -1 } }],
    });
  });

  it("accepts ANY and All in other cases", () => {
    expect(parseFilter("a/ANY(x: x eq 1)")).toMatchObject({ operator: "any" });
    expect(parseFilter("a/All(x: x eq 1)")).toMatchObject({ operator: "all" });
  });

  it("treats any/all without parentheses as property names", () => {
    expect(parseFilter("flags/any eq true")).toMatchObject({ left: { path: ["flags", "any"] } });
  });

  it("parses $count on a collection", () => {
    expect(parseFilter("members/$count eq 0")).toEqual(
      eq({ kind: "count", collection: path("members") }, num(0)),
    );
  });
});

describe("parseFilter errors", () => {
  it("reports a missing value with the operator and position", () => {
    const error = syntaxError("displayName eq");
    expect(error.message).toBe("Invalid $filter: expected a value after 'eq' at position 14.");
    expect(error.name).toBe("ODataSyntaxError");
    expect(error.option).toBe("$filter");
    expect(error.position).toBe(14);
    expect(error.reason).toBe("expected a value after 'eq'");
  });

  it("reports what was found instead of a value", () => {
    expect(syntaxError("a eq )").message).toBe("Invalid $filter: expected a value after 'eq' but found ')' at position 5.");
    expect(syntaxError("eq 'x'").message).toBe("Invalid $filter: expected a value but found 'eq' at position 0.");
    expect(syntaxError("a eq 1 and").position).toBe(10);
    expect(syntaxError("a eq 1 or or b eq 1").position).toBe(10);
  });

  it("rejects empty input", () => {
    expect(syntaxError("").message).toBe("Invalid $filter: the expression is empty.");
    expect(syntaxError("   ").message).toBe("Invalid $filter: the expression is empty.");
    expect(syntaxError("()").position).toBe(1);
  });

  it("rejects unbalanced parentheses", () => {
    expect(syntaxError("(a eq 1").message).toBe("Invalid $filter: missing ')' to close the '(' opened at position 0.");
    expect(syntaxError("a eq 1)").message).toBe("Invalid $filter: unexpected ')' without a matching '(' at position 6.");
    expect(syntaxError("((a eq 1)").position).toBe(0);
    expect(syntaxError("startswith(a,'b'").message).toContain("missing ')' to close the arguments of startswith");
  });

  it("rejects unknown operators with the list of supported ones", () => {
    const error = syntaxError("displayName like 'x'");
    expect(error.message).toBe(
      "Invalid $filter: unknown operator 'like' at position 12. Supported operators are eq, ne, gt, ge, lt, le, in, and, or and not.",
    );
    expect(syntaxError("a add 1 eq 2").position).toBe(2);
    expect(syntaxError("flags has 'x'").message).toContain("unknown operator 'has'");
  });

  it("rejects trailing tokens", () => {
    expect(syntaxError("a eq 1 'x'").message).toBe(
      "Invalid $filter: expected an operator but found 'x' at position 7. Supported operators are eq, ne, gt, ge, lt, le, in, and, or and not.",
    );
    expect(syntaxError("a eq 1 b").position).toBe(7);
    expect(syntaxError("a eq 1,").position).toBe(6);
  });

  it("rejects unterminated strings at the opening quote", () => {
    const error = syntaxError("a eq 'abc");
    expect(error.message).toBe(
      "Invalid $filter: unterminated string literal starting at position 5. Close it with ' and write a quote inside a string as ''.",
    );
    expect(syntaxError("a eq 'it''s").position).toBe(5);
  });

  it("rejects double-quoted strings with a hint", () => {
    expect(syntaxError('a eq "x"').message).toContain("single quotes");
  });

  it("rejects unexpected characters and malformed literals", () => {
    expect(syntaxError("a eq 1 & b").message).toBe("Invalid $filter: unexpected character '&' at position 7.");
    expect(syntaxError("a eq 12abc").message).toBe("Invalid $filter: invalid literal '12abc' at position 5.");
    expect(syntaxError("d gt 2024-13-01T00:00:00Z").message).toBe(
      "Invalid $filter: '2024-13-01T00:00:00Z' is not a valid date or date-time at position 5.",
    );
  });

  it("rejects non-boolean expressions where a condition is required", () => {
    expect(syntaxError("'x'").message).toContain("expected a condition");
    expect(syntaxError("tolower(x)").position).toBe(0);
    expect(syntaxError("a eq 1 and 'x'").position).toBe(11);
    expect(syntaxError("not 5").position).toBe(4);
    expect(syntaxError("a/any(x: tolower(x))").position).toBe(9);
    expect(syntaxError("members/$count").position).toBe(0);
  });

  it("explains that not binds tighter than a comparison", () => {
    const error = syntaxError("not status eq 'x'");
    expect(error.position).toBe(11);
    expect(error.message).toContain("not (status eq 'x')");
    expect(syntaxError("not status in ('x')").position).toBe(11);
  });

  it("rejects malformed in lists", () => {
    expect(syntaxError("a in 'x'").message).toContain("expected '(' after 'in'");
    expect(syntaxError("a in ()").message).toContain("the 'in' list is empty");
    expect(syntaxError("a in ('x' 'y')").position).toBe(10);
    expect(syntaxError("a in ('x', b)").position).toBe(11);
    expect(syntaxError("a in ('x',").message).toContain("expected a literal value in the 'in' list");
    expect(syntaxError("a in ('x'").message).toContain("missing ')' to close the 'in' list");
  });

  it("rejects unknown functions and wrong argument counts", () => {
    expect(syntaxError("substringof('a',b)").message).toContain("unknown function 'substringof'");
    expect(syntaxError("any(x: x eq 1)").message).toContain("Lambdas follow a collection path");
    expect(syntaxError("startswith(a)").message).toBe(
      "Invalid $filter: startswith takes 2 arguments but was given 1 at position 0.",
    );
    expect(syntaxError("tolower(a, b) eq 'x'").message).toContain("tolower takes 1 argument but was given 2");
  });

  it("rejects malformed lambdas", () => {
    expect(syntaxError("a/any(x x eq 1)").message).toContain("expected a variable and ':' after 'any('");
    expect(syntaxError("a/any(x/id eq 1)").position).toBe(6);
    expect(syntaxError("a/all()").message).toContain("all() needs a condition");
    expect(syntaxError("a/any(x: x eq 1").message).toContain("missing ')' to close 'any('");
    expect(syntaxError("a/any(x: x eq 1)/b eq 1").position).toBe(16);
  });

  it("rejects malformed paths", () => {
    expect(syntaxError("a/ eq 1").message).toContain("expected a property name after '/'");
    expect(syntaxError("a/'x' eq 1").position).toBe(2);
    expect(syntaxError("$it eq 1").message).toContain("'$it' is not supported");
    expect(syntaxError("a/$ref eq 1").position).toBe(2);
  });

  it("limits nesting depth instead of overflowing the stack", () => {
    const deep = `${"(".repeat(500)}a eq 1${")".repeat(500)}`;
    expect(syntaxError(deep).message).toContain("nested more than 100 levels deep");
    expect(syntaxError(`${"not ".repeat(500)}a`).message).toContain("nested");
  });
});
