import { DateTime } from "luxon";

/** Options for {@link formatInstant}. */
export interface FormatInstantOptions {
  /** When given, the year is added for instants in another year than this one, so far dates stay clear. */
  readonly now?: Date;
}

// Zone abbreviations exist in CLDR only for some locale and zone pairs ("PST" in en-US, "CET" in en-GB,
// "IST" in en-IN); other pairs fall back to "GMT+1". A name beats an offset, so English locales that know
// it are asked in turn before settling for the offset.
const ABBREVIATION_LOCALES = ["en-US", "en-GB", "en-IN"] as const;
const OFFSET_ONLY = /^(GMT|UTC)[+\-−]/;

/**
 * An instant as a person in `ianaZone` reads it: "Tue 3 Mar, 17:00 PST". Weekday and month names follow
 * `locale`; the clock is 24-hour so it reads the same everywhere; the zone is named so a message read
 * across time zones is never misread.
 */
export function formatInstant(
  date: Date,
  ianaZone: string,
  locale = "en-GB",
  options: FormatInstantOptions = {},
): string {
  let local = DateTime.fromJSDate(date, { zone: ianaZone });
  if (!local.isValid) local = DateTime.fromJSDate(date, { zone: "UTC" });
  local = local.setLocale(locale);
  const showYear = options.now !== undefined && DateTime.fromJSDate(options.now, { zone: local.zone }).year !== local.year;
  const day = local.toFormat(showYear ? "ccc d LLL yyyy" : "ccc d LLL");
  return `${day}, ${local.toFormat("HH:mm")} ${zoneAbbreviation(local)}`;
}

// A zone's name depends only on the zone, the locale and the UTC offset in force (PST vs PDT), and
// working it out builds Intl formatters every time: remember it (a few zones, two offsets each).
const abbreviations = new Map<string, string>();

function zoneAbbreviation(local: DateTime): string {
  const key = `${local.zoneName}|${local.locale}|${local.offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = computeZoneAbbreviation(local);
    if (abbreviations.size > 1000) abbreviations.clear();
    abbreviations.set(key, name);
  }
  return name;
}

function computeZoneAbbreviation(local: DateTime): string {
  const own = local.toFormat("ZZZZ");
  if (!OFFSET_ONLY.test(own)) return own;
  for (const locale of ABBREVIATION_LOCALES) {
    const named = local.setLocale(locale).toFormat("ZZZZ");
    if (!OFFSET_ONLY.test(named)) return named;
  }
  return own.replace("−", "-");
}
