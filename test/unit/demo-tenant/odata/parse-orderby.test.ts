import { describe, expect, it } from "vitest";
import { resolvePlainPath } from "../../../../src/demo-tenant/odata/evaluate-filter.js";
import type { PathResolver } from "../../../../src/demo-tenant/odata/evaluate-filter.js";
import { ODataSyntaxError } from "../../../../src/demo-tenant/odata/odata-syntax-error.js";
import { compareByOrder, parseOrderBy } from "../../../../src/demo-tenant/odata/parse-orderby.js";

function sortBy<T>(rows: T[], orderBy: string, resolve?: PathResolver): T[] {
  return [...rows].sort(compareByOrder(parseOrderBy(orderBy), resolve));
}

describe("parseOrderBy", () => {
  it("parses paths and directions", () => {
    expect(parseOrderBy("createdDateTime desc, displayName,schedule/startDateTime ASC")).toEqual([
      { path: ["createdDateTime"], descending: true },
      { path: ["displayName"], descending: false },
      { path: ["schedule", "startDateTime"], descending: false },
    ]);
  });

  it("accepts several spaces and DESC in upper case", () => {
    expect(parseOrderBy("  a   DESC ")).toEqual([{ path: ["a"], descending: true }]);
  });

  it("rejects malformed input with positions", () => {
    expect(() => parseOrderBy("")).toThrow("Invalid $orderby: the list of properties is empty.");
    expect(() => parseOrderBy("a,,b")).toThrow("Invalid $orderby: empty item at position 2.");
    expect(() => parseOrderBy("a,")).toThrow(ODataSyntaxError);
    expect(() => parseOrderBy("a descending")).toThrow(
      "Invalid $orderby: expected 'asc' or 'desc' after 'a' but found 'descending' at position 2.",
    );
    expect(() => parseOrderBy("a desc b")).toThrow(
      "Invalid $orderby: unexpected 'b' after 'a desc' at position 7. Separate sort keys with commas.",
    );
    expect(() => parseOrderBy("x, tolower(a)")).toThrow("Invalid $orderby: 'tolower(a)' is not a property path at position 3.");
  });
});

describe("compareByOrder", () => {
  it("sorts strings ignoring case with a stable case-sensitive tie-break", () => {
    const rows = [{ n: "bob" }, { n: "Alice" }, { n: "alice" }, { n: "Carol" }];
    expect(sortBy(rows, "n").map((r) => r.n)).toEqual(["Alice", "alice", "bob", "Carol"]);
    expect(sortBy(rows, "n desc").map((r) => r.n)).toEqual(["Carol", "bob", "alice", "Alice"]);
  });

  it("sorts numbers numerically", () => {
    const rows = [{ n: 10 }, { n: 9 }, { n: -1 }, { n: 100 }];
    expect(sortBy(rows, "n").map((r) => r.n)).toEqual([-1, 9, 10, 100]);
  });

  it("sorts date-times by instant across layouts", () => {
    const rows = [
      { d: "2024-01-01T00:00:00.5Z" },
      { d: "2024-01-01T00:00:00Z" },
      { d: "2023-12-31T23:00:00-02:00" },
      { d: "2024-01-01T00:00:00.0000001Z" },
      { d: "2024-01-01" },
    ];
    // The first two are the same instant, so the code-unit tie-break decides.
    expect(sortBy(rows, "d").map((r) => r.d)).toEqual([
      "2024-01-01",
      "2024-01-01T00:00:00Z",
      "2024-01-01T00:00:00.0000001Z",
      "2024-01-01T00:00:00.5Z",
      "2023-12-31T23:00:00-02:00",
    ]);
  });

  it("sorts booleans false first", () => {
    expect(sortBy([{ b: true }, { b: false }], "b").map((r) => r.b)).toEqual([false, true]);
  });

  it("puts null and missing first ascending and last descending", () => {
    const rows = [{ n: 2 }, { n: null }, {}, { n: 1 }];
    expect(sortBy(rows, "n").map((r) => (r as { n?: number | null }).n)).toEqual([null, undefined, 1, 2]);
    expect(sortBy(rows, "n desc").map((r) => (r as { n?: number | null }).n)).toEqual([2, 1, null, undefined]);
  });

  it("orders mixed kinds consistently", () => {
    const rows = [{ v: "x" }, { v: 1 }, { v: true }, { v: { o: 1 } }];
    expect(sortBy(rows, "v").map((r) => r.v)).toEqual([true, 1, "x", { o: 1 }]);
  });

  it("uses later keys to break ties and nested paths", () => {
    const rows = [
      { p: { id: "b" }, n: "x" },
      { p: { id: "a" }, n: "y" },
      { p: { id: "b" }, n: "z" },
      { p: { id: "a" }, n: "w" },
    ];
    expect(sortBy(rows, "p/id desc, n").map((r) => `${r.p.id}${r.n}`)).toEqual(["bx", "bz", "aw", "ay"]);
  });

  it("returns 0 for equal rows and keeps input order", () => {
    const rows = [{ k: 1, i: 0 }, { k: 1, i: 1 }, { k: 0, i: 2 }];
    expect(sortBy(rows, "k").map((r) => r.i)).toEqual([2, 0, 1]);
    expect(compareByOrder(parseOrderBy("k"))(rows[0], rows[1])).toBe(0);
  });

  it("uses the resolver it is given", () => {
    const resolve: PathResolver = (row, path) => (path[0] === "neg" ? -(resolvePlainPath(row, ["n"]) as number) : undefined);
    expect(sortBy([{ n: 1 }, { n: 3 }, { n: 2 }], "neg", resolve).map((r) => r.n)).toEqual([3, 2, 1]);
  });
});
