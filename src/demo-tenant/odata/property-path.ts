const NAME = "[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*";
const PROPERTY_PATH = new RegExp(`^${NAME}(?:/${NAME})*$`);

/**
 * True for `displayName`, `schedule/expiration/endDateTime` and type-cast
 * segments such as `microsoft.graph.user/displayName`.
 */
export function isPropertyPath(text: string): boolean {
  return PROPERTY_PATH.test(text);
}
