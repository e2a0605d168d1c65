import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { describeDatabaseUrl } from "../../../src/store/describe-database-url.js";
import { openDb } from "../../../src/store/open-db.js";
import { DEFAULT_PGLITE_DATA_DIR, resolvePgliteDataDir } from "../../../src/store/pglite-db.js";
import { StoreError } from "../../../src/store/store-error.js";
import { translateDriverError } from "../../../src/store/translate-driver-error.js";

describe("openDb", () => {
  it("fails fast with connection_failed, naming the server but never the password, when PostgreSQL is unreachable", async () => {
    const error = await openDb({ databaseUrl: "postgres://gatepass:s3cret-pw@127.0.0.1:1/gatepass" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "connection_failed", message: expect.stringContaining("127.0.0.1:1/gatepass") });
    expect((error as StoreError).message).toContain("DATABASE_URL");
    expect((error as StoreError).message).not.toContain("s3cret-pw");
  });
});

describe("resolvePgliteDataDir", () => {
  it("defaults to .data/pglite under the working directory", () => {
    expect(DEFAULT_PGLITE_DATA_DIR).toBe(".data/pglite");
    expect(resolvePgliteDataDir(undefined, "/srv/bot")).toBe(resolve("/srv/bot", ".data/pglite"));
    expect(resolvePgliteDataDir("  ", "/srv/bot")).toBe(resolve("/srv/bot", ".data/pglite"));
  });

  it("takes relative paths from the working directory, absolute paths and memory:// as they are", () => {
    expect(resolvePgliteDataDir("state/db", "/srv/bot")).toBe(resolve("/srv/bot", "state/db"));
    expect(resolvePgliteDataDir("/var/lib/gatepass", "/srv/bot")).toBe("/var/lib/gatepass");
    expect(resolvePgliteDataDir("memory://", "/srv/bot")).toBe("memory://");
  });
});

describe("describeDatabaseUrl", () => {
  it("names host, port, database and user, without password or options", () => {
    expect(describeDatabaseUrl("postgres://app:pw@db.example.com/gatepass?sslmode=require&options=-c%20x%3Dy")).toBe(
      "PostgreSQL at db.example.com:5432/gatepass as app",
    );
    expect(describeDatabaseUrl("postgresql://localhost:6543/test")).toBe("PostgreSQL at localhost:6543/test");
  });

  it("never echoes a string that is not a URL", () => {
    expect(describeDatabaseUrl("hunter2-not-a-url")).toBe("PostgreSQL (DATABASE_URL is not a valid URL)");
  });
});

describe("translateDriverError", () => {
  const where = "PostgreSQL at db:5432/gatepass";
  const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it("reports unreachable servers and refused logins as connection_failed", () => {
    expect(translateDriverError(driverError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:5432"), where)).toMatchObject({
      code: "connection_failed",
      message: expect.stringContaining("Check DATABASE_URL"),
    });
    expect(translateDriverError(driverError("28P01", "password authentication failed for user \"app\""), where)).toMatchObject({
      code: "connection_failed",
      sqlState: "28P01",
    });
  });

  it("reports rejected statements as query_failed, with advice when configuration is the likely cause", () => {
    const error = translateDriverError(driverError("3F000", "no schema has been selected to create in"), where);
    expect(error).toMatchObject({ code: "query_failed", sqlState: "3F000" });
    expect(error.message).toBe(
      "PostgreSQL at db:5432/gatepass rejected a statement (SQLSTATE 3F000): no schema has been selected to create in. Create the schema named by search_path in DATABASE_URL's options, or remove that option.",
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("passes StoreErrors through unchanged", () => {
    const original = new StoreError("closed", "closed");
    expect(translateDriverError(original, where)).toBe(original);
  });
});
