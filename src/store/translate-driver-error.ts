import { StoreError } from "./store-error.js";

// SQLSTATE classes that mean "could not connect or log in" rather than "this statement is wrong":
// 08 connection exception, 28 invalid authorization, 3D invalid catalog name (no such database), 57P0x shutdown.
const CONNECTION_SQLSTATE = /^(08|28|3D|57P0)/;
// Advice for the SQLSTATEs an operator can cause by configuration rather than by a bug.
const ADVICE: Record<string, string> = {
  "3F000": " Create the schema named by search_path in DATABASE_URL's options, or remove that option.",
  "42501": " Grant the database user the rights to create and change tables in its schema: the bot migrates at start-up.",
};
// Node socket errors from the pg driver.
const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EAI_AGAIN", "EPIPE"]);

/**
 * Turns an error from pg or PGlite into a StoreError, keeping the original as `cause`. `where` names the
 * database without credentials (see `describeDatabaseUrl`) so the message can say which one failed.
 */
export function translateDriverError(error: unknown, where: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  const sqlState = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;

  if ((typeof code === "string" && SOCKET_ERRORS.has(code)) || (sqlState !== undefined && CONNECTION_SQLSTATE.test(sqlState))) {
    return new StoreError(
      "connection_failed",
      `Cannot connect to ${where}: ${detail}. Check DATABASE_URL (host, port, database, user, password) and that the server is running.`,
      { cause: error, ...(sqlState === undefined ? {} : { sqlState }) },
    );
  }
  if (/connection terminated|timeout exceeded when trying to connect/i.test(detail)) {
    return new StoreError(
      "connection_failed",
      `Lost or could not get a connection to ${where}: ${detail}. Check that the server is running and reachable.`,
      { cause: error },
    );
  }
  const state = sqlState === undefined ? "" : ` (SQLSTATE ${sqlState})`;
  const advice = sqlState === undefined ? "" : (ADVICE[sqlState] ?? "");
  return new StoreError("query_failed", `${where} rejected a statement${state}: ${detail}.${advice}`, {
    cause: error,
    ...(sqlState === undefined ? {} : { sqlState }),
  });
}
