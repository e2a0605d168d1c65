const REMEMBER_AGAIN_AFTER_MS = 60_000;
const MAX_PEOPLE = 10_000;

/**
 * Whose conversation reference this process wrote in the last minute, and which reference: a message
 * from that person through the same conversation needs no second write (one store round trip less on
 * every message, 14% of a "my access" turn's CPU in bench/README.md). The write also clears a "blocked"
 * or "unreachable" mark, so the nudge sender forgets a person here as it marks them (see `forget`); an
 * instance that did not mark them writes again at the latest a minute after its last write.
 */
export class RecentConversations {
  private readonly written = new Map<string, { reference: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when `reference` is what this process last wrote for the person, less than a minute ago. */
  isFresh(personId: string, reference: string): boolean {
    const last = this.written.get(personId);
    return last !== undefined && last.reference === reference && this.now() - last.at < REMEMBER_AGAIN_AFTER_MS;
  }

  noteWritten(personId: string, reference: string): void {
    if (this.written.size >= MAX_PEOPLE && !this.written.has(personId)) {
      const now = this.now();
      for (const [id, entry] of this.written) if (now - entry.at >= REMEMBER_AGAIN_AFTER_MS) this.written.delete(id);
      if (this.written.size >= MAX_PEOPLE) this.written.clear();
    }
    this.written.set(personId, { reference, at: this.now() });
  }

  /** The next message from the person writes their reference again (their reachability changed, or they left). */
  forget(personId: string): void {
    this.written.delete(personId);
  }
}
