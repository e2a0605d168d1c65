import { describe, expect, it } from "vitest";
import type { PolicyQuestion } from "../../../../src/domain/model/policy-question.js";
import type { RequestDraftInput } from "../../../../src/domain/requests/request-draft.js";
import { requestDraftInputSchema } from "../../../../src/domain/requests/request-draft.js";
import { MAX_JUSTIFICATION_LENGTH, validateRequestDraft } from "../../../../src/domain/requests/validate-request-draft.js";
import { policy } from "../fixtures/offers.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Tue 4 Mar 2025, 10:00 PST.
const now = new Date("2025-03-04T18:00:00Z");
const options = { now, timeZone: "America/Los_Angeles", locale: "en-GB" };

const twoHourPolicy = policy({ expiration: { kind: "afterDuration", durationMs: 2 * HOUR } });

function ok(input: Partial<RequestDraftInput>, p = twoHourPolicy) {
  const result = validateRequestDraft({ policyId: p.policyId, justification: "Quarterly review", ...input }, p, options);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}

function errors(input: Partial<RequestDraftInput>, p = twoHourPolicy) {
  const result = validateRequestDraft({ policyId: p.policyId, justification: "Quarterly review", ...input }, p, options);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("validateRequestDraft: duration", () => {
  it("builds a schedule that starts now and lasts what was asked", () => {
    const { draft, notes } = ok({ duration: "90 minutes" });
    expect(draft.schedule).toEqual({
      start: now,
      expiration: { kind: "afterDuration", durationMs: 90 * MIN },
      end: new Date(now.getTime() + 90 * MIN),
      isCustom: true,
    });
    expect(notes).toEqual([]);
    expect(draft.policyId).toBe("policy-1");
    expect(draft.justification).toBe("Quarterly review");
  });

  it.each([[2 * HOUR], ["2 hours"], ["2h"], ["PT2H"], ["for two hours"]])("accepts %j", (duration) => {
    expect(ok({ duration }).draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 2 * HOUR });
  });

  it("refuses more than the policy allows, saying what the limit is", () => {
    expect(errors({ duration: "3 hours" })).toEqual([
      { field: "duration", message: "Choose a duration of at most 2 hours: that is the longest this policy allows." },
    ]);
  });

  it("refuses less than 15 minutes", () => {
    expect(errors({ duration: "10 minutes" })).toEqual([
      { field: "duration", message: "Choose a duration of at least 15 minutes: shorter access would be over before you could use it." },
    ]);
    expect(ok({ duration: "15 minutes" }).draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 15 * MIN });
  });

  it("explains text it cannot read", () => {
    expect(errors({ duration: "soonish" })).toEqual([
      { field: "duration", message: "I could not read “soonish” as a length of time: try “2 hours”, “3 days” or “until Friday 5pm”." },
    ]);
  });

  it("refuses a duration that is not a finite number", () => {
    expect(errors({ duration: Number.NaN })[0]?.field).toBe("duration");
  });

  it("uses the policy's own expiration when nothing is asked", () => {
    const { draft, notes } = ok({});
    expect(draft.schedule).toEqual({
      start: now,
      expiration: { kind: "afterDuration", durationMs: 2 * HOUR },
      end: new Date(now.getTime() + 2 * HOUR),
      isCustom: false,
    });
    expect(notes).toEqual([]);
    expect(ok({ duration: "" }).draft.schedule.isCustom).toBe(false);
  });

  it("accepts 'until Friday 5pm' typed as the duration", () => {
    const weekPolicy = policy({ expiration: { kind: "afterDuration", durationMs: 7 * DAY } });
    const { draft } = ok({ duration: "until Friday 5pm" }, weekPolicy);
    expect(draft.schedule.end).toEqual(new Date("2025-03-08T01:00:00Z"));
    expect(draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: new Date("2025-03-08T01:00:00Z").getTime() - now.getTime() });
  });
});

describe("validateRequestDraft: end date-time", () => {
  const dayPolicy = policy({ expiration: { kind: "afterDuration", durationMs: DAY } });

  it("reads an end without an offset in the person's zone", () => {
    const { draft } = ok({ end: "2025-03-04T17:00" }, dayPolicy);
    expect(draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 7 * HOUR });
    expect(draft.schedule.end).toEqual(new Date("2025-03-05T01:00:00Z"));
  });

  it("respects an explicit offset", () => {
    expect(ok({ end: "2025-03-04T20:00:00Z" }, dayPolicy).draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 2 * HOUR });
  });

  it("reads a date alone as that day at 17:00", () => {
    expect(ok({ end: "2025-03-04" }, dayPolicy).draft.schedule.end).toEqual(new Date("2025-03-05T01:00:00Z"));
  });

  it("accepts a Date", () => {
    expect(ok({ end: new Date("2025-03-04T20:00:00Z") }, dayPolicy).draft.schedule.end).toEqual(new Date("2025-03-04T20:00:00Z"));
  });

  it("prefers the end when both an end and a duration are sent", () => {
    expect(ok({ end: "2025-03-04T20:00:00Z", duration: "5 hours" }, dayPolicy).draft.schedule.end).toEqual(new Date("2025-03-04T20:00:00Z"));
  });

  it("refuses an end past the policy's limit, naming the latest end in the person's zone", () => {
    expect(errors({ end: "2025-03-05T17:00" }, dayPolicy)).toEqual([
      { field: "end", message: "Choose an end no later than Wed 5 Mar, 10:00 PST: this policy allows at most 1 day." },
    ]);
  });

  it("refuses an end in the past or too soon", () => {
    expect(errors({ end: "2025-03-04T09:00" }, dayPolicy)).toEqual([
      { field: "end", message: "Choose an end in the future: Tue 4 Mar, 09:00 PST has already passed." },
    ]);
    expect(errors({ end: "2025-03-04T10:05" }, dayPolicy)[0]?.message).toBe(
      "Choose an end at least 15 minutes from now: shorter access would be over before you could use it.",
    );
  });

  it("counts the span to an end in whole seconds", () => {
    const oddNow = new Date("2025-03-04T18:00:00.400Z");
    const result = validateRequestDraft({ policyId: "policy-1", justification: "x", end: "2025-03-04T17:00" }, dayPolicy, { ...options, now: oddNow });
    expect(result.ok && result.draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 7 * HOUR });
  });

  it("refuses an end it cannot read", () => {
    expect(errors({ end: "next-ish" }, dayPolicy)).toEqual([{ field: "end", message: "Choose a valid end date and time." }]);
  });
});

describe("validateRequestDraft: policies without a custom schedule", () => {
  const fixed = policy({ allowCustomAssignmentSchedule: false, expiration: { kind: "afterDuration", durationMs: 8 * HOUR } });

  it("applies the policy's duration and notes a different request instead of refusing it", () => {
    const { draft, notes } = ok({ duration: "2 days" }, fixed);
    expect(draft.schedule).toEqual({
      start: now,
      expiration: { kind: "afterDuration", durationMs: 8 * HOUR },
      end: new Date(now.getTime() + 8 * HOUR),
      isCustom: false,
    });
    expect(notes).toEqual([
      { field: "duration", message: "This policy always grants 8 hours, so your access will last 8 hours rather than the 2 days you asked for." },
    ]);
  });

  it("notes a shorter request too, even one under 15 minutes", () => {
    expect(ok({ duration: "10 minutes" }, fixed).notes[0]?.message).toContain("rather than the 10 minutes you asked for");
  });

  it("has no note when the request matches the policy", () => {
    expect(ok({ duration: "8 hours" }, fixed).notes).toEqual([]);
  });

  it("explains a fixed end date and no expiration", () => {
    const until = policy({ allowCustomAssignmentSchedule: false, expiration: { kind: "afterDateTime", end: new Date("2025-03-31T00:00:00Z") } });
    const withEnd = ok({ duration: "2 hours" }, until);
    expect(withEnd.draft.schedule).toMatchObject({ expiration: until.expiration, end: until.expiration.kind === "afterDateTime" ? until.expiration.end : undefined, isCustom: false });
    expect(withEnd.notes[0]?.message).toBe(
      "This policy grants access until Sun 30 Mar, 17:00 PDT, so that is when your access will end rather than after the 2 hours you asked for.",
    );

    const never = policy({ allowCustomAssignmentSchedule: false, expiration: { kind: "noExpiration" } });
    const open = ok({ duration: "2 hours" }, never);
    expect(open.draft.schedule).toEqual({ start: now, expiration: { kind: "noExpiration" }, isCustom: false });
    expect(open.notes[0]?.message).toBe(
      "This policy grants access with no end date, so it will last until it is removed rather than for the 2 hours you asked for.",
    );
  });
});

describe("validateRequestDraft: policies ending at a date or never", () => {
  it("limits a custom request to the policy's end date", () => {
    const until = policy({ expiration: { kind: "afterDateTime", end: new Date("2025-03-04T22:00:00Z") } });
    expect(ok({ duration: "3 hours" }, until).draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 3 * HOUR });
    expect(errors({ duration: "5 hours" }, until)[0]?.message).toBe("Choose a duration of at most 4 hours: that is the longest this policy allows.");
  });

  it("refuses a policy whose end date has passed", () => {
    const ended = policy({ expiration: { kind: "afterDateTime", end: new Date("2025-03-01T00:00:00Z") } });
    expect(errors({ duration: "1 hour" }, ended)).toEqual([
      { field: "policyId", message: "This policy stopped granting access on Fri 28 Feb, 16:00 PST: ask the package owner which policy to use now." },
    ]);
  });

  it("has no upper limit without expiration", () => {
    const never = policy({ expiration: { kind: "noExpiration" } });
    expect(ok({ duration: "90 days" }, never).draft.schedule.expiration).toEqual({ kind: "afterDuration", durationMs: 90 * DAY });
    expect(ok({}, never).draft.schedule).toEqual({ start: now, expiration: { kind: "noExpiration" }, isCustom: false });
  });
});

describe("validateRequestDraft: justification", () => {
  it("asks for a reason when the policy requires one", () => {
    expect(errors({ justification: "   " })).toEqual([
      { field: "justification", message: "Tell your approver why you need it: this package asks for a reason." },
    ]);
  });

  it("does not mention an approver when nobody approves", () => {
    const auto = policy({ isApprovalRequired: false, approvalStageCount: 0 });
    expect(errors({ justification: undefined }, auto)[0]?.message).toBe("Say why you need it: this package asks for a reason.");
  });

  it("accepts no reason when the policy does not ask for one", () => {
    const { draft } = ok({ justification: "" }, policy({ isRequestorJustificationRequired: false }));
    expect(draft.justification).toBeUndefined();
  });

  it("trims the reason and caps its length", () => {
    expect(ok({ justification: "  Quarterly review \n" }).draft.justification).toBe("Quarterly review");
    expect(ok({ justification: "x".repeat(MAX_JUSTIFICATION_LENGTH) }).draft.justification).toHaveLength(MAX_JUSTIFICATION_LENGTH);
    expect(errors({ justification: "x".repeat(612) })).toEqual([
      { field: "justification", message: "Shorten your reason to 500 characters or fewer: it has 612." },
    ]);
  });
});

describe("validateRequestDraft: questions", () => {
  const matter: PolicyQuestion = { id: "q-matter", kind: "text", text: "Matter number", isRequired: true, sequence: 1, isSingleLine: true, regexPattern: "^MAT-\\d{5}$" };
  const region: PolicyQuestion = {
    id: "q-region",
    kind: "choice",
    text: "Data region",
    isRequired: true,
    sequence: 2,
    allowsMultiple: false,
    choices: [
      { value: "eu", label: "European Union" },
      { value: "us", label: "United States" },
    ],
  };
  const uses: PolicyQuestion = {
    id: "q-uses",
    kind: "choice",
    text: "What will you use it for?",
    isRequired: false,
    sequence: 3,
    allowsMultiple: true,
    choices: [
      { value: "draft", label: "Drafting" },
      { value: "research", label: "Research" },
      { value: "code", label: "Coding" },
    ],
  };
  const withQuestions = policy({ questions: [uses, region, matter] });

  it("returns answers with value and display value, in question order", () => {
    const { draft } = ok({ answers: { "q-uses": ["draft", "research"], "q-region": "eu", "q-matter": "MAT-12345" } }, withQuestions);
    expect(draft.answers).toEqual([
      { questionId: "q-matter", value: "MAT-12345", displayValue: "MAT-12345" },
      { questionId: "q-region", value: "eu", displayValue: "European Union" },
      { questionId: "q-uses", value: "draft", displayValue: "Drafting" },
      { questionId: "q-uses", value: "research", displayValue: "Research" },
    ]);
  });

  it("reports every problem at once, each on its field", () => {
    expect(errors({ justification: "", answers: { "q-matter": "12345", "q-region": "mars" } }, withQuestions)).toEqual([
      { field: "justification", message: "Tell your approver why you need it: this package asks for a reason." },
      { field: "answers.q-matter", message: "Your matter number must look like MAT-12345." },
      { field: "answers.q-region", message: "Choose your data region from the list: “mars” is not one of the options." },
    ]);
  });

  it("reports unanswered required questions", () => {
    expect(errors({ answers: {} }, withQuestions)).toEqual([
      { field: "answers.q-matter", message: "Enter your matter number: this package asks for it." },
      { field: "answers.q-region", message: "Choose your data region: this package asks for it." },
    ]);
  });

  it("reports duration and answer errors together", () => {
    const result = errors({ duration: "9 hours", answers: { "q-region": "eu" } }, withQuestions);
    expect(result.map((e) => e.field)).toEqual(["duration", "answers.q-matter"]);
  });

  it("refuses answers to a question from another policy", () => {
    const result = validateRequestDraft({ policyId: "other", justification: "x" }, withQuestions, options);
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "policyId", message: "This form belongs to another policy: open the request again and resubmit it." }],
    });
  });
});

describe("requestDraftInputSchema", () => {
  it("accepts what an Adaptive Card submits", () => {
    const parsed = requestDraftInputSchema.parse({
      policyId: "policy-1",
      duration: "2 hours",
      justification: "Quarterly review",
      answers: { "q-matter": "MAT-12345", "q-uses": "draft,research" },
      msteams: { type: "messageBack" },
    });
    expect(parsed).toEqual({
      policyId: "policy-1",
      duration: "2 hours",
      justification: "Quarterly review",
      answers: { "q-matter": "MAT-12345", "q-uses": "draft,research" },
    });
  });

  it("refuses a submission without a policy", () => {
    expect(requestDraftInputSchema.safeParse({ duration: 5 }).success).toBe(false);
  });
});
