/**
 * Names a PostgreSQL connection string for messages and logs without its password or query options,
 * e.g. `PostgreSQL at db.example.com:5432/gatepass as gatepass_app`.
 */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const port = url.port === "" ? "5432" : url.port;
    const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
    const user = url.username === "" ? "" : ` as ${decodeURIComponent(url.username)}`;
    return `PostgreSQL at ${url.hostname || "localhost"}:${port}/${database}${user}`;
  } catch {
    // Never echo an unparseable string: it may be a password pasted into the wrong variable.
    return "PostgreSQL (DATABASE_URL is not a valid URL)";
  }
}
