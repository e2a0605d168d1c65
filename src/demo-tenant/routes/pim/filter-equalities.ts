import { parseFilter, type FilterNode } from "../../odata/parse-filter.js";

/**
 * The `property eq 'value'` conditions a `$filter` requires of every row: those at its top level or
 * joined by `and`. PIM lists use them the way Graph does: to insist on a scope (`groupId`, `scopeId`),
 * and to read an index instead of scanning. Anything under `or`/`not` is ignored, so the result is
 * always implied by the filter. Keys are lower-cased property paths (`principalid`, `accessid`).
 * Returns an empty map when there is no filter or it does not parse (the list reports the syntax error).
 */
export function filterEqualities(filterText: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!filterText) return out;
  let root: FilterNode;
  try {
    root = parseFilter(filterText);
  } catch {
    return out;
  }
  const visit = (node: FilterNode) => {
    if (node.kind === "and") {
      node.operands.forEach(visit);
      return;
    }
    if (node.kind !== "comparison" || node.operator !== "eq") return;
    const [path, literal] =
      node.left.kind === "path" && node.right.kind === "literal"
        ? [node.left, node.right]
        : node.right.kind === "path" && node.left.kind === "literal"
          ? [node.right, node.left]
          : [undefined, undefined];
    if (!path || !literal || path.depth !== -1 || literal.value === null) return;
    out.set(path.path.join("/").toLowerCase(), String(literal.value));
  };
  visit(root);
  return out;
}
