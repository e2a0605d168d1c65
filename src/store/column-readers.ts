// The two drivers return some column types differently (pg: int8 as string, bytea as Buffer; PGlite:
// int8 as number, bytea as Uint8Array); repositories read such columns through these so both agree.

/** A `timestamptz` column as a Date. */
export function readDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** A nullable `timestamptz` column. */
export function readOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : readDate(value);
}

/** A `bigint` column as a decimal string: exact beyond 2^53, the same on both drivers. */
export function readBigintText(value: unknown): string {
  return typeof value === "bigint" || typeof value === "number" ? value.toString() : String(value);
}

/** A `bytea` column as a Buffer. */
export function readBytes(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`Expected a bytea column, got ${typeof value}.`);
}

/** A nullable text column, with SQL NULL as null. */
export function readOptionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** The row an `INSERT ... RETURNING` or upsert must return; its absence is a bug in the statement. */
export function returnedRow<T>(rows: readonly T[], statement: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`${statement} returned no row; the statement's RETURNING or WHERE is wrong.`);
  return row;
}
