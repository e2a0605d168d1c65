const PATTERN =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

const MS = { Y: 365 * 86_400_000, M: 30 * 86_400_000, W: 7 * 86_400_000, D: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** True when the text is an ISO 8601 duration Graph would accept (`PT2H`, `P14D`, `P1DT12H`). */
export function isIsoDuration(text: string): boolean {
  const m = PATTERN.exec(text);
  return m !== null && m.slice(2).some((part) => part !== undefined);
}

/**
 * Milliseconds in an ISO 8601 duration. Years and months are taken as 365 and 30 days, which is how
 * Entra's policies (at most 14 days for approvals, days or hours for expirations) never need more.
 */
export function parseIsoDuration(text: string): number {
  const m = PATTERN.exec(text.trim());
  if (!m || !m.slice(2).some((part) => part !== undefined)) {
    throw new RangeError(`'${text}' is not an ISO 8601 duration such as PT2H or P3D.`);
  }
  const n = (i: number) => Number((m[i] ?? "0").replace(",", "."));
  const total = n(2) * MS.Y + n(3) * MS.M + n(4) * MS.W + n(5) * MS.D + n(6) * MS.h + n(7) * MS.m + n(8) * MS.s;
  return m[1] ? -total : Math.round(total);
}

/** The shortest ISO form of a millisecond span, as Graph writes durations (`PT2H`, `P3D`, `P1DT2H`). */
export function formatIsoDuration(ms: number): string {
  if (ms === 0) return "PT0S";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  const days = Math.floor(rest / MS.D);
  rest -= days * MS.D;
  const hours = Math.floor(rest / MS.h);
  rest -= hours * MS.h;
  const minutes = Math.floor(rest / MS.m);
  rest -= minutes * MS.m;
  const seconds = rest / 1000;
  let out = `${sign}P${days ? `${days}D` : ""}`;
  if (hours || minutes || seconds) out += `T${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
  return out;
}
