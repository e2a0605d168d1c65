import type {
  ComparisonOperator,
  FilterNode,
  FunctionName,
  LiteralNode,
  PathNode,
} from "./filter-node.js";
import { isoTime } from "./iso-time.js";
import { ODataSyntaxError } from "./odata-syntax-error.js";
import { tokenizeFilter } from "./tokenize-filter.js";
import type { FilterToken } from "./tokenize-filter.js";

export type {
  AndNode,
  ComparisonNode,
  ComparisonOperator,
  CountNode,
  FilterNode,
  FunctionName,
  FunctionNode,
  InNode,
  LambdaNode,
  LiteralNode,
  NotNode,
  OrNode,
  PathNode,
  PredicateFunctionName,
} from "./filter-node.js";

const OPTION = "$filter";

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

/** Words that cannot start an operand, so using one there is reported as a missing value. */
const OPERATOR_WORDS: ReadonlySet<string> = new Set(["eq", "ne", "gt", "ge", "lt", "le", "and", "or", "in", "has"]);

const FUNCTION_ARITY: ReadonlyMap<string, number> = new Map<FunctionName, number>([
  ["startswith", 2],
  ["endswith", 2],
  ["contains", 2],
  ["tolower", 1],
  ["toupper", 1],
]);

const PREDICATE_FUNCTIONS: ReadonlySet<string> = new Set(["startswith", "endswith", "contains"]);

const OPERATOR_HINT = "Supported operators are eq, ne, gt, ge, lt, le, in, and, or and not.";

/** Guards the recursive-descent parser (and evaluator) against stack exhaustion. */
const MAX_NESTING = 100;

/**
 * Parses an OData v4 $filter expression as Microsoft Graph accepts it.
 * Operator precedence, tightest first: not, comparisons/in, and, or.
 * Throws ODataSyntaxError with a zero-based position on malformed input.
 */
export function parseFilter(text: string): FilterNode {
  return new FilterParser(tokenizeFilter(text)).parse();
}

function describe(token: FilterToken): string {
  if (token.type === "end") return "the end of the expression";
  if (token.type === "string" || token.type === "enum") return token.text;
  return `'${token.text}'`;
}

function isWord(token: FilterToken, word: string): boolean {
  return token.type === "identifier" && token.text.toLowerCase() === word;
}

function producesBoolean(node: FilterNode): boolean {
  switch (node.kind) {
    case "and":
    case "or":
    case "not":
    case "comparison":
    case "in":
    case "lambda":
      return true;
    case "function":
      return PREDICATE_FUNCTIONS.has(node.name);
    case "path":
      // A bare property is a boolean property test, e.g. `accountEnabled`.
      return true;
    case "literal":
      return node.type === "boolean";
    case "count":
      return false;
  }
}

function literal(type: LiteralNode["type"], value: LiteralNode["value"]): LiteralNode {
  let time: number | undefined;
  if (typeof value === "string") {
    const t = isoTime(value);
    if (t === t) time = t;
  }
  return { kind: "literal", type, value, time };
}

class FilterParser {
  private index = 0;
  private nesting = 0;
  /** Lambda variables in scope, outermost first; the index is the variable's depth. */
  private readonly variables: string[] = [];

  constructor(private readonly tokens: readonly FilterToken[]) {}

  parse(): FilterNode {
    const first = this.peek();
    if (first.type === "end") throw ODataSyntaxError.invalid(OPTION, "the expression is empty");
    const node = this.parseOr();
    this.requireBoolean(node, first);
    const rest = this.peek();
    if (rest.type !== "end") throw this.unexpectedAfterOperand(rest);
    return node;
  }

  private peek(offset = 0): FilterToken {
    // The token list always ends with an "end" token, which is never consumed.
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as FilterToken;
  }

  private next(): FilterToken {
    const token = this.peek();
    if (token.type !== "end") this.index++;
    return token;
  }

  private previous(): FilterToken | undefined {
    return this.index > 0 ? this.tokens[this.index - 1] : undefined;
  }

  private enter(at: FilterToken): void {
    if (++this.nesting > MAX_NESTING) {
      throw ODataSyntaxError.invalid(OPTION, `the expression is nested more than ${MAX_NESTING} levels deep`, at.position);
    }
  }

  private leave(): void {
    this.nesting--;
  }

  private requireBoolean(node: FilterNode, start: FilterToken): void {
    if (producesBoolean(node)) return;
    throw ODataSyntaxError.invalid(
      OPTION,
      `expected a condition (a comparison, startswith/endswith/contains, or a lambda) but found ${describe(start)}`,
      start.position,
    );
  }

  /** An operand is complete but the token after it cannot continue the expression. */
  private unexpectedAfterOperand(token: FilterToken): ODataSyntaxError {
    if (token.type === "identifier") {
      return ODataSyntaxError.invalid(OPTION, `unknown operator '${token.text}'`, token.position, OPERATOR_HINT);
    }
    if (token.type === ")") {
      return ODataSyntaxError.invalid(OPTION, "unexpected ')' without a matching '('", token.position);
    }
    return ODataSyntaxError.invalid(
      OPTION,
      `expected an operator but found ${describe(token)}`,
      token.position,
      OPERATOR_HINT,
    );
  }

  private expectedValue(token: FilterToken): ODataSyntaxError {
    const prev = this.previous();
    const after = prev === undefined ? "" : ` after '${prev.text}'`;
    const found = token.type === "end" ? "" : ` but found ${describe(token)}`;
    return ODataSyntaxError.invalid(OPTION, `expected a value${after}${found}`, token.position);
  }

  private expectClose(open: FilterToken, what: string): void {
    const token = this.peek();
    if (token.type === ")") {
      this.next();
      return;
    }
    if (token.type === "end") {
      throw ODataSyntaxError.invalid(OPTION, `missing ')' to close ${what} opened`, open.position);
    }
    throw this.unexpectedAfterOperand(token);
  }

  private parseOr(): FilterNode {
    return this.parseLogical("or", () => this.parseAnd());
  }

  private parseAnd(): FilterNode {
    return this.parseLogical("and", () => this.parseComparison());
  }

  private parseLogical(word: "and" | "or", operand: () => FilterNode): FilterNode {
    const firstToken = this.peek();
    const first = operand();
    if (!isWord(this.peek(), word)) return first;
    this.requireBoolean(first, firstToken);
    const operands = [first];
    while (isWord(this.peek(), word)) {
      this.next();
      const start = this.peek();
      const next = operand();
      this.requireBoolean(next, start);
      operands.push(next);
    }
    return { kind: word, operands };
  }

  private parseComparison(): FilterNode {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.type !== "identifier") return left;
      const word = token.text.toLowerCase();
      if (COMPARISON_OPERATORS.has(word)) {
        this.next();
        const right = this.parseUnary();
        if (left.kind === "not" && !(right.kind === "literal" && right.type === "boolean")) {
          throw this.notPrecedenceError(token);
        }
        left = { kind: "comparison", operator: word as ComparisonOperator, left, right };
      } else if (word === "in") {
        this.next();
        if (left.kind === "not") throw this.notPrecedenceError(token);
        left = { kind: "in", operand: left, values: this.parseInList(token) };
      } else {
        return left;
      }
    }
  }

  private notPrecedenceError(operator: FilterToken): ODataSyntaxError {
    return ODataSyntaxError.invalid(
      OPTION,
      `'not' binds tighter than '${operator.text}', so it negates only the operand before '${operator.text}'`,
      operator.position,
      "Wrap the condition in parentheses, e.g. not (status eq 'x').",
    );
  }

  private parseInList(operator: FilterToken): LiteralNode[] {
    const open = this.next();
    if (open.type !== "(") {
      throw ODataSyntaxError.invalid(
        OPTION,
        `expected '(' after '${operator.text}' but found ${describe(open)}`,
        open.position,
        "Write the list as status in ('a','b').",
      );
    }
    const values: LiteralNode[] = [];
    if (this.peek().type === ")") {
      throw ODataSyntaxError.invalid(OPTION, `the '${operator.text}' list is empty`, open.position);
    }
    for (;;) {
      const token = this.next();
      const value = this.literalFrom(token);
      if (value === undefined) {
        throw ODataSyntaxError.invalid(
          OPTION,
          `expected a literal value in the '${operator.text}' list but found ${describe(token)}`,
          token.position,
        );
      }
      values.push(value);
      const separator = this.peek();
      if (separator.type === ",") {
        this.next();
        continue;
      }
      if (separator.type === ")") {
        this.next();
        return values;
      }
      if (separator.type === "end") {
        throw ODataSyntaxError.invalid(OPTION, `missing ')' to close the '${operator.text}' list opened`, open.position);
      }
      throw ODataSyntaxError.invalid(
        OPTION,
        `expected ',' or ')' in the '${operator.text}' list but found ${describe(separator)}`,
        separator.position,
      );
    }
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (!isWord(token, "not")) return this.parsePrimary();
    this.next();
    this.enter(token);
    const start = this.peek();
    const operand = this.parseUnary();
    this.requireBoolean(operand, start);
    this.leave();
    return { kind: "not", operand };
  }

  private literalFrom(token: FilterToken): LiteralNode | undefined {
    switch (token.type) {
      case "string":
        return literal("string", token.value);
      case "number":
        return literal("number", token.value);
      case "guid":
        return literal("guid", token.value);
      case "enum":
        return literal("enum", token.value);
      case "datetime": {
        const node = literal("datetime", token.value);
        if (node.time === undefined) {
          throw ODataSyntaxError.invalid(OPTION, `'${token.text}' is not a valid date or date-time`, token.position);
        }
        return node;
      }
      case "identifier": {
        const word = token.text.toLowerCase();
        if (word === "true") return literal("boolean", true);
        if (word === "false") return literal("boolean", false);
        if (word === "null") return literal("null", null);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (token.type === "(") {
      this.next();
      this.enter(token);
      if (this.peek().type === ")") throw this.expectedValue(this.peek());
      const inner = this.parseOr();
      this.expectClose(token, "the '('");
      this.leave();
      return inner;
    }
    const value = this.literalFrom(token);
    if (value !== undefined) {
      this.next();
      return value;
    }
    if (token.type !== "identifier") throw this.expectedValue(token);
    const word = token.text.toLowerCase();
    if (OPERATOR_WORDS.has(word) || word === "not") throw this.expectedValue(token);
    if (this.peek(1).type === "(") return this.parseFunction(token, word);
    return this.parsePath();
  }

  private parseFunction(name: FilterToken, word: string): FilterNode {
    const arity = FUNCTION_ARITY.get(word);
    if (arity === undefined) {
      const hint =
        word === "any" || word === "all"
          ? `Lambdas follow a collection path, e.g. members/${word}(m: m/id eq 'x').`
          : "Supported functions are startswith, endswith, contains, tolower and toupper.";
      throw ODataSyntaxError.invalid(OPTION, `unknown function '${name.text}'`, name.position, hint);
    }
    this.next();
    const open = this.next();
    this.enter(open);
    const args: FilterNode[] = [];
    if (this.peek().type !== ")") {
      for (;;) {
        args.push(this.parseOr());
        const separator = this.peek();
        if (separator.type !== ",") break;
        this.next();
      }
    }
    this.expectClose(open, `the arguments of ${name.text}`);
    this.leave();
    if (args.length !== arity) {
      throw ODataSyntaxError.invalid(
        OPTION,
        `${name.text} takes ${arity} argument${arity === 1 ? "" : "s"} but was given ${args.length}`,
        name.position,
      );
    }
    return { kind: "function", name: word as FunctionName, args };
  }

  private parsePath(): FilterNode {
    const first = this.next();
    if (first.text.startsWith("$")) {
      throw ODataSyntaxError.invalid(OPTION, `'${first.text}' is not supported here`, first.position);
    }
    const depth = this.variables.lastIndexOf(first.text);
    const variable = depth >= 0 ? first.text : undefined;
    const path: string[] = depth >= 0 ? [] : [first.text];
    while (this.peek().type === "/") {
      this.next();
      const segment = this.peek();
      if (segment.type !== "identifier" || OPERATOR_WORDS.has(segment.text.toLowerCase())) {
        throw ODataSyntaxError.invalid(
          OPTION,
          `expected a property name after '/' but found ${describe(segment)}`,
          segment.position,
        );
      }
      const word = segment.text.toLowerCase();
      const collection: PathNode = { kind: "path", path, depth, variable };
      if ((word === "any" || word === "all") && this.peek(1).type === "(") {
        return this.parseLambda(collection, word);
      }
      this.next();
      if (word === "$count") return { kind: "count", collection };
      if (segment.text.startsWith("$")) {
        throw ODataSyntaxError.invalid(OPTION, `'${segment.text}' is not supported here`, segment.position);
      }
      path.push(segment.text);
    }
    return { kind: "path", path, depth, variable };
  }

  private parseLambda(collection: PathNode, operator: "any" | "all"): FilterNode {
    const name = this.next();
    const open = this.next();
    this.enter(open);
    if (this.peek().type === ")") {
      if (operator === "all") {
        throw ODataSyntaxError.invalid(
          OPTION,
          "all() needs a condition",
          open.position,
          "Write e.g. members/all(m: m/userType eq 'Member').",
        );
      }
      this.next();
      this.leave();
      return { kind: "lambda", operator, collection, variable: undefined, depth: -1, predicate: undefined };
    }
    const variableToken = this.next();
    const colon = this.next();
    if (
      variableToken.type !== "identifier" ||
      variableToken.text.includes(".") ||
      OPERATOR_WORDS.has(variableToken.text.toLowerCase()) ||
      colon.type !== ":"
    ) {
      throw ODataSyntaxError.invalid(
        OPTION,
        `expected a variable and ':' after '${name.text}('`,
        variableToken.position,
        `Write e.g. ${name.text}(x: x/id eq 'value').`,
      );
    }
    const depth = this.variables.length;
    this.variables.push(variableToken.text);
    const start = this.peek();
    const predicate = this.parseOr();
    this.requireBoolean(predicate, start);
    this.expectClose(open, `'${name.text}('`);
    this.variables.pop();
    this.leave();
    return { kind: "lambda", operator, collection, variable: variableToken.text, depth, predicate };
  }
}
