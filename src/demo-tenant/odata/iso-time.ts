const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DASH = 45;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

/**
 * Cheap shape test (`YYYY-MM-DD` optionally followed by `T...`) that rejects
 * ordinary strings before Date.parse, which is far more expensive and accepts
 * many non-ISO formats we must not treat as dates.
 */
export function hasIsoDateShape(s: string): boolean {
  if (s.length < 10) return false;
  if (
    !isDigit(s.charCodeAt(0)) ||
    !isDigit(s.charCodeAt(1)) ||
    !isDigit(s.charCodeAt(2)) ||
    !isDigit(s.charCodeAt(3)) ||
    s.charCodeAt(4) !== CODE_DASH ||
    !isDigit(s.charCodeAt(5)) ||
    !isDigit(s.charCodeAt(6)) ||
    s.charCodeAt(7) !== CODE_DASH ||
    !isDigit(s.charCodeAt(8)) ||
    !isDigit(s.charCodeAt(9))
  ) {
    return false;
  }
  return s.length === 10 || s.charCodeAt(10) === 84 /* T */;
}

/** True when the date-time part carries Z or a ±hh:mm offset. */
function hasZone(s: string): boolean {
  const last = s.charCodeAt(s.length - 1);
  if (last === 90 /* Z */ || last === 122 /* z */) return true;
  const sign = s.charCodeAt(s.length - 6);
  return s.length > 16 && (sign === 43 /* + */ || sign === CODE_DASH) && s.charCodeAt(s.length - 3) === 58 /* : */;
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time, or NaN. Date-times
 * without a zone are read as UTC rather than host-local time so results do not
 * depend on the machine running the emulator.
 */
export function isoTime(s: string): number {
  if (!hasIsoDateShape(s)) return NaN;
  if (s.length === 10 || hasZone(s)) return Date.parse(s);
  return Date.parse(`${s}Z`);
}

/** Epoch milliseconds for ISO strings and Date objects, NaN for anything else. */
export function toTime(value: unknown): number {
  if (typeof value === "string") return isoTime(value);
  if (value instanceof Date) return value.getTime();
  return NaN;
}
