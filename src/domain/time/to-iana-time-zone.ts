import { IANAZone } from "luxon";
import { WINDOWS_TO_IANA_MAP, findIana } from "windows-iana";

/** The outcome of {@link toIanaTimeZone}. */
export interface IanaTimeZone {
  /** An IANA zone luxon and Intl understand, e.g. "America/Los_Angeles". */
  readonly timeZone: string;
  /** True when the input was not recognised and `timeZone` is "UTC" for want of anything better. */
  readonly isFallback: boolean;
}

// CLDR still lists some zones under their old names; people and newer tooling know the new ones.
const RENAMED: Readonly<Record<string, string>> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "America/Godthab": "America/Nuuk",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "Europe/Kiev": "Europe/Kyiv",
};

const WINDOWS_NAMES = new Map(WINDOWS_TO_IANA_MAP.map((entry) => [entry.windowsName.toLowerCase(), entry.windowsName]));

/**
 * The IANA zone for a Windows time zone name ("Pacific Standard Time", what Graph's
 * `mailboxSettings.timeZone` usually holds) or an IANA name passed through. Unknown or empty input
 * gives UTC with `isFallback: true`, so callers can say "times are shown in UTC" instead of guessing.
 */
export function toIanaTimeZone(windowsOrIana: string | null | undefined): IanaTimeZone {
  const name = windowsOrIana?.trim() ?? "";
  if (name === "") return { timeZone: "UTC", isFallback: true };
  // Every person read goes through here; the zone names are few and the lookup is not cheap.
  let known = RESOLVED.get(name);
  if (known === undefined) {
    known = resolve(name);
    if (RESOLVED.size >= MAX_RESOLVED) RESOLVED.clear();
    RESOLVED.set(name, known);
  }
  return known;
}

const RESOLVED = new Map<string, IanaTimeZone>();
/** More distinct names than any directory has zones: only made-up input could reach it. */
const MAX_RESOLVED = 2_000;

function resolve(name: string): IanaTimeZone {
  const windowsName = WINDOWS_NAMES.get(name.toLowerCase());
  if (windowsName !== undefined) {
    // The first zone is the one CLDR maps the Windows zone to for territory "001" (its main region).
    const iana = findIana(windowsName)[0];
    if (iana !== undefined) return { timeZone: RENAMED[iana] ?? iana, isFallback: false };
  }
  if (IANAZone.create(name).isValid) return { timeZone: RENAMED[name] ?? name, isFallback: false };
  return { timeZone: "UTC", isFallback: true };
}
