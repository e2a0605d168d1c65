import type { NudgePreferences } from "./nudge-preferences.js";
import { addLocalDays, instantAtLocal, minutesOfClockTime, readLocal, zoneNamed } from "./zone-clock.js";

/** The morning for someone without quiet hours. */
export const DEFAULT_MORNING = "08:00";

/**
 * "Tomorrow morning" for a person: when their quiet hours end (08:00 without quiet hours), on the next
 * day in their own zone; before that time of day (someone up at 2 a.m.), the coming one today.
 */
export function nextMorning(now: Date, timeZone: string, preferences: Pick<NudgePreferences, "quietHours">): Date {
  const zone = zoneNamed(timeZone);
  const minute = minutesOfClockTime(preferences.quietHours?.end ?? DEFAULT_MORNING);
  const local = readLocal(zone, now.getTime());
  const day = local.minuteOfDay < minute ? local : addLocalDays(local, 1);
  return new Date(instantAtLocal(zone, day, minute));
}
