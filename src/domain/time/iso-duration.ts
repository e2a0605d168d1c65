import { Duration } from "luxon";

// Strict on purpose: luxon's own parser accepts a bare "P" or "PT", which Graph never sends.
const PATTERN =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

const DAY_MS = 86_400_000;
// Years and months have no fixed length; Entra's policies use days and hours, so the usual
// conventions (365 and 30 days) are enough and match the demo tenant's own helper.
const UNIT_MS = [365 * DAY_MS, 30 * DAY_MS, 7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1000] as const;

/** True when the text is an ISO 8601 duration such as Graph writes (`PT2H`, `P30D`, `P1DT12H`). */
export function isIsoDuration(text: string): boolean {
  return readIsoDuration(text) !== undefined;
}

/**
 * Milliseconds in an ISO 8601 duration as Graph uses them (`PT2H` is 7,200,000). Years count as 365
 * days and months as 30. Throws a RangeError naming the text when it is not a duration.
 */
export function parseIsoDuration(text: string): number {
  const ms = readIsoDuration(text);
  if (ms === undefined) throw new RangeError(`'${text}' is not an ISO 8601 duration such as PT2H or P3D.`);
  return ms;
}

/**
 * The ISO 8601 form Graph writes for a span: days and smaller units, zeros left out (`PT2H`, `P30D`,
 * `P1DT2H30M`, `PT0S` for nothing). Days are never folded into weeks or months, as in Entra's policies.
 */
export function formatIsoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`A duration must be a finite number of milliseconds, not ${ms}.`);
  const iso = Duration.fromMillis(Math.abs(ms)).shiftTo("days", "hours", "minutes", "seconds").toISO();
  return ms < 0 && iso !== "PT0S" ? `-${iso}` : iso;
}

function readIsoDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match || !match.slice(2).some((part) => part !== undefined)) return undefined;
  let total = 0;
  UNIT_MS.forEach((unitMs, i) => {
    const part = match[i + 2];
    if (part !== undefined) total += Number(part.replace(",", ".")) * unitMs;
  });
  total = Math.round(total);
  return match[1] ? -total : total;
}
