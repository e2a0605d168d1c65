import { describe, expect, it } from "vitest";
import { readBytes, readDate } from "../../../src/store/column-readers.js";
import type { Db } from "../../../src/store/db.js";
import { isStoreError, StoreError } from "../../../src/store/store-error.js";
import { T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

describe.each(storeBackends())("Db on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const db = (): Db => store().db;
  let table: string | undefined;
  async function scratch(): Promise<string> {
    if (table === undefined) {
      table = "db_contract_scratch";
      await db().exec(`CREATE TABLE ${table} (id text PRIMARY KEY, at timestamptz, doc jsonb, blob bytea, n bigint)`);
    }
    return table;
  }

  it("names its backend", () => {
    expect(db().backend).toBe(backend.name);
  });

  it("returns rows and counts for SELECT, INSERT, UPDATE and DELETE", async () => {
    const t = await scratch();
    const [a, b] = [uid("a"), uid("b")];
    expect((await db().query(`INSERT INTO ${t} (id) VALUES ($1), ($2)`, [a, b])).rowCount).toBe(2);
    const selected = await db().query<{ id: string }>(`SELECT id FROM ${t} WHERE id = ANY($1::text[]) ORDER BY id`, [[a, b]]);
    expect(selected).toEqual({ rows: [{ id: a }, { id: b }].sort((x, y) => x.id.localeCompare(y.id)), rowCount: 2 });
    expect((await db().query(`UPDATE ${t} SET n = 1 WHERE id = $1`, [a])).rowCount).toBe(1);
    expect((await db().query(`UPDATE ${t} SET n = 1 WHERE id = $1`, [uid("none")])).rowCount).toBe(0);
    expect((await db().query(`DELETE FROM ${t} WHERE id = ANY($1::text[])`, [[a, b]])).rowCount).toBe(2);
  });

  it("reads back timestamps, JSON, bytes and 64-bit integers the same way on both backends", async () => {
    const t = await scratch();
    const id = uid("types");
    const doc = { nested: { list: [1, "two", null, true] }, text: "ünïcode ✓ \"quoted\"" };
    const blob = Buffer.from([0, 1, 2, 253, 254, 255]);
    await db().query(`INSERT INTO ${t} (id, at, doc, blob, n) VALUES ($1, $2, $3::jsonb, $4, $5)`, [
      id,
      T0,
      JSON.stringify(doc),
      blob,
      "9007199254740993",
    ]);
    const { rows } = await db().query<{ at: unknown; doc: unknown; blob: unknown; n: unknown }>(
      `SELECT at, doc, blob, n FROM ${t} WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    expect(readDate(row?.at)).toEqual(T0);
    expect(row?.at).toBeInstanceOf(Date);
    expect(row?.doc).toEqual(doc);
    expect(Buffer.isBuffer(row?.blob)).toBe(true);
    expect(readBytes(row?.blob).equals(blob)).toBe(true);
    expect(row?.n).toBe("9007199254740993"); // a string on both, never a rounded number
  });

  it("runs a script of several statements with exec", async () => {
    await db().exec("CREATE TABLE db_contract_exec (n int); INSERT INTO db_contract_exec VALUES (1), (2);");
    expect((await db().query<{ total: number }>("SELECT sum(n)::int AS total FROM db_contract_exec")).rows).toEqual([{ total: 3 }]);
  });

  it("turns a rejected statement into a StoreError with the SQLSTATE", async () => {
    const error = await db().query("SELECT * FROM no_such_table").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "query_failed", sqlState: "42P01", message: expect.stringContaining("no_such_table") });
    expect((error as StoreError).cause).toBeDefined();
  });

  it("commits a transaction whose function resolves, and returns its value", async () => {
    const t = await scratch();
    const id = uid("commit");
    const value = await db().transaction(async (tx) => {
      await tx.query(`INSERT INTO ${t} (id) VALUES ($1)`, [id]);
      return "done";
    });
    expect(value).toBe("done");
    const peer = await store().connectPeer();
    expect((await peer.query(`SELECT id FROM ${t} WHERE id = $1`, [id])).rowCount).toBe(1);
  });

  it("rolls back a transaction whose function throws, and rethrows that very error", async () => {
    const t = await scratch();
    const id = uid("rollback");
    const thrown = new Error("the use case failed");
    const caught = await db()
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO ${t} (id) VALUES ($1)`, [id]);
        throw thrown;
      })
      .catch((e: unknown) => e);
    expect(caught).toBe(thrown);
    expect((await db().query(`SELECT id FROM ${t} WHERE id = $1`, [id])).rowCount).toBe(0);
  });

  it("rolls back when a statement inside the transaction fails", async () => {
    const t = await scratch();
    const id = uid("failed-statement");
    const caught = await db()
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO ${t} (id) VALUES ($1)`, [id]);
        await tx.query(`INSERT INTO ${t} (id) VALUES ($1)`, [id]); // duplicate key
      })
      .catch((e: unknown) => e);
    expect(caught).toMatchObject({ code: "query_failed", sqlState: "23505" });
    expect((await db().query(`SELECT id FROM ${t} WHERE id = $1`, [id])).rowCount).toBe(0);
    // The Db is still usable afterwards (the connection went back clean).
    expect((await db().query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("refuses the outer handle and nested transactions inside a transaction", async () => {
    const t = await scratch();
    const id = uid("misuse");
    const errors = await db().transaction(async (tx) => {
      const outer = await db().query("SELECT 1").catch((e: unknown) => e);
      const nested = await db().transaction(async () => undefined).catch((e: unknown) => e);
      await tx.query(`INSERT INTO ${t} (id) VALUES ($1)`, [id]);
      return [outer, nested];
    });
    for (const error of errors) expect(isStoreError(error, "transaction_misuse")).toBe(true);
    expect((await db().query(`SELECT id FROM ${t} WHERE id = $1`, [id])).rowCount).toBe(1);
  });

  it("refuses a transaction handle used after its transaction ended", async () => {
    let leaked: Parameters<Parameters<Db["transaction"]>[0]>[0] | undefined;
    await db().transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.query("SELECT 1")).rejects.toMatchObject({ code: "transaction_misuse" });
    await expect(leaked?.exec("SELECT 1")).rejects.toMatchObject({ code: "transaction_misuse" });
  });

  it("runs transactions of concurrent callers one after the other without losing updates", async () => {
    const t = await scratch();
    const id = uid("counter");
    await db().query(`INSERT INTO ${t} (id, n) VALUES ($1, 0)`, [id]);
    const peer = await store().connectPeer();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? db() : peer).transaction(async (tx) => {
          const { rows } = await tx.query<{ n: string }>(`SELECT n FROM ${t} WHERE id = $1 FOR UPDATE`, [id]);
          await tx.query(`UPDATE ${t} SET n = $2 WHERE id = $1`, [id, Number(rows[0]?.n) + 1]);
        }),
      ),
    );
    expect((await db().query<{ n: string }>(`SELECT n FROM ${t} WHERE id = $1`, [id])).rows).toEqual([{ n: "10" }]);
  });

  it("closes idempotently and refuses use afterwards", async () => {
    const own = await backend.openIsolated({ migrated: false });
    await own.db.close();
    await own.db.close();
    await expect(own.db.query("SELECT 1")).rejects.toMatchObject({ code: "closed" });
    await expect(own.db.transaction(async () => 1)).rejects.toMatchObject({ code: "closed" });
    await own.dispose();
  });
});
