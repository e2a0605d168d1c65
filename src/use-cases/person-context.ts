import type { Person } from "../domain/model/person.js";
import type { DirectoryPort } from "./ports.js";

const MAX_PEOPLE = 100_000;

/**
 * People as cards need them (name, IANA time zone, out of office), looked up once per person for a few
 * minutes: every card shows times in its reader's own zone.
 */
export class PeopleDirectory {
  private readonly cache = new Map<string, { at: number; person: Promise<Person> }>();

  constructor(
    private readonly directory: DirectoryPort,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(userId: string): Promise<Person> {
    const cached = this.cache.get(userId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.person;
    const person = this.directory.getPerson(userId);
    // Expired entries go when the map is large, so it does not grow with everyone who was ever looked up.
    if (this.cache.size >= MAX_PEOPLE) {
      for (const [id, entry] of this.cache) if (Date.now() - entry.at >= this.ttlMs) this.cache.delete(id);
      if (this.cache.size >= MAX_PEOPLE) this.cache.clear();
    }
    this.cache.set(userId, { at: Date.now(), person });
    person.catch(() => this.cache.delete(userId));
    return person;
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
