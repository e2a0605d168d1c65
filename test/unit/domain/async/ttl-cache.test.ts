import { expect, it } from "vitest";
import { TtlCache } from "../../../../src/domain/async/ttl-cache.js";

function cacheAt(ttlMs: number, maxEntries?: number) {
  let now = 0;
  const cache = new TtlCache<string>({ now: () => new Date(now) }, ttlMs, maxEntries);
  return { cache, advance: (ms: number) => (now += ms) };
}

it("loads a key once while it lives, shares a pending load, and loads again once it expired", async () => {
  const { cache, advance } = cacheAt(1000);
  let loads = 0;
  const load = () => Promise.resolve(`v${++loads}`);
  const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
  expect([a, b, loads]).toEqual(["v1", "v1", 1]);
  advance(999);
  expect(await cache.get("k", load)).toBe("v1");
  advance(1);
  expect(await cache.get("k", load)).toBe("v2");
});

it("forgets a failed load at once", async () => {
  const { cache } = cacheAt(1000);
  await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
  expect(cache.peek("k")).toBeUndefined();
  expect(await cache.get("k", () => Promise.resolve("up"))).toBe("up");
});

it("sets and peeks without loading; prime keeps a live value and fills an expired one", async () => {
  const { cache, advance } = cacheAt(1000);
  cache.set("k", "a");
  cache.prime("k", "b");
  expect(await cache.peek("k")).toBe("a");
  cache.set("k", "c");
  expect(await cache.peek("k")).toBe("c");
  advance(1000);
  expect(cache.peek("k")).toBeUndefined();
  cache.prime("k", "d");
  expect(await cache.peek("k")).toBe("d");
  cache.forget("k");
  expect(cache.peek("k")).toBeUndefined();
});

it("stays within its size: expired entries go first, then the oldest", async () => {
  const { cache, advance } = cacheAt(1000, 10);
  for (let i = 0; i < 5; i++) cache.set(`old${i}`, "x");
  advance(1000);
  for (let i = 0; i < 5; i++) cache.set(`new${i}`, "y");
  cache.set("one-more", "z"); // full: the five expired go
  expect([cache.peek("new0"), cache.peek("one-more")].every(Boolean)).toBe(true);
  for (let i = 0; i < 4; i++) cache.set(`more${i}`, "w");
  cache.set("new0", "y2"); // written again: now among the newest
  cache.set("last", "v"); // full of live entries: the oldest written go (new1 first, not new0)
  expect(cache.peek("new1")).toBeUndefined();
  expect(await cache.peek("new0")).toBe("y2");
  expect(await cache.peek("last")).toBe("v");
});
