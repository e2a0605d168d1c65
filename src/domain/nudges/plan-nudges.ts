import { listNudgeCheckpoints } from "./list-nudge-checkpoints.js";
import { DEFAULT_LEAD_BEFORE_QUIET_MS, nextAllowedInstant } from "./next-allowed-instant.js";
import type { NudgeCheckpoint } from "./nudge-checkpoint.js";
import { nudgeKey } from "./nudge-key.js";
import type { NudgeLedger } from "./nudge-ledger.js";
import type { ClockTime } from "./nudge-preferences.js";
import { defaultNudgeRecipient, type NudgeRecipient } from "./nudge-recipient.js";
import { nudgeSubjectId } from "./nudge-subject-id.js";
import type { NudgeKind, NudgeSubject } from "./nudge-subject.js";
import type { PlannedNudge } from "./planned-nudge.js";
import { isQuietUnder, quietRuleOf } from "./quiet-rule.js";
import { nextQuietStart } from "./quiet-stretch.js";
import { resolveNudgeAudience, type NudgeAudienceMember } from "./resolve-nudge-audience.js";

/** Tuning for {@link planNudges}; every field has a default. */
export interface PlanNudgesOptions {
  /** How long before quiet time a nudge moved earlier goes out. Default 30 minutes. */
  readonly leadBeforeQuietMs?: number;
  /** The start of the working day in each recipient's zone: a review's last morning, owner digests. Default "09:00". */
  readonly morning?: ClockTime;
  /**
   * Holds back non-urgent nudges to someone nudged less than this long ago (needs
   * `ledger.lastNudgedAt`), so they arrive together in the next digest. Default 0: off.
   */
  readonly recipientCooldownMs?: number;
}

/**
 * The nudges due now, at most one per recipient and subject. For each subject and each person who should
 * hear about it (out-of-office people's shares going to stand-ins), it takes the latest checkpoint of the
 * subject's cadence that is due, after quiet hours moved it in the recipient's own zone. Earlier windows
 * missed while the bot was down are not caught up, and a key already in the ledger is never planned
 * again. Nobody is planned for while in quiet time, snoozed, or muted for the kind.
 *
 * Pure: people, history and time come in as arguments; run it on every pass, on any number of bot
 * instances, and claim each key before sending.
 */
export function planNudges(
  subjects: Iterable<NudgeSubject>,
  recipients: ReadonlyMap<string, NudgeRecipient>,
  ledger: NudgeLedger,
  now: Date,
  options: PlanNudgesOptions = {},
): PlannedNudge[] {
  const people = new PeopleNow(recipients, now);
  const planned: PlannedNudge[] = [];
  for (const subject of subjects) {
    const subjectId = nudgeSubjectId(subject);
    // The due checkpoint depends only on the recipient's zone and quiet time, which thousands of
    // reviewers of one instance share: work it out once per kind of clock.
    const dueByClock = new Map<string, DueCheckpoint | null>();
    for (const member of resolveNudgeAudience(subject, people.lookup)) {
      const recipient = people.lookup(member.recipientId);
      if (!people.mayHear(recipient, subject.kind, subjectId)) continue;
      const clock = people.clockSignature(recipient);
      let checkpoint = dueByClock.get(clock);
      if (checkpoint === undefined) dueByClock.set(clock, (checkpoint = latestDueCheckpoint(subject, recipient, now, options)));
      if (checkpoint === null) continue;
      const key = nudgeKey(subject.kind, subjectId, recipient.userId, checkpoint.window);
      if (ledger.has(key) || isCoolingDown(ledger, recipient.userId, checkpoint, now, options)) continue;
      planned.push(toPlannedNudge(key, subject, subjectId, member, checkpoint, people.nextQuietStart(recipient)));
    }
  }
  return planned.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function toPlannedNudge(
  key: string,
  subject: NudgeSubject,
  subjectId: string,
  member: NudgeAudienceMember,
  checkpoint: DueCheckpoint,
  quietFrom: number | null,
): PlannedNudge {
  const bounds = [checkpoint.deadline?.getTime() ?? null, quietFrom].filter((ms): ms is number => ms !== null);
  return {
    key,
    recipientId: member.recipientId,
    kind: subject.kind,
    subjectId,
    subject,
    window: checkpoint.window,
    urgency: checkpoint.urgency,
    checkpointAt: checkpoint.at,
    notBefore: checkpoint.notBefore,
    sendBefore: bounds.length === 0 ? null : new Date(Math.min(...bounds)),
    deadline: checkpoint.deadline,
    ...(member.reroutedFrom.length > 0 ? { reroutedFrom: member.reroutedFrom } : {}),
  };
}

/** A checkpoint and the instant quiet hours let it go out. */
type DueCheckpoint = NudgeCheckpoint & { readonly notBefore: Date };

/**
 * The last checkpoint, in cadence order, whose allowed instant has come: a later window supersedes an
 * earlier one even when quiet hours moved the later one ahead of it.
 */
function latestDueCheckpoint(subject: NudgeSubject, recipient: NudgeRecipient, now: Date, options: PlanNudgesOptions): DueCheckpoint | null {
  const checkpoints = listNudgeCheckpoints(subject, { timeZone: recipient.timeZone, morning: options.morning ?? "09:00", now });
  for (let i = checkpoints.length - 1; i >= 0; i--) {
    const checkpoint = checkpoints[i] as NudgeCheckpoint;
    if (checkpoint.deadline !== null && now >= checkpoint.deadline) continue;
    const notBefore = nextAllowedInstant(recipient, checkpoint.at, {
      deadline: checkpoint.deadline,
      earliest: checkpoint.earliest,
      leadBeforeQuietMs: options.leadBeforeQuietMs ?? DEFAULT_LEAD_BEFORE_QUIET_MS,
    });
    if (notBefore !== null && notBefore <= now) return { ...checkpoint, notBefore };
  }
  return null;
}

function isCoolingDown(ledger: NudgeLedger, recipientId: string, checkpoint: NudgeCheckpoint, now: Date, options: PlanNudgesOptions): boolean {
  const cooldown = options.recipientCooldownMs ?? 0;
  if (cooldown <= 0 || checkpoint.urgency === "urgent") return false;
  const last = ledger.lastNudgedAt?.(recipientId);
  return last !== undefined && now.getTime() - last.getTime() < cooldown;
}

/** Per-pass facts about people, each worked out once per person or per kind of clock. */
class PeopleNow {
  private readonly quietNow = new Map<string, boolean>();
  private readonly quietFrom = new Map<string, number | null>();
  private readonly defaults = new Map<string, NudgeRecipient>();

  constructor(
    private readonly recipients: ReadonlyMap<string, NudgeRecipient>,
    private readonly now: Date,
  ) {}

  readonly lookup = (userId: string): NudgeRecipient => {
    const known = this.recipients.get(userId);
    if (known !== undefined) return known;
    let assumed = this.defaults.get(userId);
    if (assumed === undefined) this.defaults.set(userId, (assumed = defaultNudgeRecipient(userId)));
    return assumed;
  };

  /** Whether the person may hear about this subject now: in, not snoozed, not muted, not in quiet time. */
  mayHear(recipient: NudgeRecipient, kind: NudgeKind, subjectId: string): boolean {
    const { preferences } = recipient;
    if (recipient.isOutOfOffice || preferences.mutedKinds.includes(kind)) return false;
    if (preferences.snoozeUntil !== null && this.now < preferences.snoozeUntil) return false;
    const subjectSnooze = preferences.subjectSnoozes[subjectId];
    if (subjectSnooze !== undefined && this.now < subjectSnooze) return false;
    return !this.isQuietNow(recipient);
  }

  /** When the person's next quiet time begins, the latest a nudge planned now may go out. */
  nextQuietStart(recipient: NudgeRecipient): number | null {
    const clock = this.clockSignature(recipient);
    let from = this.quietFrom.get(clock);
    if (from === undefined) {
      from = nextQuietStart(quietRuleOf(recipient), this.now.getTime());
      this.quietFrom.set(clock, from);
    }
    return from;
  }

  /** Everything about the person that decides when a checkpoint may go out to them, as a string. */
  clockSignature(recipient: NudgeRecipient): string {
    return quietRuleOf(recipient).signature;
  }

  private isQuietNow(recipient: NudgeRecipient): boolean {
    const clock = this.clockSignature(recipient);
    let quiet = this.quietNow.get(clock);
    if (quiet === undefined) {
      quiet = isQuietUnder(quietRuleOf(recipient), this.now.getTime());
      this.quietNow.set(clock, quiet);
    }
    return quiet;
  }
}
