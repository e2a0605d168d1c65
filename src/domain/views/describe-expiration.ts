import type { AssignmentExpiration } from "../model/assignment-expiration.js";
import { formatDuration } from "../time/format-duration.js";
import { formatInstant } from "../time/format-instant.js";

/** "2 hours", "until 31 Mar, 17:00", "no end date": how long a policy grants access. */
export function describeExpiration(expiration: AssignmentExpiration, timeZone: string): string {
  switch (expiration.kind) {
    case "afterDuration":
      return formatDuration(expiration.durationMs);
    case "afterDateTime":
      return `until ${formatInstant(expiration.end, timeZone)}`;
    default:
      return "no end date";
  }
}
