import { formatIsoDuration, isIsoDuration, parseIsoDuration } from "../../clock/iso-duration.js";
import { GraphError } from "../../http/graph-error.js";
import type { PimScheduleInfo } from "../../state/model.js";
import type { EffectiveRules } from "./pim-policy.js";

/** A failed policy rule, named as Entra names it in `RoleAssignmentRequestPolicyValidationFailed`. */
export interface RuleFailure {
  rule: "EligibilityRule" | "ExpirationRule" | "JustificationRule" | "TicketingRule";
  detail: string;
}

/** Entra's error for requests its policy refuses: every failed rule listed, plus what to change. */
export function policyValidationFailed(failures: readonly RuleFailure[]): GraphError {
  const names = JSON.stringify([...new Set(failures.map((f) => f.rule))]);
  return new GraphError(
    400,
    "RoleAssignmentRequestPolicyValidationFailed",
    `The following policy rules failed: ${names}. ${failures.map((f) => f.detail).join(" ")}`,
  );
}

export interface ScheduleWindow {
  startMs: number;
  /** null for a permanent assignment. */
  endMs: number | null;
  /** The schedule as Graph echoes it on the request: start filled in, expiration type normalized. */
  scheduleInfo: PimScheduleInfo;
  failures: RuleFailure[];
}

/**
 * Works out when a requested assignment starts and ends, and checks it against the policy's expiration
 * rule. A start in the past means now. With no expiration given, Entra applies the policy's maximum.
 */
export function resolveScheduleWindow(info: PimScheduleInfo, rules: EffectiveRules, nowMs: number): ScheduleWindow {
  const requestedStart = info.startDateTime ? Date.parse(info.startDateTime) : nowMs;
  const startMs = Math.max(requestedStart, nowMs);
  const failures: RuleFailure[] = [];
  const exp = info.expiration;
  const type = exp?.type ?? "notSpecified";
  let endMs: number | null;
  let expiration: NonNullable<PimScheduleInfo["expiration"]>;

  if (type === "notSpecified") {
    endMs = rules.isExpirationRequired ? startMs + rules.maximumDurationMs : null;
    expiration = rules.isExpirationRequired
      ? { type: "afterDuration", duration: rules.maximumDuration, endDateTime: null }
      : { type: "noExpiration", duration: null, endDateTime: null };
  } else if (type === "noExpiration") {
    endMs = null;
    expiration = { type, duration: null, endDateTime: null };
    if (rules.isExpirationRequired) {
      failures.push({ rule: "ExpirationRule", detail: `This setting requires an end: request at most ${rules.maximumDuration} (scheduleInfo.expiration {type: 'afterDuration', duration: '${rules.maximumDuration}'}).` });
    }
  } else if (type === "afterDuration") {
    const duration = exp?.duration;
    if (!duration || !isIsoDuration(duration) || duration.startsWith("-")) {
      throw GraphError.badRequest(`scheduleInfo.expiration.duration must be a positive ISO 8601 duration such as PT2H when the type is afterDuration; got '${duration ?? "nothing"}'.`);
    }
    const ms = parseIsoDuration(duration);
    endMs = startMs + ms;
    expiration = { type, duration, endDateTime: null };
    if (ms <= 0) failures.push({ rule: "ExpirationRule", detail: "The requested duration must be longer than zero." });
    checkMaximum(ms, duration, rules, failures);
  } else {
    if (!exp?.endDateTime) throw GraphError.badRequest("scheduleInfo.expiration.endDateTime is required when the type is afterDateTime.");
    endMs = Date.parse(exp.endDateTime);
    expiration = { type, duration: null, endDateTime: exp.endDateTime };
    if (endMs <= startMs) failures.push({ rule: "ExpirationRule", detail: `The requested end ${exp.endDateTime} is not after the start ${new Date(startMs).toISOString()}.` });
    else checkMaximum(endMs - startMs, formatIsoDuration(endMs - startMs), rules, failures);
  }
  return {
    startMs,
    endMs,
    scheduleInfo: { startDateTime: new Date(startMs).toISOString(), expiration, recurrence: null },
    failures,
  };
}

function checkMaximum(ms: number, shown: string, rules: EffectiveRules, failures: RuleFailure[]): void {
  if (rules.isExpirationRequired && ms > rules.maximumDurationMs) {
    failures.push({ rule: "ExpirationRule", detail: `The requested ${shown} is longer than the ${rules.maximumDuration} this setting allows; ask for ${rules.maximumDuration} or less.` });
  }
}

/** How long a requested assignment lasts, to start it later (at approval) for the same span. */
export function requestedSpanMs(info: PimScheduleInfo, createdMs: number): number | null {
  const exp = info.expiration;
  if (!exp || exp.type === "noExpiration" || exp.type === "notSpecified") return null;
  if (exp.type === "afterDuration" && exp.duration) return parseIsoDuration(exp.duration);
  if (exp.type === "afterDateTime" && exp.endDateTime) {
    const start = info.startDateTime ? Date.parse(info.startDateTime) : createdMs;
    return Date.parse(exp.endDateTime) - start;
  }
  return null;
}
