import { parseFilter, type FilterNode } from "../../odata/parse-filter.js";

/**
 * The value a `$filter` requires a property path to equal for every row (`path eq 'v'` alone or under
 * `and`), so a list can start from a table index instead of scanning; the full filter still runs after.
 * Undefined when the filter does not pin the path or does not parse (the list then reports the error).
 */
export function pinnedValue(filterText: string | null, path: string): string | undefined {
  if (!filterText) return undefined;
  let root: FilterNode;
  try {
    root = parseFilter(filterText);
  } catch {
    return undefined;
  }
  const wanted = path.toLowerCase();
  const visit = (node: FilterNode): string | undefined => {
    if (node.kind === "and") {
      for (const operand of node.operands) {
        const found = visit(operand);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (node.kind !== "comparison" || node.operator !== "eq") return undefined;
    const [p, l] = node.left.kind === "path" ? [node.left, node.right] : [node.right, node.left];
    if (p.kind !== "path" || l.kind !== "literal" || p.depth !== -1 || l.value === null) return undefined;
    return p.path.join("/").toLowerCase() === wanted ? String(l.value) : undefined;
  };
  return visit(root);
}

/** Rows of an index for a value from a `$filter` (ids compare ignoring case there, index keys do not). */
export function byIndex<T extends { id: string }>(table: { by(index: string, value: string): T[] }, index: string, value: string): T[] {
  const rows = table.by(index, value);
  return rows.length > 0 || value === value.toLowerCase() ? rows : table.by(index, value.toLowerCase());
}
