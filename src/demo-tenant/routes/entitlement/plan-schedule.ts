import { formatIsoDuration, isIsoDuration, parseIsoDuration } from "../../clock/iso-duration.js";
import { GraphError } from "../../http/graph-error.js";
import type { AssignmentPolicyRecord, EntitlementSchedule, ExpirationPattern } from "../../state/model.js";
import type { RequestInput } from "./request-input.js";

/** How far a requested start may lie in the past or future and still count as "now" (clock skew). */
const NOW_TOLERANCE_MS = 5 * 60_000;

/** The longest assignment a policy grants from `from`, or null when it sets no limit. */
export function policyMaxMs(policy: AssignmentPolicyRecord, from: number): number | null {
  const e = policy.expiration;
  if (e.type === "afterDuration" && e.duration) return parseIsoDuration(e.duration);
  if (e.type === "afterDateTime" && e.endDateTime) return Math.max(0, Date.parse(e.endDateTime) - from);
  return null;
}

function describePolicyLimit(policy: AssignmentPolicyRecord): string {
  const e = policy.expiration;
  return e.type === "afterDuration" ? `${e.duration}` : `until ${e.endDateTime}`;
}

/**
 * Checks a requested schedule against the policy and returns it as the request stores it. The duration
 * may never exceed the policy's expiration; a schedule of the requestor's own (a later start or a
 * different length) needs `allowCustomAssignmentSchedule`, except for administrators.
 */
export function planSchedule(policy: AssignmentPolicyRecord, requested: RequestInput["schedule"], now: Date, self: boolean): EntitlementSchedule {
  const nowMs = now.getTime();
  const empty: EntitlementSchedule = { startDateTime: null, expiration: { type: "notSpecified", duration: null, endDateTime: null }, recurrence: null };
  if (!requested) return empty;
  let start: number | null = null;
  if (requested.startDateTime) {
    start = Date.parse(requested.startDateTime);
    if (Number.isNaN(start)) throw GraphError.badRequest(`schedule.startDateTime '${requested.startDateTime}' is not an ISO 8601 date-time.`);
  }
  const from = Math.max(start ?? nowMs, nowMs);
  const exp: ExpirationPattern = requested.expiration ?? { type: "notSpecified", duration: null, endDateTime: null };
  let length: number | null = null;
  if (exp.type === "afterDuration") {
    if (!exp.duration || !isIsoDuration(exp.duration)) throw GraphError.badRequest(`schedule.expiration.duration '${exp.duration ?? ""}' must be an ISO 8601 duration such as PT2H or P7D.`);
    length = parseIsoDuration(exp.duration);
    if (length <= 0) throw GraphError.badRequest("schedule.expiration.duration must be positive.");
  } else if (exp.type === "afterDateTime") {
    const end = exp.endDateTime ? Date.parse(exp.endDateTime) : NaN;
    if (Number.isNaN(end)) throw GraphError.badRequest("schedule.expiration.endDateTime must be an ISO 8601 date-time when the type is afterDateTime.");
    if (end <= from) throw GraphError.badRequest("schedule.expiration.endDateTime must be after the start of the assignment.");
    length = end - from;
  }

  const max = policyMaxMs(policy, from);
  if (exp.type === "noExpiration" && max !== null) {
    throw GraphError.badRequest(`Policy '${policy.displayName}' grants access for at most ${describePolicyLimit(policy)}; an assignment without expiration cannot be requested.`);
  }
  if (length !== null && max !== null && length > max) {
    throw GraphError.badRequest(`The requested duration ${formatIsoDuration(length)} exceeds the maximum of ${describePolicyLimit(policy)} that policy '${policy.displayName}' allows.`);
  }
  const laterStart = start !== null && start > nowMs + NOW_TOLERANCE_MS;
  const ownLength = length !== null && (max === null || Math.abs(length - max) > 1000);
  if (self && (laterStart || ownLength) && !policy.requestorSettings.allowCustomAssignmentSchedule) {
    throw GraphError.badRequest(
      `Policy '${policy.displayName}' does not let requestors choose their own schedule (allowCustomAssignmentSchedule is false): omit the schedule, or ask for exactly ${describePolicyLimit(policy)} starting now.`,
    );
  }
  return {
    startDateTime: start === null ? null : new Date(start).toISOString(),
    expiration: { type: exp.type, duration: exp.type === "afterDuration" ? exp.duration : null, endDateTime: exp.type === "afterDateTime" ? exp.endDateTime : null },
    recurrence: null,
  };
}

/**
 * The window an assignment gets when delivered at `deliverAt`: it starts then (or at the requested later
 * start) and ends after the requested duration, or the policy's when the request names none.
 */
export function assignmentWindow(policy: AssignmentPolicyRecord, requested: EntitlementSchedule | null, deliverAt: number): { start: number; end: number | null } {
  const asked = requested?.startDateTime ? Date.parse(requested.startDateTime) : NaN;
  const start = Number.isNaN(asked) ? deliverAt : Math.max(asked, deliverAt);
  const exp = requested?.expiration;
  if (exp?.type === "afterDuration" && exp.duration) return { start, end: start + parseIsoDuration(exp.duration) };
  if (exp?.type === "afterDateTime" && exp.endDateTime) return { start, end: Date.parse(exp.endDateTime) };
  if (exp?.type === "noExpiration") return { start, end: null };
  const max = policyMaxMs(policy, start);
  return { start, end: max === null ? null : start + max };
}
