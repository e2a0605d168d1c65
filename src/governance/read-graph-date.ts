import { DateTime } from "luxon";
import { toIanaTimeZone } from "../domain/time/to-iana-time-zone.js";

/** A Graph date-time (`2026-03-02T17:00:00Z`) as a Date; null when absent or unreadable. */
export function readGraphDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Graph's `dateTimeTimeZone` (a local time without offset plus a Windows or IANA zone name) as an
 * instant. Graph writes seven fractional digits, which are cut to milliseconds; an unknown zone counts
 * as UTC. Null when absent or unreadable.
 */
export function readDateTimeTimeZone(value: { dateTime?: string | null; timeZone?: string | null } | null | undefined): Date | null {
  if (!value?.dateTime) return null;
  const local = value.dateTime.replace(/(\.\d{3})\d+/, "$1");
  const parsed = DateTime.fromISO(local, { zone: toIanaTimeZone(value.timeZone ?? "UTC").timeZone });
  return parsed.isValid ? parsed.toJSDate() : null;
}
