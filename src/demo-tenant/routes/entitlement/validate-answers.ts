import { GraphError } from "../../http/graph-error.js";
import type { AccessPackageQuestion, AnswerRecord, AssignmentPolicyRecord } from "../../state/model.js";
import type { RequestInput } from "./request-input.js";

/**
 * Checks answers against the policy's questions and returns them as Graph stores them: every answer
 * names one of the policy's questions, text answers match the question's `regexPattern`, choice answers
 * are among its choices (several, comma-separated, only when multiple selection is allowed), and, when
 * `requireAll`, every required question is answered.
 */
export function validateAnswers(policy: AssignmentPolicyRecord, answers: RequestInput["answers"], requireAll: boolean): AnswerRecord[] {
  const byId = new Map(policy.questions.map((q) => [q.id.toLowerCase(), q]));
  const seen = new Set<string>();
  const out: AnswerRecord[] = [];
  for (const answer of answers) {
    const question = byId.get(answer.questionId.toLowerCase());
    if (!question) {
      throw GraphError.badRequest(`The answer refers to question '${answer.questionId}', which is not a question of policy '${policy.displayName}'. Get the questions from getApplicablePolicyRequirements.`);
    }
    if (seen.has(question.id)) throw GraphError.badRequest(`Question '${question.text}' is answered more than once.`);
    seen.add(question.id);
    const value = answer.value.trim();
    if (value === "") continue;
    out.push({
      "@odata.type": "#microsoft.graph.accessPackageAnswerString",
      value,
      displayValue: answer.displayValue ?? displayValueOf(question, value),
      answeredQuestion: { id: question.id },
    });
    checkValue(question, value);
  }
  if (requireAll) {
    const missing = policy.questions.filter((q) => q.isRequired && !out.some((a) => a.answeredQuestion.id === q.id));
    if (missing.length > 0) {
      throw GraphError.badRequest(`Policy '${policy.displayName}' requires an answer to: ${missing.map((q) => `'${q.text}' (${q.id})`).join(", ")}.`);
    }
  }
  return out;
}

function checkValue(question: AccessPackageQuestion, value: string): void {
  if (question["@odata.type"] === "#microsoft.graph.accessPackageTextInputQuestion") {
    if (question.isSingleLineQuestion && /[\r\n]/.test(value)) throw GraphError.badRequest(`The answer to '${question.text}' must be a single line.`);
    if (question.regexPattern && !new RegExp(question.regexPattern).test(value)) {
      throw GraphError.badRequest(`The answer '${value}' to '${question.text}' does not match the required pattern ${question.regexPattern}.`);
    }
    return;
  }
  const values = question.isMultipleSelectionAllowed ? value.split(",").map((v) => v.trim()).filter(Boolean) : [value];
  const allowed = question.choices.map((c) => c.actualValue);
  const wrong = values.filter((v) => !allowed.includes(v));
  if (wrong.length > 0 || values.length === 0) {
    throw GraphError.badRequest(`'${value}' is not a choice of '${question.text}'. Choose ${question.isMultipleSelectionAllowed ? "among" : "one of"}: ${allowed.join(", ")}.`);
  }
}

function displayValueOf(question: AccessPackageQuestion, value: string): string {
  if (question["@odata.type"] !== "#microsoft.graph.accessPackageMultipleChoiceQuestion") return value;
  return value
    .split(",")
    .map((v) => question.choices.find((c) => c.actualValue === v.trim())?.text ?? v.trim())
    .join(", ");
}
