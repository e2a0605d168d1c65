/**
 * The source of "now". Everything that depends on time takes a Clock (or an instant read from one) so
 * that tests and the demo tenant can control time; nothing in the domain calls `Date.now()` itself.
 */
export interface Clock {
  now(): Date;
}

/** Real time, for what is about the world and not the demo tenant's clock (how long to keep a cache entry). */
export const systemClock: Clock = { now: () => new Date() };
