import { describe, expect, it } from "vitest";
import type { ChoiceQuestion, TextQuestion } from "../../../../src/domain/model/policy-question.js";
import { MAX_ANSWER_LENGTH, validateAnswers } from "../../../../src/domain/requests/validate-answers.js";

function text(overrides: Partial<TextQuestion> = {}): TextQuestion {
  return { id: "q", kind: "text", text: "Matter number", isRequired: true, sequence: 0, isSingleLine: true, ...overrides };
}

function choice(overrides: Partial<ChoiceQuestion> = {}): ChoiceQuestion {
  return {
    id: "c",
    kind: "choice",
    text: "Data region",
    isRequired: true,
    sequence: 0,
    allowsMultiple: false,
    choices: [
      { value: "eu", label: "European Union" },
      { value: "us", label: "United States" },
      { value: "apac, japan", label: "APAC, Japan" },
    ],
    ...overrides,
  };
}

const messages = (check: ReturnType<typeof validateAnswers>) => check.errors.map((e) => e.message);

describe("validateAnswers: text", () => {
  it("accepts a matching answer, trimmed", () => {
    expect(validateAnswers([text({ regexPattern: "^MAT-\\d{5}$" })], { q: "  MAT-12345 " })).toEqual({
      answers: [{ questionId: "q", value: "MAT-12345", displayValue: "MAT-12345" }],
      errors: [],
    });
  });

  it("says what a matching answer looks like", () => {
    expect(messages(validateAnswers([text({ regexPattern: "^MAT-\\d{5}$" })], { q: "MAT-123" }))).toEqual([
      "Your matter number must look like MAT-12345.",
    ]);
  });

  it("prefers the example the question itself gives", () => {
    const q = text({ text: "Ticket (e.g. INC0042424)", regexPattern: "^(INC|CHG)\\d{7}$" });
    expect(messages(validateAnswers([q], { q: "42" }))).toEqual(["Your ticket must look like INC0042424."]);
  });

  it("falls back to a plain sentence when no example can be made", () => {
    const q = text({ text: "Cost centre", regexPattern: "^(?!0)\\d{4}$" });
    expect(messages(validateAnswers([q], { q: "0123" }))).toEqual([
      "Your cost centre is not in the form this package expects: check it and try again.",
    ]);
  });

  it("treats a pattern JavaScript cannot compile as no pattern", () => {
    expect(validateAnswers([text({ regexPattern: "^MAT-(\\d{5}$" })], { q: "anything" }).errors).toEqual([]);
    expect(validateAnswers([text({ regexPattern: "(?x) ^MAT $" })], { q: "anything" }).errors).toEqual([]);
  });

  it("honours a .NET (?i) option", () => {
    expect(validateAnswers([text({ regexPattern: "(?i)^mat-\\d{5}$" })], { q: "MAT-12345" }).errors).toEqual([]);
  });

  it("matches anywhere in the answer unless anchored, as Entra's .NET check does", () => {
    expect(validateAnswers([text({ regexPattern: "MAT-\\d{5}" })], { q: "see MAT-12345" }).errors).toEqual([]);
  });

  it("asks for a required answer, by subject when the question names one", () => {
    expect(messages(validateAnswers([text()], {}))).toEqual(["Enter your matter number: this package asks for it."]);
    expect(messages(validateAnswers([text({ text: "Why do you need it?" })], { q: " " }))).toEqual([
      "Answer “Why do you need it?”: this package asks for it.",
    ]);
  });

  it("skips an optional question left empty", () => {
    expect(validateAnswers([text({ isRequired: false, regexPattern: "^x$" })], { q: "" })).toEqual({ answers: [], errors: [] });
  });

  it("keeps single-line answers on one line", () => {
    expect(messages(validateAnswers([text()], { q: "line one\nline two" }))).toEqual(["Your matter number must fit on one line."]);
    expect(validateAnswers([text({ isSingleLine: false })], { q: "line one\nline two" }).errors).toEqual([]);
  });

  it("takes one answer only", () => {
    expect(messages(validateAnswers([text()], { q: ["a", "b"] }))).toEqual(["Give one answer to “Matter number”."]);
    expect(validateAnswers([text()], { q: ["a"] }).answers).toEqual([{ questionId: "q", value: "a", displayValue: "a" }]);
  });

  it("caps the length of an answer", () => {
    expect(messages(validateAnswers([text()], { q: "x".repeat(MAX_ANSWER_LENGTH + 1) }))).toEqual([
      `Shorten your matter number to ${MAX_ANSWER_LENGTH} characters or fewer: it has ${MAX_ANSWER_LENGTH + 1}.`,
    ]);
  });
});

describe("validateAnswers: choices", () => {
  it("returns the choice's value and label", () => {
    expect(validateAnswers([choice()], { c: "eu" }).answers).toEqual([{ questionId: "c", value: "eu", displayValue: "European Union" }]);
  });

  it("accepts a label or a different case", () => {
    expect(validateAnswers([choice()], { c: "united states" }).answers[0]?.value).toBe("us");
    expect(validateAnswers([choice()], { c: "EU" }).answers[0]?.value).toBe("eu");
  });

  it("refuses a value that is not an option", () => {
    expect(messages(validateAnswers([choice()], { c: "mars" }))).toEqual([
      "Choose your data region from the list: “mars” is not one of the options.",
    ]);
  });

  it("refuses several choices when only one is allowed", () => {
    expect(messages(validateAnswers([choice()], { c: ["eu", "us"] }))).toEqual(["Choose only one option for your data region."]);
  });

  it("accepts several choices when allowed, from an array or an Adaptive Card's comma-joined value", () => {
    const multi = choice({ allowsMultiple: true });
    expect(validateAnswers([multi], { c: ["eu", "us"] }).answers.map((a) => a.value)).toEqual(["eu", "us"]);
    expect(validateAnswers([multi], { c: "eu,us" }).answers.map((a) => a.value)).toEqual(["eu", "us"]);
    expect(validateAnswers([multi], { c: "eu,eu" }).answers.map((a) => a.value)).toEqual(["eu"]);
  });

  it("keeps a value that contains a comma whole", () => {
    expect(validateAnswers([choice({ allowsMultiple: true })], { c: "apac, japan" }).answers.map((a) => a.value)).toEqual(["apac, japan"]);
  });

  it("asks for a required choice", () => {
    expect(messages(validateAnswers([choice()], { c: [] }))).toEqual(["Choose your data region: this package asks for it."]);
  });

  it("ignores answers to questions the policy does not ask", () => {
    expect(validateAnswers([], { other: "x" })).toEqual({ answers: [], errors: [] });
  });
});
