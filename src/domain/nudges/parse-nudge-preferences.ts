import { z } from "zod";
import { DEFAULT_NUDGE_PREFERENCES, type NudgePreferences } from "./nudge-preferences.js";
import { NUDGE_KINDS, type NudgeKind } from "./nudge-subject.js";

const D = DEFAULT_NUDGE_PREFERENCES;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const instant = z.coerce.date().refine((date) => !Number.isNaN(date.getTime()));
const kinds = new Set<string>(NUDGE_KINDS);

// Each field falls back to its default on its own: one bad value (an old format, a hand edit) must not
// cost the person their quiet hours or their snooze.
const schema = z.object({
  quietHours: z.object({ start: clockTime, end: clockTime }).nullable().catch(D.quietHours),
  quietWeekends: z.boolean().catch(D.quietWeekends),
  weekendDays: z.array(z.number().int().min(1).max(7)).max(7).catch([...D.weekendDays]),
  snoozeUntil: instant.nullable().catch(D.snoozeUntil),
  subjectSnoozes: z
    .record(z.string(), z.unknown())
    .transform((entries) => parseSubjectSnoozes(entries))
    .catch({}),
  mutedKinds: z
    .array(z.string())
    .transform((values) => values.filter((value): value is NudgeKind => kinds.has(value)))
    .catch([...D.mutedKinds]),
});

/**
 * A person's nudge preferences from what the store holds (the `preferences` JSON object, or nothing):
 * missing or invalid fields take their defaults, and unknown fields are ignored.
 */
export function parseNudgePreferences(stored: unknown): NudgePreferences {
  const object = typeof stored === "object" && stored !== null && !Array.isArray(stored) ? stored : {};
  const parsed = schema.parse({ ...D, ...object });
  return { ...parsed, weekendDays: [...new Set(parsed.weekendDays)] };
}

/** Preferences as JSON for the store; `parseNudgePreferences` reads it back to the same value. */
export function toStoredNudgePreferences(preferences: NudgePreferences): Record<string, unknown> {
  return {
    quietHours: preferences.quietHours,
    quietWeekends: preferences.quietWeekends,
    weekendDays: preferences.weekendDays,
    snoozeUntil: preferences.snoozeUntil?.toISOString() ?? null,
    subjectSnoozes: Object.fromEntries(Object.entries(preferences.subjectSnoozes).map(([id, until]) => [id, until.toISOString()])),
    mutedKinds: preferences.mutedKinds,
  };
}

function parseSubjectSnoozes(entries: Record<string, unknown>): Record<string, Date> {
  const out: Record<string, Date> = {};
  for (const [subjectId, value] of Object.entries(entries)) {
    const parsed = instant.safeParse(value);
    if (parsed.success) out[subjectId] = parsed.data;
  }
  return out;
}
