import type { Person } from "../model/person.js";
import { DEFAULT_NUDGE_PREFERENCES, type NudgePreferences } from "./nudge-preferences.js";
import { parseNudgePreferences } from "./parse-nudge-preferences.js";

/** What the planner knows about a person it may nudge. */
export interface NudgeRecipient {
  readonly userId: string;
  /** IANA zone from their mailbox settings (see `toIanaTimeZone`); quiet hours are read in it. */
  readonly timeZone: string;
  /** Automatic replies on now: they get nothing, and their share goes to stand-ins. */
  readonly isOutOfOffice: boolean;
  readonly preferences: NudgePreferences;
}

/**
 * The recipient assumed for someone the caller supplied no facts about: UTC, in the office, default
 * preferences. Callers should pass every person; this keeps a missing lookup from losing a nudge.
 */
export function defaultNudgeRecipient(userId: string): NudgeRecipient {
  return { userId, timeZone: "UTC", isOutOfOffice: false, preferences: DEFAULT_NUDGE_PREFERENCES };
}

/**
 * The recipient for a person read from the directory (zone and automatic replies from their mailbox
 * settings) and the preferences JSON the store holds for them (undefined when they never set any).
 */
export function nudgeRecipientOf(person: Pick<Person, "id" | "timeZone" | "isOutOfOffice">, storedPreferences: unknown): NudgeRecipient {
  return {
    userId: person.id,
    timeZone: person.timeZone,
    isOutOfOffice: person.isOutOfOffice,
    preferences: parseNudgePreferences(storedPreferences),
  };
}
