import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuditTrail } from "../../../src/store/audit-trail.js";
import { loadMigrations } from "../../../src/store/load-migrations.js";
import { openDb } from "../../../src/store/open-db.js";
import { Preferences } from "../../../src/store/preferences.js";
import { TokenCache } from "../../../src/store/token-cache.js";
import { T0 } from "./support/fixtures.js";

// PGlite only by nature: PostgreSQL's durability is the server's business.
describe("PGlite with a data directory", () => {
  let folder: string | undefined;
  afterAll(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it("keeps everything across a restart and does not migrate twice", async () => {
    folder = await mkdtemp(join(tmpdir(), "gatepass-pglite-"));
    const dataDir = join(folder, "nested", "pglite"); // parents are created too
    const key = "a passphrase of at least sixteen characters";

    const first = await openDb({ pgliteDataDir: dataDir });
    expect(first.backend).toBe("pglite");
    await new Preferences(first).put("user-1", { quietHours: { from: "19:00", to: "08:00" } }, T0);
    await new TokenCache(first, key).set("user-1.cache", "msal-cache-json", T0);
    const appended = await new AuditTrail(first).append({
      occurredAt: T0,
      actorAadObjectId: "user-1",
      action: "request.submitted",
      subjectType: "request",
      subjectId: "req-1",
      outcome: "ok",
    });
    await first.close();

    const second = await openDb({ pgliteDataDir: dataDir });
    try {
      expect((await new Preferences(second).get("user-1"))?.preferences).toEqual({ quietHours: { from: "19:00", to: "08:00" } });
      expect(await new TokenCache(second, key).get("user-1.cache")).toBe("msal-cache-json");
      expect(await new AuditTrail(second).listBySubject("request", "req-1")).toEqual([appended]);
      expect((await second.query("SELECT version FROM schema_migrations")).rowCount).toBe((await loadMigrations()).length);
      // Appending continues after the restart with a larger id.
      const next = await new AuditTrail(second).append({ ...appended, occurredAt: T0, action: "approval.decided" });
      expect(BigInt(next.id)).toBeGreaterThan(BigInt(appended.id));
    } finally {
      await second.close();
    }
  });
});
