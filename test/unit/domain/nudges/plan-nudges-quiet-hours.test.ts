import { describe, expect, it } from "vitest";
import { isQuietAt } from "../../../../src/domain/nudges/is-quiet-at.js";
import type { NudgeRecipient } from "../../../../src/domain/nudges/nudge-recipient.js";
import type { NudgeSubject } from "../../../../src/domain/nudges/nudge-subject.js";
import { approval, at, DAY, expiry, HOUR, MINUTE, people, person, pimApproval, review, simulate, type Sent } from "./nudge-fixtures.js";

const STEP = 30 * MINUTE;

const RECIPIENTS: NudgeRecipient[] = [
  person("tokyo", "Asia/Tokyo"),
  person("la", "America/Los_Angeles"),
  person("berlin", "Europe/Berlin"),
  person("kolkata", "Asia/Kolkata"),
  person("sydney", "Australia/Sydney"),
  person("owl", "Europe/London", { prefs: { quietHours: { start: "22:00", end: "07:00" }, quietWeekends: false } }),
  person("dubai", "Asia/Dubai", { prefs: { weekendDays: [5, 6] } }),
];
const IDS = RECIPIENTS.map((r) => r.userId);

/** A mix of every kind, one starting every 13 hours, for everyone. */
function subjectsFrom(from: Date, to: Date): NudgeSubject[] {
  const subjects: NudgeSubject[] = [];
  for (let t = from.getTime(), i = 0; t < to.getTime(); t += 13 * HOUR, i++) {
    const start = new Date(t);
    const approvers = IDS.map((userId) => ({ userId, source: "primary" as const }));
    for (const length of [3 * HOUR, DAY, 3 * DAY]) {
      subjects.push(approval({ requestId: `a${i}-${length}`, startedAt: start, autoDenyAt: new Date(t + length), approvers }));
    }
    const reviewers = IDS.map((reviewerId) => ({ reviewerId, pendingCount: 1 }));
    subjects.push(review({ instanceId: `r${i}`, startAt: start, endAt: new Date(t + 4 * DAY), reviewers }));
    subjects.push(pimApproval({ requestId: `p${i}`, createdAt: start, approverIds: IDS }));
    for (const userId of IDS) {
      subjects.push(expiry(start, i % 2 === 0 ? 2 * HOUR : 8 * HOUR, { assignmentId: `e${i}-${userId}`, requesterId: userId }));
      const outcome = { status: "granted", at: start } as const;
      subjects.push({ kind: "pimActivation", requestId: `g${i}-${userId}`, principalId: userId, outcome, endsAt: new Date(t + 6 * HOUR) });
    }
  }
  return subjects;
}

/** What the reconcile would hand the planner at `now`: subjects that have begun and are not over. */
function liveAt(all: readonly NudgeSubject[], now: Date): NudgeSubject[] {
  const t = now.getTime();
  return all.filter((s) => {
    switch (s.kind) {
      case "approvalStage":
        return s.startedAt.getTime() <= t && t < s.autoDenyAt.getTime();
      case "reviewInstance":
        return s.startAt.getTime() <= t && t < s.endAt.getTime();
      case "pimApproval":
        return s.createdAt.getTime() <= t && t < s.createdAt.getTime() + DAY;
      case "assignmentExpiry":
        return s.start.getTime() <= t && t < s.end.getTime();
      case "pimActivation":
        return s.outcome !== null && s.outcome.at.getTime() <= t && (s.endsAt === null || t < s.endsAt.getTime());
      case "ownerDigest":
        return true;
    }
  });
}

function run(from: Date, to: Date): Sent[] {
  const all = subjectsFrom(from, to);
  return simulate({ subjects: (now) => liveAt(all, now), recipients: people(...RECIPIENTS), from, to, stepMs: STEP });
}

/** Every way a run could fail people, as sentences; a respectful run gives none. */
function findViolations(sent: readonly Sent[]): string[] {
  const byId = new Map(RECIPIENTS.map((r) => [r.userId, r]));
  const seen = new Set<string>();
  const violations: string[] = [];
  for (const nudge of sent) {
    const recipient = byId.get(nudge.recipientId)!;
    const sentAt = nudge.sentAt.getTime();
    const fail = (why: string) => violations.push(`${nudge.key} at ${nudge.sentAt.toISOString()}: ${why}`);
    if (isQuietAt(recipient, nudge.sentAt)) fail("sent in quiet time");
    if (isQuietAt(recipient, nudge.notBefore)) fail("planned in quiet time");
    if (nudge.deadline !== null && sentAt >= nudge.deadline.getTime()) fail("sent after its deadline");
    // Sent on the first pass after it became due: at the planned time, not later, never before.
    if (sentAt < nudge.notBefore.getTime() || sentAt - nudge.notBefore.getTime() >= STEP) fail(`planned for ${nudge.notBefore.toISOString()}`);
    // Never twice: one nudge per recipient, subject and window, and one per recipient and subject per pass.
    if (seen.has(nudge.key)) fail("sent twice");
    const pass = `${nudge.recipientId}|${nudge.subjectId}|${sentAt}`;
    if (seen.has(pass)) fail("two windows of one subject in one pass");
    seen.add(nudge.key).add(pass);
  }
  return violations;
}

describe("planNudges: quiet hours across zones and daylight saving time", () => {
  it("never nudges in quiet time, after a deadline, late or twice, across the US spring change", () => {
    const sent = run(at("2025-03-06T00:00"), at("2025-03-12T00:00"));
    expect(findViolations(sent)).toEqual([]);
    // The run exercises every rule: deferred to the morning, moved before the evening, and on time.
    expect(sent.some((n) => n.notBefore > n.checkpointAt)).toBe(true);
    expect(sent.some((n) => n.notBefore < n.checkpointAt)).toBe(true);
    expect(sent.some((n) => n.notBefore.getTime() === n.checkpointAt.getTime())).toBe(true);
    expect(new Set(sent.map((n) => n.recipientId))).toEqual(new Set(IDS));
  });

  it("never nudges in quiet time, after a deadline, late or twice, across the European spring and Australian autumn changes", () => {
    expect(findViolations(run(at("2025-03-28T00:00"), at("2025-04-07T00:00")))).toEqual([]);
  });

  it("never nudges in quiet time, after a deadline, late or twice, across the autumn changes", () => {
    expect(findViolations(run(at("2025-10-24T00:00"), at("2025-11-04T00:00")))).toEqual([]);
  });
});
