import { TtlCache } from "../domain/async/ttl-cache.js";
import { systemClock } from "../domain/clock.js";
import type { Person } from "../domain/model/person.js";
import type { DirectoryPort } from "./ports.js";

const MAX_PEOPLE = 100_000;

/**
 * People as cards need them (name, IANA time zone, out of office), looked up once per person for a few
 * minutes: every card shows times in its reader's own zone.
 */
export class PeopleDirectory {
  // Bounded, so it does not grow with everyone who was ever looked up (expired entries go first).
  private readonly cache: TtlCache<Person>;

  constructor(
    private readonly directory: DirectoryPort,
    ttlMs = 5 * 60_000,
  ) {
    this.cache = new TtlCache<Person>(systemClock, ttlMs, MAX_PEOPLE);
  }

  get(userId: string): Promise<Person> {
    return this.cache.get(userId, () => this.directory.getPerson(userId));
  }

  /** Names for many people at once; unknown ids read as "someone". */
  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    await Promise.all(
      [...new Set(userIds)].map(async (id) => {
        try {
          out.set(id, (await this.get(id)).displayName);
        } catch {
          out.set(id, "someone");
        }
      }),
    );
    return out;
  }
}
