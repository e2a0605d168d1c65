import type { FilterNode } from "./filter-node.js";
import { ODataSyntaxError } from "./odata-syntax-error.js";
import { parseFilter } from "./parse-filter.js";
import { parseSelect } from "./parse-select.js";
import { isPropertyPath } from "./property-path.js";

export interface ExpandItem {
  path: string;
  select?: string[];
  expand?: ExpandItem[];
  filter?: FilterNode;
  top?: number;
}

const OPTION = "$expand";
const SUPPORTED = "Supported nested options are $select, $expand, $filter and $top.";
const TOP = /^\d+$/;

const NESTED_OPTIONS: ReadonlyMap<string, "select" | "expand" | "filter" | "top"> = new Map([
  ["$select", "select"],
  ["$expand", "expand"],
  ["$filter", "filter"],
  ["$top", "top"],
] as const);

interface Piece {
  text: string;
  /** Offset of `text` within the whole $expand value, for error positions. */
  offset: number;
}

/**
 * Parses `$expand`, including nested options such as
 * `assignmentPolicies($expand=questions;$select=id,displayName)`. Error
 * positions are offsets into the whole $expand text, also for errors inside
 * a nested $filter or $select.
 */
export function parseExpand(text: string): ExpandItem[] {
  if (text.trim() === "") throw ODataSyntaxError.invalid(OPTION, "the list of navigation properties is empty");
  return parseItems({ text, offset: 0 });
}

/** Index of the quote ending the string literal opened at `open`, or -1; '' is an escaped quote. */
function closingQuote(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf("'", i + 1);
    if (i < 0 || text[i + 1] !== "'") return i;
    i++;
  }
}

/**
 * Splits on `separator` outside parentheses and quoted strings, so commas in
 * `$select=id,displayName` or a `;` inside a $filter string stay put.
 */
function splitTopLevel(piece: Piece, separator: string): Piece[] {
  const { text, offset } = piece;
  const parts: Piece[] = [];
  const opens: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      const end = closingQuote(text, i);
      if (end < 0) throw ODataSyntaxError.invalid(OPTION, "unterminated string literal starting", offset + i);
      i = end;
    } else if (ch === "(") {
      opens.push(i);
    } else if (ch === ")") {
      if (opens.pop() === undefined) {
        throw ODataSyntaxError.invalid(OPTION, "unexpected ')' without a matching '('", offset + i);
      }
    } else if (ch === separator && opens.length === 0) {
      parts.push({ text: text.slice(start, i), offset: offset + start });
      start = i + 1;
    }
  }
  const unclosed = opens[0];
  if (unclosed !== undefined) throw ODataSyntaxError.invalid(OPTION, "missing ')' to close the '(' opened", offset + unclosed);
  parts.push({ text: text.slice(start), offset: offset + start });
  return parts;
}

function trimPiece(piece: Piece): Piece {
  const lead = piece.text.length - piece.text.trimStart().length;
  return { text: piece.text.trim(), offset: piece.offset + lead };
}

function parseItems(list: Piece): ExpandItem[] {
  return splitTopLevel(list, ",").map((raw) => parseItem(trimPiece(raw)));
}

/** Index of the ')' matching the '(' at `open`; the text is known to be balanced. */
function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      i = closingQuote(text, i);
      if (i < 0) return -1;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")" && --depth === 0) {
      return i;
    }
  }
  return -1;
}

function parseItem(item: Piece): ExpandItem {
  const { text, offset } = item;
  if (text === "") throw ODataSyntaxError.invalid(OPTION, "empty item", offset);
  const open = text.indexOf("(");
  const path = (open < 0 ? text : text.slice(0, open)).trim();
  if (path === "*") {
    throw ODataSyntaxError.invalid(OPTION, "'*' is not supported", offset, "Name the navigation properties to expand.");
  }
  if (!isPropertyPath(path)) {
    throw ODataSyntaxError.invalid(OPTION, `'${path}' is not a navigation property name`, offset);
  }
  const result: ExpandItem = { path };
  if (open < 0) return result;
  const close = matchingClose(text, open);
  if (close !== text.length - 1) {
    throw ODataSyntaxError.invalid(OPTION, `unexpected text after the options of '${path}'`, offset + close + 1);
  }
  const inner: Piece = { text: text.slice(open + 1, close), offset: offset + open + 1 };
  if (inner.text.trim() === "") {
    throw ODataSyntaxError.invalid(OPTION, `empty options for '${path}'`, offset + open, SUPPORTED);
  }
  for (const raw of splitTopLevel(inner, ";")) applyOption(result, trimPiece(raw));
  return result;
}

function applyOption(item: ExpandItem, option: Piece): void {
  const equals = option.text.indexOf("=");
  if (option.text === "" || equals < 0) {
    throw ODataSyntaxError.invalid(
      OPTION,
      `expected a nested option such as $select=id in the options of '${item.path}'`,
      option.offset,
      SUPPORTED,
    );
  }
  const name = option.text.slice(0, equals).trim().toLowerCase();
  const value = trimPiece({ text: option.text.slice(equals + 1), offset: option.offset + equals + 1 });
  const key = NESTED_OPTIONS.get(name);
  if (key === undefined) {
    throw ODataSyntaxError.invalid(
      OPTION,
      `unsupported nested option '${option.text.slice(0, equals).trim()}' for '${item.path}'`,
      option.offset,
      SUPPORTED,
    );
  }
  if (item[key] !== undefined) {
    throw ODataSyntaxError.invalid(OPTION, `${name} is given twice for '${item.path}'`, option.offset);
  }
  if (value.text === "") {
    throw ODataSyntaxError.invalid(OPTION, `${name} of '${item.path}' has no value`, value.offset);
  }
  switch (key) {
    case "select":
      item.select = nested(name, item.path, value, () => parseSelect(value.text));
      break;
    case "filter":
      item.filter = nested(name, item.path, value, () => parseFilter(value.text));
      break;
    case "expand":
      item.expand = parseItems(value);
      break;
    case "top":
      if (!TOP.test(value.text)) {
        throw ODataSyntaxError.invalid(OPTION, `$top of '${item.path}' must be a non-negative integer`, value.offset);
      }
      item.top = Number(value.text);
      break;
  }
}

/** Re-reports a nested option's error against the whole $expand text. */
function nested<T>(name: string, path: string, value: Piece, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ODataSyntaxError)) throw error;
    throw ODataSyntaxError.invalid(
      OPTION,
      `in the ${name} of '${path}', ${error.reason}`,
      error.position === undefined ? undefined : value.offset + error.position,
      error.hint,
    );
  }
}
