import { compareIgnoreCase, equalsIgnoreCase } from "./ignore-case.js";
import { hasIsoDateShape, isoTime, toTime } from "./iso-time.js";

/*
 * Value semantics shared by $filter and $orderby so that `a eq b` agrees with
 * `a ge b and a le b` and with the order $orderby produces.
 *
 * `aTime`/`bTime` let the filter evaluator pass a literal's precomputed epoch
 * time (NaN when the literal is not a date); undefined means "work it out".
 */

/**
 * Same-length ISO strings that both end in Z share one layout, so comparing
 * them as text orders them exactly like their instants and skips Date.parse.
 */
function sameUtcLayout(a: string, b: string): boolean {
  return (
    a.length === b.length &&
    (a.length === 10 || (a.charCodeAt(a.length - 1) === 90 && b.charCodeAt(b.length - 1) === 90))
  );
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the layout Graph emits (with 0 to 7
 * fraction digits). The caller has already checked the date part.
 */
function isUtcSeconds(s: string): boolean {
  const n = s.length;
  return (
    n >= 20 &&
    s.charCodeAt(n - 1) === 90 /* Z */ &&
    s.charCodeAt(13) === 58 /* : */ &&
    s.charCodeAt(16) === 58 &&
    (n === 20 || s.charCodeAt(19) === 46) /* . */
  );
}

/**
 * Orders two isUtcSeconds strings by text, padding the shorter fraction with
 * zeros, which avoids Date.parse on every row of a date filter.
 */
function compareUtcSeconds(a: string, b: string): number {
  for (let i = 0; i < 19; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  const aEnd = a.length - 1;
  const bEnd = b.length - 1;
  const end = Math.max(aEnd, bEnd);
  for (let i = 20; i < end; i++) {
    const d = (i < aEnd ? a.charCodeAt(i) : 48) - (i < bEnd ? b.charCodeAt(i) : 48);
    if (d !== 0) return d;
  }
  return 0;
}

/** Orders two strings that both have an ISO date shape; NaN if either is not a valid date. */
function compareIsoStrings(a: string, b: string, aTime: number | undefined, bTime: number | undefined): number {
  if (sameUtcLayout(a, b)) return a < b ? -1 : a > b ? 1 : 0;
  if (isUtcSeconds(a) && isUtcSeconds(b)) return compareUtcSeconds(a, b);
  return (aTime ?? isoTime(a)) - (bTime ?? isoTime(b));
}

function numericString(s: string): number {
  // Number("") is 0, which would make an empty string equal to 0.
  return s.trim() === "" ? NaN : Number(s);
}

/**
 * Orders two non-null values: dates by instant, numbers numerically, strings
 * case-insensitively, booleans false < true. Returns NaN when the values have
 * no meaningful order (different kinds, objects).
 */
export function compareValues(a: unknown, b: unknown, aTime?: number, bTime?: number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") {
    if (hasIsoDateShape(a) && hasIsoDateShape(b)) {
      const c = compareIsoStrings(a, b, aTime, bTime);
      if (c === c) return c;
    }
    return compareIgnoreCase(a, b);
  }
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (typeof a === "number" && typeof b === "string") return a - numericString(b);
  if (typeof a === "string" && typeof b === "number") return numericString(a) - b;
  if (a instanceof Date || b instanceof Date) {
    const ta = aTime ?? toTime(a);
    const tb = bTime ?? toTime(b);
    return ta - tb;
  }
  return NaN;
}

/**
 * OData eq: null equals only null/missing, strings compare case-insensitively
 * (Graph's default collation for directory strings), and date strings in
 * different layouts still match when they denote the same instant.
 */
export function valuesEqual(a: unknown, b: unknown, aTime?: number, bTime?: number): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === "string" && typeof b === "string") {
    if (equalsIgnoreCase(a, b)) return true;
    return hasIsoDateShape(a) && hasIsoDateShape(b) && compareIsoStrings(a, b, aTime, bTime) === 0;
  }
  if (typeof a === "object" && !(a instanceof Date)) return false;
  if (typeof b === "object" && !(b instanceof Date)) return false;
  return compareValues(a, b, aTime, bTime) === 0;
}

/** Ranks kinds so $orderby over mixed kinds is still a consistent total order. */
function kindRank(v: unknown): number {
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
    case "bigint":
      return 2;
    case "string":
      return 3;
    default:
      return v instanceof Date ? 3 : 4;
  }
}

/**
 * Total order for $orderby ascending: null/missing first, then by
 * compareValues; strings equal ignoring case are tie-broken by code unit so
 * the result does not depend on storage order.
 */
export function orderValues(a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  const c = compareValues(a, b);
  if (c === c) {
    if (c !== 0) return c < 0 ? -1 : 1;
    if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
    return 0;
  }
  return kindRank(a) - kindRank(b);
}
