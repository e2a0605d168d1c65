import { ODataSyntaxError } from "./odata-syntax-error.js";
import { isPropertyPath } from "./property-path.js";

/**
 * Parses `$select=id,displayName` into trimmed property names. `*` is passed
 * through for the caller to expand; empty items and anything that is not a
 * property path are rejected.
 */
export function parseSelect(text: string): string[] {
  if (text.trim() === "") throw ODataSyntaxError.invalid("$select", "the list of properties is empty");
  const names: string[] = [];
  let start = 0;
  for (const piece of text.split(",")) {
    const name = piece.trim();
    const position = start + (piece.length - piece.trimStart().length);
    if (name === "") throw ODataSyntaxError.invalid("$select", "empty property name", position);
    if (name !== "*" && !isPropertyPath(name)) {
      throw ODataSyntaxError.invalid("$select", `'${name}' is not a property name`, position);
    }
    names.push(name);
    start += piece.length + 1;
  }
  return names;
}
