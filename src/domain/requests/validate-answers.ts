import type { ChoiceQuestion, PolicyQuestion, QuestionChoice, TextQuestion } from "../model/policy-question.js";
import { compileAnswerPattern } from "./compile-answer-pattern.js";
import { describeQuestion } from "./describe-question.js";
import { exampleForPattern } from "./example-for-pattern.js";
import type { DraftAnswer, DraftIssue } from "./request-draft.js";

/**
 * Longest text answer accepted. Graph documents no limit; this keeps cards readable and bounds the
 * work of matching an admin's pattern against what a person typed.
 */
export const MAX_ANSWER_LENGTH = 1000;

type RawAnswer = string | readonly string[] | undefined;

/** The answers as Entra stores them, or the problems with them, question by question in display order. */
export interface AnswersCheck {
  readonly answers: DraftAnswer[];
  readonly errors: DraftIssue[];
}

/**
 * Checks answers against a policy's questions: required ones answered, text matching the question's
 * pattern (an invalid pattern counts as none) and on one line when asked, choices among the options
 * and several only when allowed. Answers to questions the policy does not ask are ignored.
 */
export function validateAnswers(
  questions: readonly PolicyQuestion[],
  raw: Readonly<Record<string, string | readonly string[]>> | undefined,
): AnswersCheck {
  const answers: DraftAnswer[] = [];
  const errors: DraftIssue[] = [];
  const ordered = [...questions].sort((a, b) => a.sequence - b.sequence);
  for (const question of ordered) {
    const given = raw?.[question.id];
    const result = question.kind === "text" ? checkText(question, given) : checkChoice(question, given);
    if (typeof result === "string") errors.push({ field: `answers.${question.id}`, message: result });
    else answers.push(...result);
  }
  return { answers, errors };
}

function checkText(question: TextQuestion, given: RawAnswer): DraftAnswer[] | string {
  const values = toList(given);
  const wording = describeQuestion(question.text);
  const subject = wording.subject;
  if (values.length === 0) {
    if (!question.isRequired) return [];
    return subject === undefined ? `Answer “${question.text}”: this package asks for it.` : `Enter ${subject}: this package asks for it.`;
  }
  if (values.length > 1) return `Give one answer to “${question.text}”.`;
  const value = values[0] as string;
  const name = subject === undefined ? `Your answer to “${question.text}”` : capitalize(subject);
  if (value.length > MAX_ANSWER_LENGTH) return `Shorten ${lowerFirst(name)} to ${MAX_ANSWER_LENGTH} characters or fewer: it has ${value.length}.`;
  if (question.isSingleLine && /[\r\n]/.test(value)) return `${name} must fit on one line.`;
  const pattern = compileAnswerPattern(question.regexPattern);
  if (pattern !== undefined && !pattern.test(value)) {
    const example = wording.examples.find((e) => pattern.test(e)) ?? exampleForPattern(pattern);
    return example === undefined
      ? `${name} is not in the form this package expects: check it and try again.`
      : `${name} must look like ${example}.`;
  }
  return [{ questionId: question.id, value, displayValue: value }];
}

function checkChoice(question: ChoiceQuestion, given: RawAnswer): DraftAnswer[] | string {
  const subject = describeQuestion(question.text).subject;
  const values = splitSelections(question, given);
  if (values.length === 0) {
    if (!question.isRequired) return [];
    return subject === undefined ? `Answer “${question.text}”: this package asks for it.` : `Choose ${subject}: this package asks for it.`;
  }
  const chosen: QuestionChoice[] = [];
  for (const value of values) {
    const choice = findChoice(question.choices, value);
    if (choice === undefined) {
      return subject === undefined
        ? `Choose an answer to “${question.text}” from the list: “${value}” is not one of the options.`
        : `Choose ${subject} from the list: “${value}” is not one of the options.`;
    }
    if (!chosen.includes(choice)) chosen.push(choice);
  }
  if (chosen.length > 1 && !question.allowsMultiple) {
    return subject === undefined ? `Choose only one answer to “${question.text}”.` : `Choose only one option for ${subject}.`;
  }
  return chosen.map((c) => ({ questionId: question.id, value: c.value, displayValue: c.label }));
}

/** Adaptive Cards send a multi-select as "a,b"; a value that itself contains a comma is kept whole. */
function splitSelections(question: ChoiceQuestion, given: RawAnswer): string[] {
  if (typeof given === "string" && question.allowsMultiple && findChoice(question.choices, given.trim()) === undefined) {
    return toList(given.split(","));
  }
  return toList(given);
}

function findChoice(choices: readonly QuestionChoice[], value: string): QuestionChoice | undefined {
  const lower = value.toLowerCase();
  return (
    choices.find((c) => c.value === value) ??
    choices.find((c) => c.value.toLowerCase() === lower) ??
    choices.find((c) => c.label.toLowerCase() === lower)
  );
}

function toList(given: RawAnswer): string[] {
  if (given === undefined) return [];
  const list = typeof given === "string" ? [given] : [...given];
  return list.map((v) => v.trim()).filter((v) => v !== "");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.startsWith("Your ") ? `your ${text.slice(5)}` : text;
}
