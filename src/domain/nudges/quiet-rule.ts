import type { NudgeRecipient } from "./nudge-recipient.js";
import { minutesOfClockTime, readLocal, zoneNamed, type ZoneClock } from "./zone-clock.js";

/** What decides whether a person may be nudged at some instant: their zone, nights and weekends. */
export type QuietFacts = Pick<NudgeRecipient, "timeZone" | "preferences">;

/** `QuietFacts` made ready for repeated questions; shared by everyone with the same zone and settings. */
export interface QuietRule {
  /** Zone and settings as one string: equal strings, equal rules. */
  readonly signature: string;
  readonly zone: ZoneClock;
  /** Quiet hours as minutes since midnight; null when off. */
  readonly night: { readonly start: number; readonly end: number } | null;
  /** Quiet weekdays (1-7); empty when weekends are not quiet. */
  readonly quietDays: ReadonlySet<number>;
  /** Quiet stretches already worked out (see `quiet-stretch.ts`), most recent last. */
  readonly stretches: { start: number | null; end: number | null }[];
}

// A tenant has far fewer distinct zone-and-settings pairs than this; past it, start over.
const MAX_RULES = 10_000;
const byFacts = new WeakMap<QuietFacts, QuietRule>();
const bySignature = new Map<string, QuietRule>();

/** The signature of a person's zone and quiet settings: people with equal signatures are quiet at equal times. */
export function quietSignature(facts: QuietFacts): string {
  const { quietHours, quietWeekends, weekendDays } = facts.preferences;
  const night = quietHours === null ? "-" : `${quietHours.start}-${quietHours.end}`;
  return `${facts.timeZone}|${night}|${quietWeekends ? [...weekendDays].sort().join(",") : "-"}`;
}

/**
 * The rule for `facts`. Rules are shared by signature, so the quiet stretches one person's nudges needed
 * are at hand for everyone in the same zone with the same settings, pass after pass.
 */
export function quietRuleOf(facts: QuietFacts): QuietRule {
  let rule = byFacts.get(facts);
  if (rule === undefined) {
    const signature = quietSignature(facts);
    rule = bySignature.get(signature);
    if (rule === undefined) {
      if (bySignature.size >= MAX_RULES) bySignature.clear();
      rule = compile(facts, signature);
      bySignature.set(signature, rule);
    }
    byFacts.set(facts, rule);
  }
  return rule;
}

/** Whether `ms` falls in the rule's quiet time. */
export function isQuietUnder(rule: QuietRule, ms: number): boolean {
  const local = readLocal(rule.zone, ms);
  if (rule.quietDays.has(local.weekday)) return true;
  return rule.night !== null && isNightMinute(rule.night, local.minuteOfDay);
}

/** Whether a minute of the day lies in the nightly window, which wraps past midnight when start > end. */
export function isNightMinute(night: { readonly start: number; readonly end: number }, minute: number): boolean {
  return night.start < night.end ? minute >= night.start && minute < night.end : minute >= night.start || minute < night.end;
}

function compile(facts: QuietFacts, signature: string): QuietRule {
  const { quietHours, quietWeekends, weekendDays } = facts.preferences;
  const start = quietHours === null ? 0 : minutesOfClockTime(quietHours.start);
  const end = quietHours === null ? 0 : minutesOfClockTime(quietHours.end);
  return {
    signature,
    zone: zoneNamed(facts.timeZone),
    // Equal start and end would mean "all night" or "never"; never is the one that wakes nobody by surprise.
    night: quietHours === null || start === end ? null : { start, end },
    quietDays: new Set(quietWeekends ? weekendDays : []),
    stretches: [],
  };
}
