import { ODataSyntaxError } from "./odata-syntax-error.js";

export type FilterTokenType =
  | "("
  | ")"
  | ","
  | "/"
  | ":"
  | "identifier"
  | "string"
  | "number"
  | "guid"
  | "datetime"
  | "enum"
  | "end";

export interface FilterToken {
  readonly type: FilterTokenType;
  /** Source text of the token (for errors and identifiers). */
  readonly text: string;
  /** Decoded value: unescaped string, parsed number, normalized date-time. */
  readonly value: string | number;
  readonly position: number;
}

// Sticky patterns are compiled once at module load; the tokenizer only runs per request.
const GUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z_.-])/y;
// A space before the offset is accepted because an unencoded '+' in a query
// string decodes to a space; nothing else can follow a date-time like that.
const DATETIME =
  /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}| \d{2}:\d{2})?)?(?![0-9A-Za-z_.:-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![0-9A-Za-z_.])/y;
const LITERAL_RUN = /[0-9A-Za-z_.:+-]*/y;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  const m = pattern.exec(text);
  return m === null ? undefined : m[0];
}

/** Reads a quoted string starting at `start` (the opening quote); '' is an escaped quote. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = "";
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf("'", from);
    if (quote < 0) {
      throw ODataSyntaxError.invalid(
        "$filter",
        "unterminated string literal starting",
        start,
        "Close it with ' and write a quote inside a string as ''.",
      );
    }
    value += text.slice(from, quote);
    if (text.charCodeAt(quote + 1) === 39) {
      value += "'";
      from = quote + 2;
      continue;
    }
    return { value, end: quote + 1 };
  }
}

export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === "/" || ch === ":") {
      tokens.push({ type: ch, text: ch, value: ch, position: i });
      i++;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ type: "string", text: text.slice(i, end), value, position: i });
      i = end;
      continue;
    }
    const guid = matchAt(GUID, text, i);
    if (guid !== undefined) {
      tokens.push({ type: "guid", text: guid, value: guid, position: i });
      i += guid.length;
      continue;
    }
    const datetime = matchAt(DATETIME, text, i);
    if (datetime !== undefined) {
      tokens.push({ type: "datetime", text: datetime, value: datetime.replace(" ", "+"), position: i });
      i += datetime.length;
      continue;
    }
    const number = matchAt(NUMBER, text, i);
    if (number !== undefined) {
      tokens.push({ type: "number", text: number, value: Number(number), position: i });
      i += number.length;
      continue;
    }
    const identifier = matchAt(IDENTIFIER, text, i);
    if (identifier !== undefined) {
      const end = i + identifier.length;
      if (text.charCodeAt(end) === 39) {
        // Namespace-qualified enum literal such as microsoft.graph.status'delivered'.
        const { value, end: stringEnd } = readString(text, end);
        tokens.push({ type: "enum", text: text.slice(i, stringEnd), value, position: i });
        i = stringEnd;
        continue;
      }
      tokens.push({ type: "identifier", text: identifier, value: identifier, position: i });
      i = end;
      continue;
    }
    if (ch === '"') {
      throw ODataSyntaxError.invalid(
        "$filter",
        "unexpected '\"'",
        i,
        "OData string literals use single quotes, e.g. displayName eq 'Contoso'.",
      );
    }
    if (ch >= "0" && ch <= "9") {
      throw ODataSyntaxError.invalid("$filter", `invalid literal '${matchAt(LITERAL_RUN, text, i) ?? ch}'`, i);
    }
    throw ODataSyntaxError.invalid("$filter", `unexpected character '${ch}'`, i);
  }
  tokens.push({ type: "end", text: "", value: "", position: text.length });
  return tokens;
}
