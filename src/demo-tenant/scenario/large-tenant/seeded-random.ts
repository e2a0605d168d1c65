/**
 * A small deterministic PRNG (mulberry32). The large tenant must be identical on every run, so that a
 * benchmark figure or a failing test can be reproduced; `Math.random` cannot be seeded.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() needs at least one item");
    return items[this.int(items.length)]!;
  }

  /** An index in [0, n) skewed towards 0, so a few items are popular and most are not (like real packages). */
  skewed(n: number, power = 2.5): number {
    return Math.min(n - 1, Math.floor(n * this.next() ** power));
  }
}

/** Kinds of generated object, each with its own id prefix so ids never collide across tables or with the scenario's. */
export const ID_KIND = {
  user: 0x001,
  group: 0x002,
  catalog: 0x003,
  resource: 0x004,
  resourceRole: 0x005,
  resourceRoleScope: 0x006,
  accessPackage: 0x007,
  policy: 0x008,
  assignment: 0x009,
  request: 0x00a,
  reviewDefinition: 0x00c,
  reviewInstance: 0x00d,
  reviewDecision: 0x00e,
} as const;

/**
 * A stable GUID for the `n`th generated object of a kind: `5ca1e<kind>-0000-4000-8000-<n>`. It has the
 * shape of a version-4 GUID (Graph's ids), so clients and schema checks treat it like a real one.
 */
export function scaleId(kind: number, n: number): string {
  return `5ca1e${kind.toString(16).padStart(3, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}
