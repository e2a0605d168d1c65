import { randomUUID } from "node:crypto";

/** The instant tests start at (a Monday, 09:00 in Redmond), as the other suites use. */
export const T0 = new Date("2026-03-02T17:00:00.000Z");

/** `T0` plus `ms` milliseconds. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/** A unique id, so tests sharing one database never see each other's rows. */
export function uid(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
