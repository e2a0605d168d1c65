export { ODataSyntaxError } from "./odata-syntax-error.js";
export { parseFilter } from "./parse-filter.js";
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
} from "./parse-filter.js";
export { evaluateFilter, resolvePlainPath } from "./evaluate-filter.js";
export type { PathResolver } from "./evaluate-filter.js";
export { parseExpand } from "./parse-expand.js";
export type { ExpandItem } from "./parse-expand.js";
export { parseSelect } from "./parse-select.js";
export { compareByOrder, parseOrderBy } from "./parse-orderby.js";
export type { OrderByItem } from "./parse-orderby.js";
export { parseFunctionSegment } from "./parse-function-args.js";
