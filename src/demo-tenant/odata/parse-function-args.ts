import { ODataSyntaxError } from "./odata-syntax-error.js";

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NAMESPACE = /^microsoft\.graph\./i;
const PARAMETER_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /\s*/y;

/**
 * Parses a bound function call in a URL path segment, such as
 * `microsoft.graph.filterByCurrentUser(on='approver')`. Returns null when the
 * segment has no parentheses (an ordinary segment). The name loses its
 * `microsoft.graph.` prefix; argument values lose their quotes ('' becomes ')
 * and unquoted values (numbers, GUIDs, true) are kept as written.
 * The segment must already be URL-decoded.
 */
export function parseFunctionSegment(segment: string): { name: string; args: Record<string, string> } | null {
  const open = segment.indexOf("(");
  if (open < 0) return null;
  const option = `function call '${segment}'`;
  const fail = (reason: string, position: number, hint?: string): ODataSyntaxError =>
    ODataSyntaxError.invalid(option, reason, position, hint);

  const qualified = segment.slice(0, open).trim();
  if (!FUNCTION_NAME.test(qualified)) throw fail(`'${qualified}' is not a function name`, 0);
  const name = qualified.replace(NAMESPACE, "");

  // Null prototype so a parameter named e.g. "constructor" is an ordinary key.
  const args: Record<string, string> = Object.create(null) as Record<string, string>;
  const seen = new Set<string>();
  let i = skipWhitespace(segment, open + 1);
  if (segment[i] === ")") {
    i++;
  } else {
    for (;;) {
      const keyStart = i;
      PARAMETER_NAME.lastIndex = i;
      const key = PARAMETER_NAME.exec(segment)?.[0];
      if (key === undefined) {
        throw fail(
          `expected a parameter name`,
          i,
          "Function arguments are written name=value; a key segment such as users('id') is not a function call.",
        );
      }
      i = skipWhitespace(segment, i + key.length);
      if (segment[i] !== "=") throw fail(`expected '=' after parameter '${key}'`, i);
      i = skipWhitespace(segment, i + 1);
      let value: string;
      if (segment[i] === "'") {
        const read = readQuoted(segment, i);
        if (read === undefined) throw fail("unterminated string literal starting", i);
        value = read.value;
        i = read.end;
      } else {
        const start = i;
        while (i < segment.length && segment[i] !== "," && segment[i] !== ")") i++;
        value = segment.slice(start, i).trim();
        if (value === "") throw fail(`parameter '${key}' has no value`, start);
      }
      if (seen.has(key.toLowerCase())) throw fail(`parameter '${key}' is given twice`, keyStart);
      seen.add(key.toLowerCase());
      args[key] = value;
      i = skipWhitespace(segment, i);
      const separator = segment[i];
      if (separator === ")") {
        i++;
        break;
      }
      if (separator === ",") {
        i = skipWhitespace(segment, i + 1);
        continue;
      }
      if (separator === undefined) throw fail("missing ')' to close the argument list opened", open);
      throw fail(`expected ',' or ')' but found '${separator}'`, i);
    }
  }
  if (i !== segment.length) throw fail("unexpected text after ')'", i);
  return { name, args: { ...args } };
}

function skipWhitespace(text: string, from: number): number {
  WHITESPACE.lastIndex = from;
  WHITESPACE.exec(text);
  return WHITESPACE.lastIndex;
}

function readQuoted(text: string, open: number): { value: string; end: number } | undefined {
  let value = "";
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf("'", from);
    if (quote < 0) return undefined;
    value += text.slice(from, quote);
    if (text[quote + 1] !== "'") return { value, end: quote + 1 };
    value += "'";
    from = quote + 2;
  }
}
