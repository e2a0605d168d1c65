/** The longest snooze: long enough for a holiday, short enough that nobody is forgotten for good. */
export const MAX_SNOOZE_DAYS = 14;
const MAX_SNOOZE_MS = MAX_SNOOZE_DAYS * 24 * 3_600_000;

/** A snooze's end, brought back to at most {@link MAX_SNOOZE_DAYS} from now; `capped` says whether it was. */
export function capSnooze(until: Date, now: Date): { until: Date; capped: boolean } {
  const latest = now.getTime() + MAX_SNOOZE_MS;
  return until.getTime() > latest ? { until: new Date(latest), capped: true } : { until, capped: false };
}
