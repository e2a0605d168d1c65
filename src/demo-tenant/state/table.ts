/**
 * An in-memory table of records by id, with secondary indexes on fields that never change after
 * insert (`targetId`, `instanceId`...). Lists at the scale generator's size (100,000 assignments,
 * 20,000 decisions) stay fast because routes read an index instead of scanning.
 */
export class Table<T extends { id: string }> {
  private readonly rows = new Map<string, T>();
  private readonly indexes = new Map<string, { key: (row: T) => string | null; map: Map<string, Map<string, T>> }>();

  constructor(readonly name: string) {}

  /** Declares an index; `key` must depend only on fields fixed at insert. */
  index(name: string, key: (row: T) => string | null): this {
    const map = new Map<string, Map<string, T>>();
    for (const row of this.rows.values()) addTo(map, key(row), row);
    this.indexes.set(name, { key, map });
    return this;
  }

  get size(): number {
    return this.rows.size;
  }

  get(id: string): T | undefined {
    return this.rows.get(id) ?? this.rows.get(id.toLowerCase());
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  insert(row: T): T {
    if (this.rows.has(row.id)) throw new Error(`${this.name}: duplicate id ${row.id}`);
    this.rows.set(row.id, row);
    for (const { key, map } of this.indexes.values()) addTo(map, key(row), row);
    return row;
  }

  delete(id: string): boolean {
    const row = this.get(id);
    if (!row) return false;
    this.rows.delete(row.id);
    for (const { key, map } of this.indexes.values()) {
      const k = key(row);
      if (k !== null) map.get(k)?.delete(row.id);
    }
    return true;
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  /** Rows whose indexed key equals `value`, in insertion order. */
  by(indexName: string, value: string): T[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`${this.name}: no index named ${indexName}`);
    const bucket = index.map.get(value);
    return bucket ? [...bucket.values()] : [];
  }

  clear(): void {
    this.rows.clear();
    for (const index of this.indexes.values()) index.map.clear();
  }
}

function addTo<T extends { id: string }>(map: Map<string, Map<string, T>>, key: string | null, row: T): void {
  if (key === null) return;
  let bucket = map.get(key);
  if (!bucket) map.set(key, (bucket = new Map()));
  bucket.set(row.id, row);
}
