import type { Queryable } from "./db.js";

/** One parameterized data-changing statement, as the repositories' `...Statement` methods build them. */
export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/**
 * Several data-changing statements sent as one query: each becomes a data-modifying CTE, which
 * PostgreSQL runs exactly once whether or not anything reads it. So they cost one round trip instead of
 * one each (a socket write costs 50-70 us on the machines measured, bench/README.md), and they commit or
 * fail together, leaving nothing half-recorded. Each statement must be a plain INSERT, UPDATE or DELETE
 * without a WITH of its own; none sees the others' changes (one snapshot), so none may depend on another.
 */
export class WriteTogether {
  constructor(private readonly db: Queryable) {}

  /** Runs the statements as one; returns how many rows each changed, in order. */
  async run(statements: readonly Statement[]): Promise<number[]> {
    if (statements.length === 0) return [];
    if (statements.length === 1) {
      const { rowCount } = await this.db.query(statements[0]!.text, statements[0]!.params);
      return [rowCount];
    }
    const { text, params } = combine(statements);
    const { rows } = await this.db.query<Record<string, number>>(text, params);
    const counts = rows[0] ?? {};
    return statements.map((_, i) => Number(counts[`n${i}`] ?? 0));
  }
}

/** The single query for `statements` (exported for tests). */
export function combine(statements: readonly Statement[]): Statement {
  const params: unknown[] = [];
  const parts = statements.map((statement, i) => {
    const body = statement.text.trim();
    if (/^with\b/i.test(body)) throw new Error("A statement run with others cannot have its own WITH.");
    if (!/^(insert|update|delete)\b/i.test(body)) throw new Error("Only INSERT, UPDATE and DELETE statements can run with others.");
    const offset = params.length;
    params.push(...statement.params);
    // $n counts from 1 within each statement: shift it past the parameters of the statements before.
    const renumbered = body.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    const returning = /\breturning\b/i.test(renumbered) ? renumbered : `${renumbered} RETURNING 1`;
    return `s${i} AS (${returning})`;
  });
  const counts = statements.map((_, i) => `(SELECT count(*) FROM s${i})::int AS n${i}`).join(", ");
  return { text: `WITH ${parts.join(",\n")}\nSELECT ${counts}`, params };
}
