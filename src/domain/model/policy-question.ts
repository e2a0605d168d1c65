/** One option of a multiple-choice question: `value` is what Entra stores, `label` what people read. */
export interface QuestionChoice {
  readonly value: string;
  readonly label: string;
}

interface QuestionBase {
  readonly id: string;
  /** The question as the requester sees it, already localized by the gateway. */
  readonly text: string;
  readonly isRequired: boolean;
  /** Display order; lower first. */
  readonly sequence: number;
}

/** A free-text question (Graph's `accessPackageTextInputQuestion`). */
export interface TextQuestion extends QuestionBase {
  readonly kind: "text";
  readonly isSingleLine: boolean;
  /**
   * The pattern answers must match, as the policy stores it (a .NET regular expression). Absent when the
   * policy has none. Kept as text: a pattern JavaScript cannot compile must not stop a request.
   */
  readonly regexPattern?: string;
}

/** A multiple-choice question (Graph's `accessPackageMultipleChoiceQuestion`). */
export interface ChoiceQuestion extends QuestionBase {
  readonly kind: "choice";
  readonly choices: readonly QuestionChoice[];
  readonly allowsMultiple: boolean;
}

/** A question a policy asks the requester, independent of Graph's JSON shape. */
export type PolicyQuestion = TextQuestion | ChoiceQuestion;
