import { IANAZone } from "luxon";
import type { PolicyRequirements } from "../model/policy-requirements.js";
import type { DraftIssue, RequestDraft, RequestDraftInput, RequestDraftResult } from "./request-draft.js";
import { resolveDraftSchedule } from "./resolve-draft-schedule.js";
import { validateAnswers } from "./validate-answers.js";

/**
 * Longest reason accepted. Graph's reference gives no maximum for a request's `justification`; 500
 * characters keeps it readable on approvers' cards and in Entra's approval emails, and is plenty for
 * "why". One constant, so a tenant with another practice changes it in one place.
 */
export const MAX_JUSTIFICATION_LENGTH = 500;

/** The person's context: `now` for the schedule, zone and locale for reading and writing times. */
export interface ValidateRequestDraftOptions {
  readonly now: Date;
  /** IANA zone of the person; ends without an offset are read in it. Defaults to UTC. */
  readonly timeZone?: string;
  /** Locale for dates in messages. Defaults to en-GB. */
  readonly locale?: string;
}

/**
 * Checks what the request card sent against the policy it was built for and returns either a draft
 * the gateway can send (start now, expiration within the policy, answers as Entra stores them) with
 * remarks, or every problem at once as sentences a person can act on.
 *
 * Rules: the duration is at least 15 minutes and within the policy (when the policy allows no custom
 * schedule, its own duration applies and a different request gets a note, not an error); a reason is
 * required when the policy says so and is at most {@link MAX_JUSTIFICATION_LENGTH} characters; required
 * questions are answered, text answers match the question's pattern, choices are among the options
 * and several only where allowed.
 */
export function validateRequestDraft(
  input: RequestDraftInput,
  policy: PolicyRequirements,
  options: ValidateRequestDraftOptions,
): RequestDraftResult {
  const timeZone = options.timeZone !== undefined && IANAZone.create(options.timeZone).isValid ? options.timeZone : "UTC";
  const context = { now: options.now, timeZone, locale: options.locale ?? "en-GB" };
  if (input.policyId !== policy.policyId) {
    return {
      ok: false,
      errors: [{ field: "policyId", message: "This form belongs to another policy: open the request again and resubmit it." }],
    };
  }

  const errors: DraftIssue[] = [];
  const schedule = resolveDraftSchedule(input, policy, context);
  if (!schedule.ok) errors.push(...schedule.errors);

  const justification = input.justification?.trim() ?? "";
  if (justification === "" && policy.isRequestorJustificationRequired) {
    errors.push({
      field: "justification",
      message: policy.isApprovalRequired
        ? "Tell your approver why you need it: this package asks for a reason."
        : "Say why you need it: this package asks for a reason.",
    });
  } else if (justification.length > MAX_JUSTIFICATION_LENGTH) {
    errors.push({
      field: "justification",
      message: `Shorten your reason to ${MAX_JUSTIFICATION_LENGTH} characters or fewer: it has ${justification.length}.`,
    });
  }

  const answers = validateAnswers(policy.questions, input.answers);
  errors.push(...answers.errors);

  if (!schedule.ok || errors.length > 0) return { ok: false, errors };
  const draft: RequestDraft = {
    policyId: policy.policyId,
    schedule: schedule.schedule,
    ...(justification === "" ? {} : { justification }),
    answers: answers.answers,
  };
  return { ok: true, draft, notes: schedule.notes };
}
