import { describe, expect, it } from "vitest";
import {
  compareIgnoreCase,
  endsWithIgnoreCase,
  equalsIgnoreCase,
  includesIgnoreCase,
  startsWithIgnoreCase,
} from "../../../../src/demo-tenant/odata/ignore-case.js";
import { hasIsoDateShape, isoTime, toTime } from "../../../../src/demo-tenant/odata/iso-time.js";

describe("ignore-case helpers", () => {
  it("equalsIgnoreCase folds ASCII and Unicode", () => {
    expect(equalsIgnoreCase("Hello", "hELLO")).toBe(true);
    expect(equalsIgnoreCase("Hello", "Hellp")).toBe(false);
    expect(equalsIgnoreCase("a", "ab")).toBe(false);
    expect(equalsIgnoreCase("ÀB", "àb")).toBe(true);
    // KELVIN SIGN lowercases to ASCII k, so the ASCII fast path must not decide alone.
    expect(equalsIgnoreCase("\u212Aelvin", "kelvin")).toBe(true);
    expect(equalsIgnoreCase("@[", "`{")).toBe(false);
  });

  it("compareIgnoreCase orders like a comparator", () => {
    expect(compareIgnoreCase("apple", "Banana")).toBeLessThan(0);
    expect(compareIgnoreCase("B", "a")).toBeGreaterThan(0);
    expect(compareIgnoreCase("abc", "ABC")).toBe(0);
    expect(compareIgnoreCase("ab", "abc")).toBeLessThan(0);
    expect(compareIgnoreCase("Émile", "émile")).toBe(0);
    expect(compareIgnoreCase("Z_", "z~")).toBeLessThan(0);
  });

  it("startsWith/endsWith/includes ignore case, including non-ASCII", () => {
    expect(startsWithIgnoreCase("Contoso Ltd", "CONTOSO")).toBe(true);
    expect(startsWithIgnoreCase("Contoso", "Contoso Ltd")).toBe(false);
    expect(startsWithIgnoreCase("\u212Aelvin", "ke")).toBe(true);
    // Lowercasing U+0130 yields two code units, so a shorter text can still start with a longer prefix.
    expect(startsWithIgnoreCase("\u0130", "i\u0307")).toBe(true);
    expect(endsWithIgnoreCase("user@Contoso.com", "@CONTOSO.COM")).toBe(true);
    expect(endsWithIgnoreCase("a", "ba")).toBe(false);
    expect(endsWithIgnoreCase("ÉCOLE", "cole")).toBe(true);
    expect(includesIgnoreCase("Adele Vance", "LE VA")).toBe(true);
    expect(includesIgnoreCase("Adele Vance", "")).toBe(true);
    expect(includesIgnoreCase("Adele", "xyz")).toBe(false);
    expect(includesIgnoreCase("ab", "abc")).toBe(false);
    expect(includesIgnoreCase("straße", "SSE")).toBe(false);
    expect(includesIgnoreCase("STRAßE", "aße")).toBe(true);
    expect(includesIgnoreCase("xÀBC", "àb")).toBe(true);
  });
});

describe("iso-time helpers", () => {
  it("recognizes ISO dates and date-times by shape", () => {
    expect(hasIsoDateShape("2024-01-01")).toBe(true);
    expect(hasIsoDateShape("2024-01-01T00:00:00Z")).toBe(true);
    expect(hasIsoDateShape("2024-01-01 00:00")).toBe(false);
    expect(hasIsoDateShape("2024-1-01")).toBe(false);
    expect(hasIsoDateShape("Adele")).toBe(false);
  });

  it("parses instants and reads zone-less values as UTC", () => {
    expect(isoTime("2024-01-01")).toBe(Date.UTC(2024, 0, 1));
    expect(isoTime("2024-01-01T10:00")).toBe(Date.UTC(2024, 0, 1, 10));
    expect(isoTime("2024-01-01T10:00:00")).toBe(Date.UTC(2024, 0, 1, 10));
    expect(isoTime("2024-01-01T10:00:00.1234567Z")).toBe(Date.UTC(2024, 0, 1, 10, 0, 0, 123));
    expect(isoTime("2024-01-01T10:00:00-05:00")).toBe(Date.UTC(2024, 0, 1, 15));
    expect(isoTime("2024-13-01")).toBeNaN();
    expect(isoTime("2024-01-01Tnoon")).toBeNaN();
    expect(isoTime("May 1, 2024")).toBeNaN();
  });

  it("converts Date objects and rejects other values", () => {
    expect(toTime(new Date(5))).toBe(5);
    expect(toTime(5)).toBeNaN();
    expect(toTime(null)).toBeNaN();
  });
});
