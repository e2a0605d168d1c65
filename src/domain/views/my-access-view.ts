import type { AccessAssignment } from "../model/access-assignment.js";
import type { AccessRequest } from "../model/access-request.js";
import { formatDuration } from "../time/format-duration.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/** Template data for `adaptiveCards/my-access.json`: active assignments with time left, and pending requests. */
export function myAccessView(
  assignments: readonly AccessAssignment[],
  pending: readonly AccessRequest[],
  whereWaiting: readonly string[],
  context: { now: Date; timeZone: string },
): Record<string, unknown> {
  const active = assignments
    .filter((a) => a.state === "delivered" || a.state === "delivering" || a.state === "partiallyDelivered")
    .sort((a, b) => (a.end?.getTime() ?? Infinity) - (b.end?.getTime() ?? Infinity))
    .map((a) => ({
      name: a.packageDisplayName,
      timeLeft: a.end
        ? `${formatTimeLeft(a.end.getTime() - context.now.getTime())} left (until ${formatInstant(a.end, context.timeZone)})`
        : "no end date",
    }));
  return {
    active,
    pending: pending.map((r, i) => ({
      requestId: r.id,
      name: r.packageDisplayName,
      where: `${whereWaiting[i] ?? "Waiting"} · asked ${formatInstant(r.createdAt, context.timeZone)}`,
      canCancel: r.state === "pendingApproval" || r.state === "submitted",
    })),
  };
}
