import { orderValues } from "./compare-values.js";
import { resolvePlainPath } from "./evaluate-filter.js";
import type { PathResolver } from "./evaluate-filter.js";
import { ODataSyntaxError } from "./odata-syntax-error.js";
import { isPropertyPath } from "./property-path.js";

export interface OrderByItem {
  path: string[];
  descending: boolean;
}

const WHITESPACE = /\s+/;

/** Parses `$orderby=createdDateTime desc,displayName` (direction words are case-insensitive). */
export function parseOrderBy(text: string): OrderByItem[] {
  if (text.trim() === "") throw ODataSyntaxError.invalid("$orderby", "the list of properties is empty");
  const items: OrderByItem[] = [];
  let start = 0;
  for (const piece of text.split(",")) {
    const position = start + (piece.length - piece.trimStart().length);
    const words = piece.trim().split(WHITESPACE);
    const [path = "", direction, extra] = words;
    if (path === "") throw ODataSyntaxError.invalid("$orderby", "empty item", position);
    if (!isPropertyPath(path)) {
      throw ODataSyntaxError.invalid("$orderby", `'${path}' is not a property path`, position);
    }
    const dir = direction?.toLowerCase();
    if (dir !== undefined && dir !== "asc" && dir !== "desc") {
      throw ODataSyntaxError.invalid(
        "$orderby",
        `expected 'asc' or 'desc' after '${path}' but found '${direction}'`,
        text.indexOf(direction as string, position + path.length),
      );
    }
    if (extra !== undefined) {
      throw ODataSyntaxError.invalid(
        "$orderby",
        `unexpected '${extra}' after '${path} ${direction}'`,
        text.indexOf(extra, position + path.length),
        "Separate sort keys with commas.",
      );
    }
    items.push({ path: path.split("/"), descending: dir === "desc" });
    start += piece.length + 1;
  }
  return items;
}

/**
 * Builds an Array.prototype.sort comparator. Ascending puts null/missing
 * first (descending therefore last); ISO date strings order by instant,
 * numbers numerically, strings ignoring case with a case-sensitive tie-break.
 */
export function compareByOrder(
  items: OrderByItem[],
  resolve: PathResolver = resolvePlainPath,
): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const item of items) {
      const c = orderValues(resolve(a, item.path), resolve(b, item.path));
      if (c !== 0) return item.descending ? -c : c;
    }
    return 0;
  };
}
