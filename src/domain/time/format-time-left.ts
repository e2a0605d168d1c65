import { formatDuration } from "./format-duration.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A span as people read time left on a card: at most two units and rounded ("60 days", "1 day
 * 19 hours", "2 hours 15 minutes", "5 minutes"), because "59 days 23 hours 59 minutes" reads as noise.
 */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return "no time";
  if (ms >= 2 * DAY) return formatDuration(Math.round(ms / DAY) * DAY);
  if (ms >= DAY) return formatDuration(Math.round(ms / HOUR) * HOUR);
  if (ms >= HOUR) return formatDuration(Math.round(ms / (5 * MINUTE)) * 5 * MINUTE);
  return formatDuration(Math.max(1, Math.round(ms / MINUTE)) * MINUTE);
}
