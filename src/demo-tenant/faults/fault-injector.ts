import { z } from "zod";

/** One fault rule, as posted to `/_demo/faults`. */
export const faultRuleSchema = z
  .object({
    /** Regular expression tested against `METHOD /v1.0/path?query`; every Graph request when absent. */
    match: z.string().optional(),
    /**
     * The answer to give instead of the real one; absent with `delayMs` means "slow, then real". 403 and
     * 404 stand for refusals a retry does not cure (e.g. installing the app for someone Teams will not serve).
     */
    status: z.union([z.literal(403), z.literal(404), z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    /** Seconds in `Retry-After` for 429 and 503. */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** Milliseconds to wait before answering (a slow Graph), with or without a status. */
    delayMs: z.number().int().min(0).max(120_000).optional(),
    /** Probability that a matching request is hit, from 0 to 1. */
    rate: z.number().min(0).max(1).default(1),
    /** Hit only this many matching requests, then retire the rule. */
    count: z.number().int().positive().optional(),
  })
  .refine((r) => r.status !== undefined || r.delayMs !== undefined, {
    message: "A fault rule needs a status (403, 404, 429, 500, 502, 503 or 504), a delayMs, or both.",
  });

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** A sliding-window request ceiling per app, like Graph's service throttling. */
export const throttleSchema = z.object({
  limit: z.number().int().positive(),
  windowSeconds: z.number().positive(),
  retryAfterSeconds: z.number().int().min(0).optional(),
});
export type ThrottleSetting = z.infer<typeof throttleSchema>;

export interface FaultDecision {
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
}

interface ActiveRule extends FaultRule {
  regex: RegExp | null;
  hits: number;
}

/**
 * Chooses which Graph requests fail or slow down: injected rules by rate, path or count, and an
 * optional per-app throttle. Deterministic rules (`count`, `rate: 1`) make fault tests repeatable.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private throttle: ThrottleSetting | null = null;
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly random: () => number = Math.random) {}

  add(rules: FaultRule[]): void {
    for (const rule of rules) this.rules.push({ ...rule, regex: rule.match ? new RegExp(rule.match, "i") : null, hits: 0 });
  }

  setThrottle(setting: ThrottleSetting | null): void {
    this.throttle = setting;
    this.windows.clear();
  }

  clear(): void {
    this.rules = [];
    this.throttle = null;
    this.windows.clear();
  }

  describe(): { rules: (FaultRule & { hits: number })[]; throttle: ThrottleSetting | null } {
    return { rules: this.rules.map(({ regex: _regex, ...rule }) => rule), throttle: this.throttle };
  }

  /** What to do with a request (`GET /v1.0/users?$top=5`) from `callerKey`, at wall-clock `nowMs`. */
  decide(requestLine: string, callerKey: string, nowMs: number): FaultDecision | null {
    for (const rule of this.rules) {
      if (rule.regex && !rule.regex.test(requestLine)) continue;
      if (rule.count !== undefined && rule.hits >= rule.count) continue;
      if (rule.rate < 1 && this.random() >= rule.rate) continue;
      rule.hits++;
      return {
        status: rule.status,
        retryAfterSeconds: rule.retryAfterSeconds ?? (rule.status === 429 || rule.status === 503 ? 1 : undefined),
        delayMs: rule.delayMs,
      };
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.hits < r.count);
    return this.throttled(callerKey, nowMs);
  }

  private throttled(callerKey: string, nowMs: number): FaultDecision | null {
    if (!this.throttle) return null;
    const windowMs = this.throttle.windowSeconds * 1000;
    const times = (this.windows.get(callerKey) ?? []).filter((t) => t > nowMs - windowMs);
    if (times.length >= this.throttle.limit) {
      this.windows.set(callerKey, times);
      const wait = Math.ceil((times[0]! + windowMs - nowMs) / 1000);
      return { status: 429, retryAfterSeconds: this.throttle.retryAfterSeconds ?? Math.max(1, wait) };
    }
    times.push(nowMs);
    this.windows.set(callerKey, times);
    return null;
  }
}
