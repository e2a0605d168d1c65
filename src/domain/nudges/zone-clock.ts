import { IANAZone } from "luxon";

/** A calendar date as people in some zone read it. */
export interface LocalDate {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
}

/** An instant as read on a wall clock in some zone. */
export interface LocalReading extends LocalDate {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight, 0-1439. */
  readonly minuteOfDay: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Enough hours for every zone of a large tenant over the weeks a pass looks at; past it, start over.
const MAX_CACHED_HOURS = 50_000;

/** A time zone's offset from UTC at any instant: the one thing wall-clock reading needs. */
export interface ZoneClock {
  readonly name: string;
  /** Minutes to add to UTC to read the wall clock at `ms`. */
  offset(ms: number): number;
}

const clocks = new Map<string, ZoneClock>();

/**
 * The clock of a zone, one per name. An unknown zone reads as UTC, as `formatInstant` shows it.
 */
export function zoneNamed(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    const iana = IANAZone.create(timeZone);
    clock = iana.isValid ? new CachedZoneClock(timeZone, (ms) => iana.offset(ms)) : { name: "UTC", offset: () => 0 };
    clocks.set(timeZone, clock);
  }
  return clock;
}

/**
 * Asking Intl for an offset costs microseconds, and a pass asks hundreds of thousands of times, mostly
 * within a few days. An offset changes at most once in an hour, so an hour whose two ends agree has one
 * offset throughout; only an hour holding a change is asked about instant by instant.
 */
class CachedZoneClock implements ZoneClock {
  private readonly hours = new Map<number, number | null>();

  constructor(
    readonly name: string,
    private readonly exact: (ms: number) => number,
  ) {}

  offset(ms: number): number {
    const hour = Math.floor(ms / HOUR);
    let known = this.hours.get(hour);
    if (known === undefined) {
      if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
      const first = this.exact(hour * HOUR);
      known = first === this.exact((hour + 1) * HOUR - 1) ? first : null;
      this.hours.set(hour, known);
    }
    return known ?? this.exact(ms);
  }
}

/** How `ms` reads on the wall clock in `zone`. */
export function readLocal(zone: ZoneClock, ms: number): LocalReading {
  // Shifting by the offset and reading with UTC getters is the wall clock, without building a DateTime.
  const wall = new Date(ms + zone.offset(ms) * MINUTE);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
    minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/**
 * The first instant at which the wall clock in `zone` reads `minuteOfDay` or later on `date`. On a
 * daylight-saving night that skips the time (02:30 in spring), that is the moment the clock jumps; on one
 * that repeats it (02:30 in autumn), the first time it is read.
 */
export function instantAtLocal(zone: ZoneClock, date: LocalDate, minuteOfDay: number): number {
  const wanted = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  // The offsets around that day: the same offset gives the wall time back unless it falls in a gap.
  const offsets = [zone.offset(wanted - 14 * 60 * MINUTE), zone.offset(wanted + 14 * 60 * MINUTE)];
  const exact = offsets.map((offset) => wanted - offset * MINUTE).filter((ms) => wallTime(zone, ms) === wanted);
  if (exact.length > 0) return Math.min(...exact);
  // A gap: the answer is the jump, the first instant whose wall time is past the wanted one.
  let lo = Math.min(...offsets.map((offset) => wanted - offset * MINUTE));
  let hi = Math.max(...offsets.map((offset) => wanted - offset * MINUTE));
  if (wallTime(zone, lo) >= wanted) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallTime(zone, mid) >= wanted) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local midnight that starts `date` (or the first instant of it where midnight is skipped). */
export function startOfLocalDay(zone: ZoneClock, date: LocalDate): number {
  return instantAtLocal(zone, date, 0);
}

/** Minutes since midnight of "HH:mm". */
export function minutesOfClockTime(clockTime: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clockTime);
  if (match === null) throw new RangeError(`"${clockTime}" is not a time of day as HH:mm`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Wall-clock time of `ms` in `zone`, as milliseconds on a UTC axis, so wall times compare as numbers. */
function wallTime(zone: ZoneClock, ms: number): number {
  return ms + zone.offset(ms) * MINUTE;
}
