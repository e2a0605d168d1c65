import type { NudgeKind, NudgeSubject } from "./nudge-subject.js";

/** Fixed cadence windows; owner digests use one window per period (`daily-2025-03-04`, `weekly-2025-W10`). */
export type CadenceWindow =
  | "posted"
  | "halfway"
  | "dayBefore"
  | "twoHoursBefore"
  | "escalated"
  | "started"
  | "twoDaysBefore"
  | "lastMorning"
  | "twelveHoursLeft"
  | "twoHoursLeft"
  | "granted"
  | "denied"
  | "endingSoon"
  | "expiryWarning";

/** Which checkpoint of a subject's cadence a nudge stands for; part of its key. */
export type NudgeWindow = CadenceWindow | `daily-${string}` | `weekly-${string}`;

/** How pressing a nudge is, for the card's styling and the sender's order. */
export type NudgeUrgency = "routine" | "soon" | "urgent";

/** Someone whose nudge went to the recipient instead, and why; the card says so. */
export interface ReroutedFrom {
  readonly userId: string;
  readonly reason: "outOfOffice";
}

/** One nudge due now: claim `key`, send, mark sent. */
export interface PlannedNudge {
  /** `nudge:<kind>:<subjectId>:<recipientId>:<window>`; the same on every pass and every bot instance. */
  readonly key: string;
  readonly recipientId: string;
  readonly kind: NudgeKind;
  readonly subjectId: string;
  /** The facts the nudge was planned from, for the card. */
  readonly subject: NudgeSubject;
  readonly window: NudgeWindow;
  readonly urgency: NudgeUrgency;
  /** The checkpoint as the cadence puts it, before quiet hours moved it. */
  readonly checkpointAt: Date;
  /** When it became due: the checkpoint, or the allowed instant quiet hours moved it to. */
  readonly notBefore: Date;
  /**
   * Do not send at or after this instant (the recipient's next quiet hours, or the deadline): a pass that
   * runs late leaves the nudge to a later plan instead of waking someone. Null when nothing bounds it.
   */
  readonly sendBefore: Date | null;
  /** When the subject's clock runs out (automatic denial, review end, expiry); null for none. */
  readonly deadline: Date | null;
  /** Present when the recipient is told in place of out-of-office people. */
  readonly reroutedFrom?: readonly ReroutedFrom[];
}
