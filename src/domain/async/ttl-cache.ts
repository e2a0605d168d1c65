import type { Clock } from "../clock.js";

/**
 * A small in-memory cache whose entries live `ttlMs` by the injected clock. It holds the pending load, so
 * concurrent asks for one key make one call; a failed load is forgotten at once.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.evict(now);
    const value = load();
    // Deleted first so the Map's order stays the order of writes: eviction takes the oldest.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** The live entry for `key`, if any, without loading. */
  peek(key: string): Promise<V> | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expiresAt > this.clock.now().getTime() ? hit.value : undefined;
  }

  /** Stores `value` for `key` (replacing what was there) for a full TTL. */
  set(key: string, value: V): void {
    const now = this.clock.now().getTime();
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.evict(now);
    this.entries.delete(key);
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: now + this.ttlMs });
  }

  /** Stores a value read along with something else, unless the key holds a live one already. */
  prime(key: string, value: V): void {
    if (!this.peek(key)) this.set(key, value);
  }

  /** Drops one key, so its next `get` loads afresh. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops expired entries, then the oldest, so a long-running bot's cache stays small. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    const excess = this.entries.size - Math.floor(this.maxEntries * 0.9);
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.entries.keys()) {
      if (dropped++ >= excess) break;
      this.entries.delete(key);
    }
  }
}
