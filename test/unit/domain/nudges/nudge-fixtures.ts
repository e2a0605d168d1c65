import { DateTime } from "luxon";
import { DEFAULT_NUDGE_PREFERENCES, type NudgePreferences } from "../../../../src/domain/nudges/nudge-preferences.js";
import type { NudgeRecipient } from "../../../../src/domain/nudges/nudge-recipient.js";
import type {
  ApprovalStageSubject,
  AssignmentExpirySubject,
  NudgeSubject,
  PimApprovalSubject,
  ReviewInstanceSubject,
} from "../../../../src/domain/nudges/nudge-subject.js";
import { planNudges, type PlanNudgesOptions } from "../../../../src/domain/nudges/plan-nudges.js";
import type { PlannedNudge } from "../../../../src/domain/nudges/planned-nudge.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Preferences with no quiet time at all, to see a cadence's raw times. */
export const ALWAYS_ON: NudgePreferences = { ...DEFAULT_NUDGE_PREFERENCES, quietHours: null, quietWeekends: false };

export function person(
  userId: string,
  timeZone = "UTC",
  overrides: Partial<NudgeRecipient> & { prefs?: Partial<NudgePreferences> } = {},
): NudgeRecipient {
  const { prefs, ...rest } = overrides;
  return { userId, timeZone, isOutOfOffice: false, preferences: { ...DEFAULT_NUDGE_PREFERENCES, ...prefs }, ...rest };
}

export function people(...recipients: NudgeRecipient[]): Map<string, NudgeRecipient> {
  return new Map(recipients.map((r) => [r.userId, r]));
}

/** An instant written as a wall-clock time in a zone: at("2025-03-04T09:00", "Asia/Tokyo"). */
export function at(local: string, zone = "UTC"): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local} in ${zone}`);
  return dt.toJSDate();
}

/** How an instant reads in a zone: "Tue 2025-03-04 09:00". */
export function wall(instant: Date, zone = "UTC"): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("ccc yyyy-MM-dd HH:mm");
}

export function approval(overrides: Partial<ApprovalStageSubject> = {}): ApprovalStageSubject {
  const startedAt = overrides.startedAt ?? at("2025-03-03T09:00");
  return {
    kind: "approvalStage",
    requestId: "req-1",
    stageIndex: 0,
    startedAt,
    autoDenyAt: new Date(startedAt.getTime() + 3 * DAY),
    escalationAt: null,
    escalated: false,
    approvers: [{ userId: "megan", source: "primary" }],
    fallbackApproverIds: [],
    ...overrides,
  };
}

export function review(overrides: Partial<ReviewInstanceSubject> = {}): ReviewInstanceSubject {
  const startAt = overrides.startAt ?? at("2025-03-03T09:00");
  return {
    kind: "reviewInstance",
    instanceId: "inst-1",
    definitionName: "ChatGPT Enterprise Users",
    startAt,
    endAt: new Date(startAt.getTime() + 14 * DAY),
    reviewers: [{ reviewerId: "megan", pendingCount: 3 }],
    ownerIds: [],
    fallbackReviewerIds: [],
    ...overrides,
  };
}

export function pimApproval(overrides: Partial<PimApprovalSubject> = {}): PimApprovalSubject {
  return { kind: "pimApproval", requestId: "pim-1", createdAt: at("2025-03-03T09:00"), approverIds: ["lee"], ...overrides };
}

export function expiry(start: Date, lengthMs: number, overrides: Partial<AssignmentExpirySubject> = {}): AssignmentExpirySubject {
  return {
    kind: "assignmentExpiry",
    assignmentId: "asg-1",
    requesterId: "alex",
    start,
    end: new Date(start.getTime() + lengthMs),
    canExtend: true,
    ...overrides,
  };
}

/** A nudge as sent by {@link simulate}. */
export interface Sent extends PlannedNudge {
  readonly sentAt: Date;
}

/**
 * Runs the planner every `stepMs` (15 minutes unless told) from `from` to `to` as the nudge loop would, sending everything planned
 * at once and recording it in the ledger.
 */
export function simulate(args: {
  subjects: readonly NudgeSubject[] | ((now: Date) => readonly NudgeSubject[]);
  recipients: ReadonlyMap<string, NudgeRecipient>;
  from: Date;
  to: Date;
  stepMs?: number;
  options?: PlanNudgesOptions;
  ledger?: Set<string>;
}): Sent[] {
  const ledger = args.ledger ?? new Set<string>();
  const sent: Sent[] = [];
  for (let t = args.from.getTime(); t <= args.to.getTime(); t += args.stepMs ?? 15 * MINUTE) {
    const now = new Date(t);
    const subjects = typeof args.subjects === "function" ? args.subjects(now) : args.subjects;
    for (const nudge of planNudges(subjects, args.recipients, ledger, now, args.options)) {
      ledger.add(nudge.key);
      sent.push({ ...nudge, sentAt: now });
    }
  }
  return sent;
}

/** "window @ wall time" of each send, for readable expectations. */
export function timeline(sent: readonly Sent[], zone = "UTC"): string[] {
  return sent.map((s) => `${s.window} @ ${wall(s.sentAt, zone)}`);
}
