import { isQuietUnder, type QuietRule } from "./quiet-rule.js";
import { addLocalDays, instantAtLocal, readLocal, startOfLocalDay } from "./zone-clock.js";

// A quiet stretch is at most a long weekend of nights and days; more steps than this means it never
// ends (every day quiet), which callers treat as "no allowed instant".
const MAX_STEPS = 24;
const DAYS_AHEAD = 9;
// Planning asks about the same few nights over and over; remembering the latest ones per rule suffices.
const REMEMBERED_STRETCHES = 32;

/** The quiet stretch holding `ms` (which must be quiet), remembered on the rule; null ends mean none found. */
export function quietStretchAround(rule: QuietRule, ms: number): { readonly start: number | null; readonly end: number | null } {
  const known = rule.stretches.find((s) => s.start !== null && s.end !== null && s.start <= ms && ms < s.end);
  if (known !== undefined) return known;
  const stretch = { start: findStretchStart(rule, ms), end: findStretchEnd(rule, ms) };
  if (rule.stretches.length >= REMEMBERED_STRETCHES) rule.stretches.shift();
  rule.stretches.push(stretch);
  return stretch;
}

/** The first instant at or after `ms` that is not quiet, or null when the quiet never ends. */
export function quietStretchEnd(rule: QuietRule, ms: number): number | null {
  return isQuietUnder(rule, ms) ? quietStretchAround(rule, ms).end : ms;
}

/** The first instant of the quiet stretch that holds `ms` (which must be quiet), or null if it has no start. */
export function quietStretchStart(rule: QuietRule, ms: number): number | null {
  return quietStretchAround(rule, ms).start;
}

function findStretchEnd(rule: QuietRule, ms: number): number | null {
  let at = ms;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (!isQuietUnder(rule, at)) return at;
    const local = readLocal(rule.zone, at);
    let next: number;
    if (rule.quietDays.has(local.weekday) || rule.night === null) {
      next = startOfLocalDay(rule.zone, addLocalDays(local, 1));
    } else {
      // Quiet by night: it ends at the night's end, today if that is still ahead, else tomorrow.
      const today = instantAtLocal(rule.zone, local, rule.night.end);
      next = today > at ? today : instantAtLocal(rule.zone, addLocalDays(local, 1), rule.night.end);
    }
    at = next > at ? next : at + 60_000;
  }
  return null;
}

function findStretchStart(rule: QuietRule, ms: number): number | null {
  let at = ms;
  for (let step = 0; step < MAX_STEPS; step++) {
    const before = at - 1;
    if (!isQuietUnder(rule, before)) return at;
    const local = readLocal(rule.zone, before);
    let previous: number;
    if (rule.quietDays.has(local.weekday) || rule.night === null) {
      previous = startOfLocalDay(rule.zone, local);
    } else {
      // Quiet by night: it began at the night's start, today if that is behind us, else yesterday.
      const today = instantAtLocal(rule.zone, local, rule.night.start);
      previous = today <= before ? today : instantAtLocal(rule.zone, addLocalDays(local, -1), rule.night.start);
    }
    at = previous < at ? previous : at - 60_000;
  }
  return null;
}

/** The next instant after `ms` at which quiet time begins, or null when none does within a week and more. */
export function nextQuietStart(rule: QuietRule, ms: number): number | null {
  const today = readLocal(rule.zone, ms);
  let best: number | null = null;
  // Quiet can only begin at a night's start or at the midnight opening a quiet day.
  for (let offset = 0; offset <= DAYS_AHEAD; offset++) {
    const date = addLocalDays(today, offset);
    const candidates: number[] = [];
    if (rule.night !== null) candidates.push(instantAtLocal(rule.zone, date, rule.night.start));
    if (rule.quietDays.size > 0) candidates.push(startOfLocalDay(rule.zone, date));
    for (const candidate of candidates) {
      if (candidate > ms && (best === null || candidate < best) && isQuietUnder(rule, candidate)) best = candidate;
    }
    if (best !== null) return best;
  }
  return best;
}
