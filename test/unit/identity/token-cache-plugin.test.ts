import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { EMPTY_MSAL_CACHE, TokenCachePlugin, tokenCachePartitionKey, type SealedKeyValue } from "../../../src/identity/token-cache-plugin.js";
import { StoreError } from "../../../src/store/store-error.js";

const log = pino({ level: "silent" });
const clock = { now: () => new Date("2026-03-02T17:00:00Z") };

/** MSAL's side of one cache access: what it deserialized, and what it would serialize. */
function access(memory: string, changed: boolean) {
  const seen: string[] = [];
  return {
    seen,
    context: { cacheHasChanged: changed, tokenCache: { serialize: () => memory, deserialize: (value: string) => void seen.push(value) } },
  };
}

function memoryStore(initial: Record<string, string> = {}): SealedKeyValue & { rows: Map<string, string>; failGet?: Error } {
  const rows = new Map(Object.entries(initial));
  const store = {
    rows,
    failGet: undefined as Error | undefined,
    async get(key: string) {
      if (store.failGet) throw store.failGet;
      return rows.get(key);
    },
    async set(key: string, value: string) {
      rows.set(key, value);
    },
    async delete(key: string) {
      return rows.delete(key);
    },
  };
  return store;
}

describe("TokenCachePlugin", () => {
  it("replaces MSAL's memory with the person's row before, and writes it back after a change", async () => {
    const store = memoryStore({ k: '{"AccessToken":{"a":{}}}' });
    const plugin = new TokenCachePlugin({ store, partition: () => "k", clock, log });
    const { context, seen } = access('{"AccessToken":{"b":{}}}', true);
    await plugin.beforeCacheAccess(context);
    await plugin.afterCacheAccess(context);
    expect(seen).toEqual(['{"AccessToken":{"a":{}}}']);
    expect(store.rows.get("k")).toBe('{"AccessToken":{"b":{}}}');
  });

  it("empties MSAL's memory when the row is missing or undecryptable, so no other person's tokens stay in it", async () => {
    const store = memoryStore();
    const plugin = new TokenCachePlugin({ store, partition: () => "k", clock, log });
    const missing = access("{}", false);
    await plugin.beforeCacheAccess(missing.context);
    await plugin.afterCacheAccess(missing.context);
    store.failGet = new StoreError("token_cache_undecryptable", "written under another key");
    const undecryptable = access("{}", false);
    await plugin.beforeCacheAccess(undecryptable.context);
    await plugin.afterCacheAccess(undecryptable.context);
    expect([...missing.seen, ...undecryptable.seen]).toEqual([EMPTY_MSAL_CACHE, EMPTY_MSAL_CACHE]);
    expect(store.rows.size).toBe(0);
  });

  it("reads and keeps nothing outside a person's turn", async () => {
    const store = memoryStore({ k: "x" });
    const plugin = new TokenCachePlugin({ store, partition: () => null, clock, log });
    const { context, seen } = access('{"AccessToken":{"b":{}}}', true);
    await plugin.beforeCacheAccess(context);
    await plugin.afterCacheAccess(context);
    expect(seen).toEqual([EMPTY_MSAL_CACHE]);
    expect([...store.rows.keys()]).toEqual(["k"]);
  });

  it("lets the next access in when reading the store fails (MSAL still calls afterCacheAccess)", async () => {
    const store = memoryStore();
    const plugin = new TokenCachePlugin({ store, partition: () => "k", clock, log });
    store.failGet = new StoreError("connection_failed", "database down");
    const failed = access("{}", true);
    await expect(plugin.beforeCacheAccess(failed.context)).rejects.toThrow("database down");
    await plugin.afterCacheAccess(failed.context);
    expect(store.rows.size).toBe(0);

    store.failGet = undefined;
    const next = access('{"ok":1}', true);
    await plugin.beforeCacheAccess(next.context);
    await plugin.afterCacheAccess(next.context);
    expect(store.rows.get("k")).toBe('{"ok":1}');
  });

  it("serializes accesses: a second access starts only after the first one's write", async () => {
    const store = memoryStore();
    const order: string[] = [];
    const plugin = new TokenCachePlugin({ store, partition: () => "k", clock, log });
    const first = access("1", true);
    const second = access("2", true);
    await plugin.beforeCacheAccess(first.context);
    const secondBefore = plugin.beforeCacheAccess(second.context).then(() => order.push("second before"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    order.push("first after");
    await plugin.afterCacheAccess(first.context);
    await secondBefore;
    await plugin.afterCacheAccess(second.context);
    expect(order).toEqual(["first after", "second before"]);
  });

  it("keys one row per person and tenant, case-insensitively", () => {
    expect(tokenCachePartitionKey("TENANT-A", "User-1")).toBe(tokenCachePartitionKey("tenant-a", "user-1"));
    expect(tokenCachePartitionKey("t", "a")).not.toBe(tokenCachePartitionKey("t", "b"));
  });
});

describe("production settings for SSO", () => {
  const production = {
    GATEPASS_MODE: "production",
    MicrosoftAppId: "11111111-1111-1111-1111-111111111111",
    MicrosoftAppPassword: "secret",
    MicrosoftAppTenantId: "22222222-2222-2222-2222-222222222222",
    TOKEN_CACHE_KEY: "a passphrase of enough length",
  };

  it("needs an https sign-in page", () => {
    expect(() => loadConfig({ ...production, SSO_SIGN_IN_LINK: "http://gatepass.example.com/auth/start" })).toThrow(/https/);
    expect(() => loadConfig({ ...production, SSO_SIGN_IN_LINK: "not a url" })).toThrow(/https/);
    expect(loadConfig({ ...production, SSO_SIGN_IN_LINK: "https://gatepass.example.com/auth/start" }).graph.ssoSignInLink).toBe("https://gatepass.example.com/auth/start");
  });
});
