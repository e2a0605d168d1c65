import { DateTime } from "luxon";
import type { PolicyRequirements } from "../model/policy-requirements.js";
import { tokenize } from "../text/tokenize.js";
import { formatDuration } from "../time/format-duration.js";
import { formatInstant } from "../time/format-instant.js";
import { parseDurationText } from "../time/parse-duration-text.js";
import { END_OF_WORKING_DAY, atTime, readEndPhrase } from "../time/read-end-phrase.js";
import type { DraftIssue, DraftSchedule, RequestDraftInput } from "./request-draft.js";

/** Shortest access worth requesting: delivery alone can take minutes, and approvals longer. */
export const MIN_REQUEST_MS = 15 * 60_000;

/** The person's context for reading and describing times. */
export interface ScheduleContext {
  readonly now: Date;
  /** IANA zone for ends without an offset and for messages. */
  readonly timeZone: string;
  readonly locale: string;
}

/** The schedule, plus remarks, or the errors that stop it. */
export type ScheduleCheck =
  | { readonly ok: true; readonly schedule: DraftSchedule; readonly notes: DraftIssue[] }
  | { readonly ok: false; readonly errors: DraftIssue[] };

type Requested =
  | { readonly kind: "none" }
  | { readonly kind: "span"; readonly ms: number; readonly field: "duration" | "end"; readonly end?: Date }
  | { readonly kind: "error"; readonly issue: DraftIssue };

const UNTIL_WORDS = new Set(["until", "till", "til", "through", "thru"]);

/**
 * Decides when access starts (now) and ends, within the policy:
 * - custom schedules allowed: the requested span (from `end` if given, else `duration`) must be at least
 *   15 minutes and at most the policy's longest; nothing requested means the policy's own expiration;
 * - custom schedules not allowed: the policy's expiration is the only choice, and a different request
 *   is reported as fixed to it in a note, not as an error.
 */
export function resolveDraftSchedule(
  input: Pick<RequestDraftInput, "duration" | "end">,
  policy: PolicyRequirements,
  context: ScheduleContext,
): ScheduleCheck {
  const now = context.now;
  const policyLimit = limitOf(policy, now);
  if (policyLimit === "ended" && policy.expiration.kind === "afterDateTime") {
    const when = formatInstant(policy.expiration.end, context.timeZone, context.locale, { now });
    return fail("policyId", `This policy stopped granting access on ${when}: ask the package owner which policy to use now.`);
  }
  const requested = readRequested(input, context);
  if (requested.kind === "error") return { ok: false, errors: [requested.issue] };

  if (!policy.allowCustomAssignmentSchedule || requested.kind === "none") {
    const schedule = policySchedule(policy, now);
    const notes: DraftIssue[] = [];
    if (requested.kind === "span" && !sameSpan(requested.ms, schedule)) {
      notes.push({ field: requested.field, message: fixedNote(policy, schedule, requested.ms, context) });
    }
    return { ok: true, schedule, notes };
  }

  const limit = policyLimit === "ended" ? 0 : policyLimit;
  if (requested.ms < MIN_REQUEST_MS) {
    return fail(
      requested.field,
      requested.field === "end"
        ? "Choose an end at least 15 minutes from now: shorter access would be over before you could use it."
        : "Choose a duration of at least 15 minutes: shorter access would be over before you could use it.",
    );
  }
  if (limit !== undefined && requested.ms > limit) {
    const longest = formatDuration(limit);
    return fail(
      requested.field,
      requested.field === "end"
        ? `Choose an end no later than ${formatInstant(new Date(now.getTime() + limit), context.timeZone, context.locale, { now })}: this policy allows at most ${longest}.`
        : `Choose a duration of at most ${longest}: that is the longest this policy allows.`,
    );
  }
  return {
    ok: true,
    schedule: {
      start: now,
      expiration: { kind: "afterDuration", durationMs: requested.ms },
      end: new Date(now.getTime() + requested.ms),
      isCustom: true,
    },
    notes: [],
  };
}

/** Longest span the policy allows from now: undefined for no limit, "ended" when its end date has passed. */
function limitOf(policy: PolicyRequirements, now: Date): number | undefined | "ended" {
  const expiration = policy.expiration;
  if (expiration.kind === "afterDuration") return expiration.durationMs;
  if (expiration.kind === "noExpiration") return undefined;
  const left = expiration.end.getTime() - now.getTime();
  return left > 0 ? left : "ended";
}

function policySchedule(policy: PolicyRequirements, now: Date): DraftSchedule {
  const expiration = policy.expiration;
  if (expiration.kind === "afterDuration") {
    return { start: now, expiration, end: new Date(now.getTime() + expiration.durationMs), isCustom: false };
  }
  if (expiration.kind === "afterDateTime") return { start: now, expiration, end: expiration.end, isCustom: false };
  return { start: now, expiration, isCustom: false };
}

function sameSpan(ms: number, schedule: DraftSchedule): boolean {
  // Within a minute: an end picked on a card is never to the millisecond.
  return schedule.end !== undefined && Math.abs(schedule.end.getTime() - schedule.start.getTime() - ms) < 60_000;
}

function fixedNote(policy: PolicyRequirements, schedule: DraftSchedule, askedMs: number, context: ScheduleContext): string {
  const asked = formatDuration(askedMs);
  const expiration = policy.expiration;
  if (expiration.kind === "afterDuration") {
    const granted = formatDuration(expiration.durationMs);
    return `This policy always grants ${granted}, so your access will last ${granted} rather than the ${asked} you asked for.`;
  }
  if (expiration.kind === "afterDateTime" && schedule.end !== undefined) {
    const until = formatInstant(schedule.end, context.timeZone, context.locale, { now: context.now });
    return `This policy grants access until ${until}, so that is when your access will end rather than after the ${asked} you asked for.`;
  }
  return `This policy grants access with no end date, so it will last until it is removed rather than for the ${asked} you asked for.`;
}

function readRequested(input: Pick<RequestDraftInput, "duration" | "end">, context: ScheduleContext): Requested {
  const end = input.end;
  if (end !== undefined && !(typeof end === "string" && end.trim() === "")) return readEnd(end, context);
  const duration = input.duration;
  if (duration === undefined || (typeof duration === "string" && duration.trim() === "")) return { kind: "none" };
  if (typeof duration === "number") {
    if (!Number.isFinite(duration)) return error("duration", "Choose a duration such as 2 hours or 3 days.");
    return { kind: "span", ms: duration, field: "duration" };
  }
  const ms = parseDurationText(duration);
  if (ms !== undefined) return { kind: "span", ms, field: "duration" };
  const until = readUntilText(duration, context);
  if (until !== undefined) return spanUntil(until, "duration", context);
  return error("duration", `I could not read “${duration.trim()}” as a length of time: try “2 hours”, “3 days” or “until Friday 5pm”.`);
}

function readEnd(end: string | Date, context: ScheduleContext): Requested {
  let instant: DateTime;
  if (end instanceof Date) instant = DateTime.fromJSDate(end);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(end.trim())) {
    // A date alone means the end of that working day, as "until Friday" does in chat.
    instant = atTime(DateTime.fromISO(end.trim(), { zone: context.timeZone }), END_OF_WORKING_DAY);
  } else instant = DateTime.fromISO(end.trim(), { zone: context.timeZone });
  if (!instant.isValid) return error("end", "Choose a valid end date and time.");
  return spanUntil(instant.toJSDate(), "end", context);
}

function spanUntil(end: Date, field: "duration" | "end", context: ScheduleContext): Requested {
  // Whole seconds: Graph gets "PT6H59M37S", not a fraction of a second nobody meant.
  const ms = Math.round((end.getTime() - context.now.getTime()) / 1000) * 1000;
  if (ms <= 0) {
    const when = formatInstant(end, context.timeZone, context.locale, { now: context.now });
    return error(field, `Choose an end in the future: ${when} has already passed.`);
  }
  return { kind: "span", ms, field, end };
}

/** "until Friday 5pm" typed into the card's duration box. */
function readUntilText(text: string, context: ScheduleContext): Date | undefined {
  const tokens = tokenize(text);
  if (!UNTIL_WORDS.has(tokens[0]?.norm ?? "")) return undefined;
  const reading = readEndPhrase(tokens, 1, context);
  return reading !== undefined && reading.next === tokens.length ? reading.end : undefined;
}

function error(field: string, message: string): Requested {
  return { kind: "error", issue: { field, message } };
}

function fail(field: string, message: string): ScheduleCheck {
  return { ok: false, errors: [{ field, message }] };
}
