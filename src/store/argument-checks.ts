import { StoreError } from "./store-error.js";

// Checks at the repository boundary, so a bug upstream (an empty id, an Invalid Date) fails with a
// sentence naming the argument instead of a constraint violation or, worse, a stored row nobody can find.

/** Returns `value` when it is a non-empty string of at most `maxLength` characters. */
export function requireText(value: unknown, name: string, maxLength = 1024): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new StoreError("invalid_argument", `${name} must be a non-empty string.`);
  }
  if (value.length > maxLength) {
    throw new StoreError("invalid_argument", `${name} is ${value.length} characters long; the limit is ${maxLength}.`);
  }
  return value;
}

/** Returns `value` when it is a valid Date. */
export function requireDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new StoreError("invalid_argument", `${name} must be a valid Date (pass the Clock's now()).`);
  }
  return value;
}

/** Returns `value` when it is an integer from 1 to `max`. */
export function requirePositiveInteger(value: unknown, name: string, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new StoreError("invalid_argument", `${name} must be a whole number from 1 to ${max}; got ${String(value)}.`);
  }
  return value;
}
