import { StoreError } from "./store-error.js";

/** A value that survives a round trip through JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, as read back from a `jsonb` column. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Serialises `value` for a `$n::jsonb` parameter. Takes any object (so interfaces such as Bot
 * Framework's ConversationReference need no cast) and refuses what JSON cannot hold faithfully.
 */
export function toJsonParam(value: unknown, what: string, options: { objectOnly?: boolean } = {}): string {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (options.objectOnly === true && !isObject) {
    const actual = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new StoreError("invalid_argument", `${what} must be a JSON object, not ${actual}.`);
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StoreError("invalid_argument", `${what} cannot be stored as JSON: ${(error as Error).message}.`, { cause: error });
  }
  if (text === undefined) throw new StoreError("invalid_argument", `${what} cannot be stored as JSON (it is ${typeof value}).`);
  return text;
}
