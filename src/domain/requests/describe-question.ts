/** How messages refer to a question and where its text suggests an example answer. */
export interface QuestionWording {
  /** "your matter number", when the question names a thing; undefined for real questions ("Why ...?"). */
  readonly subject?: string;
  /** Candidate examples from the text: "(e.g. MAT-12345)", "such as MAT-12345". */
  readonly examples: readonly string[];
}

const LEADING = /^(please\s+)?(what\s+is|what's|whats|enter|provide|give|type|specify|add|include)\s+/i;
const ARTICLE = /^(your|the|a|an)\s+/i;
// A subject is a short noun phrase; these words mean the text is a real question or an instruction.
const QUESTION_WORDS = /\b(why|how|which|who|when|where|do|does|did|are|is|will|would|can|could|should|have|has|you)\b/i;
const MAX_SUBJECT_WORDS = 5;
const EXAMPLE = /(?:e\.g\.?|eg|for example|for instance|such as|like)\s*[:,]?\s*["“']?([^\s"”',;)]+)/gi;
const PARENTHESIS = /\(([^()\s]+)\)/g;

/**
 * Reads a question's wording: "Matter number", "What is your matter number?" and "Enter the matter
 * number (e.g. MAT-12345)" all give the subject "your matter number" and, for the last, the example.
 */
export function describeQuestion(text: string): QuestionWording {
  const examples = [...text.matchAll(EXAMPLE), ...text.matchAll(PARENTHESIS)]
    .map((m) => (m[1] ?? "").replace(/[.:]+$/, ""))
    .filter((e) => e !== "");
  const core = text
    .replace(/\([^)]*\)/g, " ")
    .replace(/\b(e\.g\.?|for example|for instance|such as)\b.*$/i, " ")
    .replace(/[?:*.!]+\s*$/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(LEADING, "")
    .replace(ARTICLE, "")
    .trim();
  const words = core.split(" ").filter((w) => w !== "");
  if (words.length === 0 || words.length > MAX_SUBJECT_WORDS || QUESTION_WORDS.test(core)) return { examples };
  const first = words[0] ?? "";
  // Keep acronyms and names as written: "SAP ID", "GitHub username".
  const keepCase = first.length > 1 && (first === first.toUpperCase() || /[A-Z]/.test(first.slice(1)));
  const subject = keepCase ? core : core.charAt(0).toLowerCase() + core.slice(1);
  return { subject: `your ${subject}`, examples };
}
