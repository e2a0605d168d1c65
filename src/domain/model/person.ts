/** A person in the directory, with what the bot needs to reach them well. */
export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
  /** IANA time zone from their mailbox settings, or "UTC" when unknown (see `isTimeZoneFallback`). */
  readonly timeZone: string;
  /** True when the time zone is UTC for want of a known one, so messages can say so. */
  readonly isTimeZoneFallback: boolean;
  /** Automatic replies on now: always, or scheduled with now inside the window. */
  readonly isOutOfOffice: boolean;
}
