import { TtlCache } from "../domain/async/ttl-cache.js";
import { systemClock, type Clock } from "../domain/clock.js";

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
  private readonly written: TtlCache<string>;

  constructor(clock: Clock = systemClock) {
    this.written = new TtlCache<string>(clock, REMEMBER_AGAIN_AFTER_MS, MAX_PEOPLE);
  }

  /** True when `reference` is what this process last wrote for the person, less than a minute ago. */
  async isFresh(personId: string, reference: string): Promise<boolean> {
    return (await this.written.peek(personId)) === reference;
  }

  noteWritten(personId: string, reference: string): void {
    this.written.set(personId, reference);
  }

  /** The next message from the person writes their reference again (their reachability changed, or they left). */
  forget(personId: string): void {
    this.written.forget(personId);
  }
}
