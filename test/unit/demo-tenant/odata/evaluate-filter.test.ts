import { describe, expect, it } from "vitest";
import { evaluateFilter, resolvePlainPath } from "../../../../src/demo-tenant/odata/evaluate-filter.js";
import type { PathResolver } from "../../../../src/demo-tenant/odata/evaluate-filter.js";
import { parseFilter } from "../../../../src/demo-tenant/odata/parse-filter.js";

function matches(filter: string, row: unknown, resolve?: PathResolver): boolean {
  return evaluateFilter(parseFilter(filter), row, resolve);
}

const user = {
  id: "5c5e1c2a-0000-4000-8000-00000000abcd",
  displayName: "Adele Vance",
  mail: "AdeleV@contoso.com",
  userType: "Member",
  accountEnabled: true,
  age: 31,
  score: 2.5,
  manager: null,
  createdDateTime: "2024-03-15T10:30:00.1234567Z",
  schedule: { expiration: { endDateTime: "2024-06-01T00:00:00Z", type: "afterDateTime" } },
  groupTypes: ["Unified", "DynamicMembership"],
  assignedTo: [{ id: "u1", roles: ["Reader"] }, { id: "u2", roles: ["Owner", "Reader"] }],
  empty: [] as unknown[],
};

describe("resolvePlainPath", () => {
  it("walks nested objects", () => {
    expect(resolvePlainPath(user, ["schedule", "expiration", "type"])).toBe("afterDateTime");
    expect(resolvePlainPath(user, [])).toBe(user);
  });

  it("prefers the exact key and falls back to a case-insensitive match", () => {
    const row = { Name: "upper", name: "lower", Other: 1 };
    expect(resolvePlainPath(row, ["name"])).toBe("lower");
    expect(resolvePlainPath(row, ["Name"])).toBe("upper");
    expect(resolvePlainPath(row, ["OTHER"])).toBe(1);
  });

  it("returns undefined for missing properties, primitives, arrays and null", () => {
    expect(resolvePlainPath(user, ["nope"])).toBeUndefined();
    expect(resolvePlainPath(user, ["manager", "id"])).toBeUndefined();
    expect(resolvePlainPath(user, ["displayName", "length"])).toBeUndefined();
    expect(resolvePlainPath(user, ["groupTypes", "0"])).toBeUndefined();
    expect(resolvePlainPath(null, ["a"])).toBeUndefined();
  });

  it("does not expose inherited members", () => {
    expect(resolvePlainPath({}, ["constructor"])).toBeUndefined();
    expect(resolvePlainPath({}, ["toString"])).toBeUndefined();
    expect(resolvePlainPath({}, ["__proto__"])).toBeUndefined();
  });

  it("passes a type-cast segment only when @odata.type matches", () => {
    const row = { target: { "@odata.type": "#microsoft.graph.user", displayName: "x" } };
    expect(resolvePlainPath(row, ["target", "microsoft.graph.user", "displayName"])).toBe("x");
    expect(resolvePlainPath(row, ["target", "microsoft.graph.group", "displayName"])).toBeUndefined();
  });
});

describe("evaluateFilter equality", () => {
  it("compares strings ignoring case for eq and ne", () => {
    expect(matches("displayName eq 'adele vance'", user)).toBe(true);
    expect(matches("displayName eq 'Adele'", user)).toBe(false);
    expect(matches("displayName ne 'ADELE VANCE'", user)).toBe(false);
    expect(matches("displayName ne 'someone'", user)).toBe(true);
  });

  it("compares non-ASCII strings ignoring case", () => {
    expect(matches("name eq 'ÉCOLE'", { name: "école" })).toBe(true);
    expect(matches("name eq 'straße'", { name: "STRASSE" })).toBe(false);
  });

  it("compares GUIDs ignoring case", () => {
    expect(matches("id eq 5C5E1C2A-0000-4000-8000-00000000ABCD", user)).toBe(true);
    expect(matches("id eq '5c5e1c2a-0000-4000-8000-00000000abcd'", user)).toBe(true);
  });

  it("compares numbers and booleans", () => {
    expect(matches("age eq 31", user)).toBe(true);
    expect(matches("score eq 2.5", user)).toBe(true);
    expect(matches("accountEnabled eq true", user)).toBe(true);
    expect(matches("accountEnabled eq false", user)).toBe(false);
    expect(matches("accountEnabled eq 'true'", user)).toBe(false);
  });

  it("treats missing and null properties as null", () => {
    expect(matches("manager eq null", user)).toBe(true);
    expect(matches("missing eq null", user)).toBe(true);
    expect(matches("schedule/missing/deeper eq null", user)).toBe(true);
    expect(matches("displayName eq null", user)).toBe(false);
    expect(matches("displayName ne null", user)).toBe(true);
    expect(matches("missing ne null", user)).toBe(false);
    expect(matches("null eq missing", user)).toBe(true);
  });

  it("never equates objects or arrays with literals", () => {
    expect(matches("schedule eq 'x'", user)).toBe(false);
    expect(matches("groupTypes eq 'Unified'", user)).toBe(false);
  });

  it("matches enum literals by value", () => {
    expect(matches("userType eq microsoft.graph.userType'member'", user)).toBe(true);
  });

  it("resolves paths case-insensitively", () => {
    expect(matches("DISPLAYNAME eq 'Adele Vance'", user)).toBe(true);
    expect(matches("Schedule/Expiration/Type eq 'afterDateTime'", user)).toBe(true);
  });
});

describe("evaluateFilter ordering comparisons", () => {
  it.each([
    ["age gt 30", true],
    ["age gt 31", false],
    ["age ge 31", true],
    ["age lt 31", false],
    ["age le 31", true],
    ["age lt 40", true],
    ["score gt 2.49", true],
  ])("numbers: %s -> %s", (filter, expected) => {
    expect(matches(filter, user)).toBe(expected);
  });

  it("compares date-time strings as instants, whatever the layout", () => {
    expect(matches("createdDateTime ge 2024-01-01T00:00:00Z", user)).toBe(true);
    expect(matches("createdDateTime gt 2024-03-15T10:30:00.123Z", user)).toBe(true);
    expect(matches("createdDateTime gt 2024-03-15T10:30:00.1235Z", user)).toBe(false);
    expect(matches("createdDateTime lt 2024-03-15T12:30:00+02:00", user)).toBe(false);
    expect(matches("createdDateTime lt 2024-03-15T12:31:00+02:00", user)).toBe(true);
    expect(matches("createdDateTime lt 2024-03-16", user)).toBe(true);
    expect(matches("createdDateTime ge '2024-03-15T10:30:00Z'", user)).toBe(true);
    expect(matches("schedule/expiration/endDateTime le 2024-06-01T00:00:00.0000000Z", user)).toBe(true);
    expect(matches("schedule/expiration/endDateTime lt 2024-06-01T00:00:00.0000000Z", user)).toBe(false);
  });

  it("does not mistake a later year for a later instant when offsets differ", () => {
    const row = { at: "2024-01-01T01:00:00+05:00" };
    expect(matches("at lt 2023-12-31T21:00:00Z", row)).toBe(true);
  });

  it("treats date strings with equal instants as equal", () => {
    expect(matches("createdDateTime eq 2024-03-15T10:30:00.1234567Z", user)).toBe(true);
    expect(matches("d eq 2024-01-01T00:00:00Z", { d: "2024-01-01T00:00:00.000Z" })).toBe(true);
    expect(matches("d eq 2024-01-01T02:00:00+02:00", { d: "2024-01-01T00:00:00Z" })).toBe(true);
    expect(matches("d eq 2024-01-01T00:00:01Z", { d: "2024-01-01T00:00:00Z" })).toBe(false);
    expect(matches("d in ('2024-01-01T00:00:00.0Z')", { d: "2024-01-01T00:00:00Z" })).toBe(true);
  });

  it("reads zone-less date-times as UTC", () => {
    expect(matches("d eq 2024-01-01T00:00:00Z", { d: "2024-01-01T00:00:00" })).toBe(true);
  });

  it("compares Date objects like ISO strings", () => {
    const row = { d: new Date(Date.UTC(2024, 0, 2)) };
    expect(matches("d gt 2024-01-01T00:00:00Z", row)).toBe(true);
    expect(matches("d eq 2024-01-02", row)).toBe(true);
    expect(matches("d lt 2024-01-02T00:00:00Z", row)).toBe(false);
  });

  it("compares other strings ignoring case", () => {
    expect(matches("displayName gt 'adele'", user)).toBe(true);
    expect(matches("displayName lt 'B'", user)).toBe(true);
    expect(matches("displayName ge 'ADELE VANCE'", user)).toBe(true);
    expect(matches("displayName le 'adele vance'", user)).toBe(true);
  });

  it("compares numbers with numeric strings numerically", () => {
    expect(matches("n gt 9", { n: "10" })).toBe(true);
    expect(matches("n eq 10", { n: "10" })).toBe(true);
    expect(matches("n gt 9", { n: "" })).toBe(false);
  });

  it("is false for null and for values of unrelated kinds", () => {
    expect(matches("manager gt 1", user)).toBe(false);
    expect(matches("missing lt 'z'", user)).toBe(false);
    expect(matches("age lt 'x'", user)).toBe(false);
    expect(matches("age ge 'x'", user)).toBe(false);
    expect(matches("accountEnabled gt 0", user)).toBe(false);
  });
});

describe("evaluateFilter logic", () => {
  it("evaluates and, or and not", () => {
    expect(matches("age eq 31 and userType eq 'Member'", user)).toBe(true);
    expect(matches("age eq 31 and userType eq 'Guest'", user)).toBe(false);
    expect(matches("age eq 1 or userType eq 'Member'", user)).toBe(true);
    expect(matches("age eq 1 or userType eq 'Guest'", user)).toBe(false);
    expect(matches("not (age eq 1)", user)).toBe(true);
    expect(matches("not(age eq 31)", user)).toBe(false);
  });

  it("respects precedence", () => {
    // and binds tighter: false or (true and true)
    expect(matches("age eq 1 or age eq 31 and userType eq 'Member'", user)).toBe(true);
    // (false or true) and false
    expect(matches("(age eq 1 or age eq 31) and userType eq 'Guest'", user)).toBe(false);
    // false or (true and false)
    expect(matches("age eq 1 or age eq 31 and userType eq 'Guest'", user)).toBe(false);
  });

  it("tests bare boolean properties for true", () => {
    expect(matches("accountEnabled", user)).toBe(true);
    expect(matches("not accountEnabled", user)).toBe(false);
    expect(matches("missing", user)).toBe(false);
    expect(matches("displayName", user)).toBe(false);
  });

  it("evaluates boolean literals", () => {
    expect(matches("true", user)).toBe(true);
    expect(matches("false or age eq 31", user)).toBe(true);
  });

  it("evaluates in", () => {
    expect(matches("userType in ('guest','member')", user)).toBe(true);
    expect(matches("userType in ('guest')", user)).toBe(false);
    expect(matches("age in (30, 31)", user)).toBe(true);
    expect(matches("missing in ('a', null)", user)).toBe(true);
    expect(matches("not (userType in ('guest'))", user)).toBe(true);
  });
});

describe("evaluateFilter functions", () => {
  it("evaluates startswith, endswith and contains ignoring case", () => {
    expect(matches("startswith(displayName,'adele')", user)).toBe(true);
    expect(matches("startswith(displayName,'Vance')", user)).toBe(false);
    expect(matches("endswith(mail,'@CONTOSO.COM')", user)).toBe(true);
    expect(matches("endswith(mail,'@fabrikam.com')", user)).toBe(false);
    expect(matches("contains(displayName,'LE VA')", user)).toBe(true);
    expect(matches("contains(displayName,'xyz')", user)).toBe(false);
    expect(matches("startswith(displayName,'')", user)).toBe(true);
  });

  it("handles parts longer than the text and non-ASCII text", () => {
    expect(matches("startswith(displayName,'Adele Vance Jr')", user)).toBe(false);
    expect(matches("endswith(x,'abc')", { x: "c" })).toBe(false);
    expect(matches("contains(x,'ÉCO')", { x: "une école" })).toBe(true);
    expect(matches("startswith(x,'É')", { x: "école" })).toBe(true);
    expect(matches("endswith(x,'LE')", { x: "école" })).toBe(true);
    expect(matches("contains(x,'ß')", { x: "abc" })).toBe(false);
  });

  it("is false when an argument is not a string", () => {
    expect(matches("startswith(missing,'a')", user)).toBe(false);
    expect(matches("contains(age,'3')", user)).toBe(false);
  });

  it("evaluates tolower and toupper", () => {
    expect(matches("tolower(mail) eq 'adelev@contoso.com'", user)).toBe(true);
    expect(matches("startswith(toupper(displayName),'ADE')", user)).toBe(true);
    expect(matches("tolower(missing) eq null", user)).toBe(true);
  });

  it("compares a predicate with a boolean", () => {
    expect(matches("startswith(displayName,'x') eq false", user)).toBe(true);
  });
});

describe("evaluateFilter lambdas", () => {
  it("evaluates any over objects", () => {
    expect(matches("assignedTo/any(a:a/id eq 'u2')", user)).toBe(true);
    expect(matches("assignedTo/any(a:a/id eq 'u3')", user)).toBe(false);
  });

  it("evaluates all over objects", () => {
    expect(matches("assignedTo/all(a: startswith(a/id,'u'))", user)).toBe(true);
    expect(matches("assignedTo/all(a: a/id eq 'u1')", user)).toBe(false);
  });

  it("evaluates lambdas over primitive collections", () => {
    expect(matches("groupTypes/any(g: g eq 'unified')", user)).toBe(true);
    expect(matches("groupTypes/any(g: g eq 'Security')", user)).toBe(false);
    expect(matches("not groupTypes/any(g: g eq 'Security')", user)).toBe(true);
  });

  it("evaluates any() as non-empty", () => {
    expect(matches("assignedTo/any()", user)).toBe(true);
    expect(matches("empty/any()", user)).toBe(false);
    expect(matches("missing/any()", user)).toBe(false);
  });

  it("treats missing and non-array collections as empty", () => {
    expect(matches("missing/any(x: x eq 1)", user)).toBe(false);
    expect(matches("missing/all(x: x eq 1)", user)).toBe(true);
    expect(matches("empty/all(x: x eq 1)", user)).toBe(true);
    expect(matches("displayName/any(x: x eq 'A')", user)).toBe(false);
  });

  it("evaluates nested lambdas with access to outer variables and the row", () => {
    expect(matches("assignedTo/any(a: a/roles/any(r: r eq 'owner'))", user)).toBe(true);
    expect(matches("assignedTo/all(a: a/roles/any(r: r eq 'reader'))", user)).toBe(true);
    expect(matches("assignedTo/all(a: a/roles/any(r: r eq 'owner'))", user)).toBe(false);
    expect(matches("assignedTo/any(a: a/roles/any(r: r eq 'Owner' and a/id eq 'u2' and userType eq 'member'))", user)).toBe(true);
    expect(matches("assignedTo/any(a: a/roles/any(r: r eq 'Owner' and a/id eq 'u1'))", user)).toBe(false);
  });

  it("keeps sibling lambdas independent", () => {
    expect(matches("assignedTo/any(a: a/id eq 'u1') and groupTypes/any(a: a eq 'unified')", user)).toBe(true);
  });

  it("evaluates $count", () => {
    expect(matches("assignedTo/$count eq 2", user)).toBe(true);
    expect(matches("empty/$count eq 0", user)).toBe(true);
    expect(matches("missing/$count eq 0", user)).toBe(true);
    expect(matches("assignedTo/$count gt 1", user)).toBe(true);
  });
});

describe("evaluateFilter with a custom resolver", () => {
  it("passes the row for root paths and the element for lambda paths", () => {
    const calls: Array<{ row: unknown; path: readonly string[] }> = [];
    const row = { items: [{ v: 1 }, { v: 2 }] };
    const resolve: PathResolver = (r, p) => {
      calls.push({ row: r, path: [...p] });
      return resolvePlainPath(r, p);
    };
    expect(matches("items/any(i: i/v eq 2)", row, resolve)).toBe(true);
    expect(calls).toEqual([
      { row, path: ["items"] },
      { row: row.items[0], path: ["v"] },
      { row: row.items[1], path: ["v"] },
    ]);
  });

  it("does not call the resolver for a bare lambda variable", () => {
    let calls = 0;
    const resolve: PathResolver = (r, p) => {
      calls++;
      return resolvePlainPath(r, p);
    };
    expect(matches("tags/any(t: t eq 'x')", { tags: ["a", "x"] }, resolve)).toBe(true);
    expect(calls).toBe(1);
  });

  it("can expose computed properties", () => {
    const resolve: PathResolver = (r, p) => (p[0] === "virtual" ? "computed" : resolvePlainPath(r, p));
    expect(matches("virtual eq 'COMPUTED'", {}, resolve)).toBe(true);
  });
});

describe("evaluateFilter reuse", () => {
  it("evaluates one parsed filter against many rows", () => {
    const node = parseFilter("state eq 'delivered' and createdDateTime ge 2024-01-10T00:00:00Z");
    const rows = Array.from({ length: 100 }, (_, i) => ({
      state: i % 2 === 0 ? "Delivered" : "pending",
      createdDateTime: new Date(Date.UTC(2024, 0, 1 + (i % 20))).toISOString(),
    }));
    const count = rows.filter((row) => evaluateFilter(node, row)).length;
    expect(count).toBe(rows.filter((r, i) => i % 2 === 0 && i % 20 >= 9).length);
  });
});
