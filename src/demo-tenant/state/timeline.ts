/** Something the tenant must do at a given instant: deny a stale approval, expire an assignment... */
export interface TimelineEvent {
  atMs: number;
  kind: string;
  id: string;
}

/**
 * A min-heap of future lifecycle events. Events are not cancelled when their subject changes; the
 * handler re-checks the record when the event fires and ignores it if it no longer applies, which keeps
 * every mutation path free of bookkeeping.
 */
export class Timeline {
  private heap: (TimelineEvent & { seq: number })[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(atMs: number, kind: string, id: string): void {
    this.heap.push({ atMs, kind, id, seq: this.seq++ });
    this.up(this.heap.length - 1);
  }

  /** The earliest event at or before `nowMs`, removed from the timeline; undefined when none is due. */
  popDue(nowMs: number): TimelineEvent | undefined {
    const top = this.heap[0];
    if (!top || top.atMs > nowMs) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return { atMs: top.atMs, kind: top.kind, id: top.id };
  }

  peekMs(): number | undefined {
    return this.heap[0]?.atMs;
  }

  toJSON(): TimelineEvent[] {
    return this.heap.map(({ atMs, kind, id }) => ({ atMs, kind, id }));
  }

  load(events: readonly TimelineEvent[]): void {
    this.heap = [];
    for (const e of events) this.schedule(e.atMs, e.kind, e.id);
  }

  clear(): void {
    this.heap = [];
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
