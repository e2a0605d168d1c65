import type { NudgeUrgency } from "./planned-nudge.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One row of {@link EXPIRY_WARNING_LEADS}. */
export interface ExpiryWarningLead {
  /** Grants up to this long (inclusive) use this row. */
  readonly grantUpToMs: number;
  /** How long before the end the holder is warned. */
  readonly leadMs: number;
  readonly urgency: NudgeUrgency;
}

/**
 * How far ahead someone is warned that their access ends, by how long it was granted for: a warning
 * must leave time to extend, yet not arrive when a short grant has barely begun.
 */
export const EXPIRY_WARNING_LEADS: readonly ExpiryWarningLead[] = [
  { grantUpToMs: 4 * HOUR, leadMs: 15 * MINUTE, urgency: "urgent" },
  { grantUpToMs: DAY, leadMs: 2 * HOUR, urgency: "urgent" },
  { grantUpToMs: 14 * DAY, leadMs: DAY, urgency: "soon" },
  { grantUpToMs: Number.POSITIVE_INFINITY, leadMs: 3 * DAY, urgency: "soon" },
];

/** The row of {@link EXPIRY_WARNING_LEADS} for a grant `grantMs` long. */
export function expiryWarningLead(grantMs: number): ExpiryWarningLead {
  // The last row is unbounded, so a row is always found.
  return EXPIRY_WARNING_LEADS.find((row) => grantMs <= row.grantUpToMs) ?? (EXPIRY_WARNING_LEADS.at(-1) as ExpiryWarningLead);
}
