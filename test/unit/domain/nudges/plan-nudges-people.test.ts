import { describe, expect, it } from "vitest";
import type { NudgeLedger } from "../../../../src/domain/nudges/nudge-ledger.js";
import type { NudgeRecipient } from "../../../../src/domain/nudges/nudge-recipient.js";
import { planNudges } from "../../../../src/domain/nudges/plan-nudges.js";
import { ALWAYS_ON, approval, at, expiry, HOUR, people, person, pimApproval, review } from "./nudge-fixtures.js";

const NOON_MONDAY = at("2025-03-03T12:00");
type Subjects = Parameters<typeof planNudges>[0];

/** Who gets which window, and for whom they stand in. */
function plan(subjects: Subjects, recipients: ReadonlyMap<string, NudgeRecipient>, now = NOON_MONDAY, ledger: NudgeLedger = new Set()) {
  return planNudges(subjects, recipients, ledger, now).map((n) => ({
    to: n.recipientId,
    window: n.window,
    reroutedFrom: n.reroutedFrom?.map((r) => r.userId),
  }));
}

describe("planNudges: out of office", () => {
  // Daniel's ChatGPT request: his manager Christie is on leave, and the stage escalated to Lynne.
  const daniel = approval({
    requestId: "daniel",
    escalationAt: at("2025-03-03T11:00"),
    escalated: true,
    approvers: [
      { userId: "christie", source: "primary" },
      { userId: "lynne", source: "escalation" },
    ],
    fallbackApproverIds: ["patti"],
  });
  const christieAway = person("christie", "UTC", { isOutOfOffice: true });

  it("tells the escalation approver instead of the away approver, saying whose share it is, and spares the fallback", () => {
    expect(plan([daniel], people(christieAway, person("lynne"), person("patti")))).toEqual([
      { to: "lynne", window: "escalated", reroutedFrom: ["christie"] },
    ]);
  });

  it("turns to the fallback approvers when no escalation approver is in", () => {
    const recipients = people(christieAway, person("lynne", "UTC", { isOutOfOffice: true }), person("patti"));
    expect(plan([daniel], recipients)).toEqual([{ to: "patti", window: "escalated", reroutedFrom: ["christie"] }]);
  });

  it("tells fallback approvers of a stage that has not escalated yet", () => {
    const notEscalated = approval({ approvers: [{ userId: "christie", source: "primary" }], fallbackApproverIds: ["patti", "christie"] });
    expect(plan([notEscalated], people(christieAway, person("patti")))).toEqual([{ to: "patti", window: "posted", reroutedFrom: ["christie"] }]);
  });

  it("does not reroute while another first-line approver is in", () => {
    const owners = approval({
      approvers: [
        { userId: "alex", source: "primary" },
        { userId: "lee", source: "primary" },
      ],
      fallbackApproverIds: ["miriam"],
    });
    const recipients = people(person("alex"), person("lee", "UTC", { isOutOfOffice: true }), person("miriam"));
    expect(plan([owners], recipients)).toEqual([{ to: "alex", window: "posted", reroutedFrom: undefined }]);
  });

  it("tells nobody when everyone who could stand in is away too", () => {
    const recipients = people(christieAway, person("lynne", "UTC", { isOutOfOffice: true }), person("patti", "UTC", { isOutOfOffice: true }));
    expect(plan([daniel], recipients)).toEqual([]);
  });

  it("sends an away reviewer's share to a fallback reviewer, merged into their own digest for the instance", () => {
    const chatgpt = review({
      reviewers: [
        { reviewerId: "christie", pendingCount: 2 },
        { reviewerId: "patti", pendingCount: 1 },
        { reviewerId: "lynne", pendingCount: 1 },
      ],
      fallbackReviewerIds: ["patti"],
      ownerIds: ["miriam"],
    });
    expect(plan([chatgpt], people(christieAway, person("patti"), person("lynne"), person("miriam")))).toEqual([
      { to: "lynne", window: "started", reroutedFrom: undefined },
      { to: "patti", window: "started", reroutedFrom: ["christie"] },
    ]);
  });

  it("sends an away reviewer's share to the review's owners when no fallback reviewer is in", () => {
    const chatgpt = review({ reviewers: [{ reviewerId: "christie", pendingCount: 2 }], fallbackReviewerIds: ["patti"], ownerIds: ["miriam"] });
    const recipients = people(christieAway, person("patti", "UTC", { isOutOfOffice: true }), person("miriam"));
    expect(plan([chatgpt], recipients)).toEqual([{ to: "miriam", window: "started", reroutedFrom: ["christie"] }]);
  });

  it("sends nothing to an away requester or PIM approver", () => {
    const away = person("alex", "UTC", { isOutOfOffice: true });
    expect(plan([expiry(at("2025-03-03T10:00"), 2 * HOUR)], people(away))).toEqual([]);
    expect(plan([pimApproval({ approverIds: ["alex"] })], people(away))).toEqual([]);
  });
});

describe("planNudges: preferences", () => {
  it("sends nothing while someone is snoozed, then the latest window once the snooze ends", () => {
    const subject = approval({ autoDenyAt: at("2025-03-06T09:00") });
    const snoozed = people(person("megan", "UTC", { prefs: { ...ALWAYS_ON, snoozeUntil: at("2025-03-05T12:00") } }));
    expect(plan([subject], snoozed, at("2025-03-04T22:00"))).toEqual([]);
    expect(plan([subject], snoozed, at("2025-03-05T12:00"))).toEqual([{ to: "megan", window: "dayBefore", reroutedFrom: undefined }]);
  });

  it("snoozes one subject without silencing the others", () => {
    const first = approval({ requestId: "first" });
    const second = approval({ requestId: "second" });
    const recipients = people(person("megan", "UTC", { prefs: { subjectSnoozes: { "first/0": at("2025-03-04T00:00") } } }));
    expect(planNudges([first, second], recipients, new Set(), NOON_MONDAY).map((n) => n.subjectId)).toEqual(["second/0"]);
  });

  it("sends nothing of a muted kind", () => {
    const recipients = people(person("lee", "UTC", { prefs: { mutedKinds: ["pimApproval"] } }));
    expect(plan([pimApproval(), approval({ approvers: [{ userId: "lee", source: "primary" }] })], recipients)).toEqual([
      { to: "lee", window: "posted", reroutedFrom: undefined },
    ]);
    expect(planNudges([pimApproval()], recipients, new Set(), NOON_MONDAY)).toEqual([]);
  });

  it("plans nothing for someone in quiet time now, even when a window is due", () => {
    const subject = approval({ startedAt: at("2025-03-03T10:00", "Asia/Tokyo") });
    expect(plan([subject], people(person("megan", "Asia/Tokyo")), at("2025-03-03T21:00", "Asia/Tokyo"))).toEqual([]);
  });

  it("treats someone it was told nothing about as in the office, in UTC, with default quiet hours", () => {
    expect(plan([approval()], new Map())).toEqual([{ to: "megan", window: "posted", reroutedFrom: undefined }]);
    expect(plan([approval()], new Map(), at("2025-03-03T21:00"))).toEqual([]);
  });

  it("holds back non-urgent nudges to someone nudged a moment ago when a cooldown is set, never urgent ones", () => {
    const ledger: NudgeLedger = { has: () => false, lastNudgedAt: () => at("2025-03-03T11:50") };
    const recipients = people(person("megan"));
    const cooled = (subjects: Subjects) => planNudges(subjects, recipients, ledger, NOON_MONDAY, { recipientCooldownMs: HOUR });
    expect(cooled([approval()])).toEqual([]);
    const urgent = approval({ startedAt: at("2025-03-03T09:00"), autoDenyAt: at("2025-03-03T13:30") });
    expect(cooled([urgent]).map((n) => n.window)).toEqual(["twoHoursBefore"]);
    expect(planNudges([approval()], recipients, ledger, NOON_MONDAY).map((n) => n.window)).toEqual(["posted"]);
  });
});

describe("planNudges: keys and history", () => {
  const subject = approval(); // Monday 09:00Z to Thursday 09:00Z
  const megan = people(person("megan", "UTC", { prefs: ALWAYS_ON }));

  it("gives each nudge a readable key of kind, subject, recipient and window", () => {
    const [nudge] = planNudges([subject], megan, new Set(), NOON_MONDAY);
    expect(nudge?.key).toBe("nudge:approvalStage:req-1/0:megan:posted");
  });

  it("gives the same keys on every pass and for facts read afresh", () => {
    const again = approval({ startedAt: new Date(subject.startedAt), autoDenyAt: new Date(subject.autoDenyAt) });
    const a = planNudges([subject], megan, new Set(), at("2025-03-03T09:00")).map((n) => n.key);
    const b = planNudges([again], megan, new Set(), at("2025-03-04T20:59")).map((n) => n.key);
    expect(a).toEqual(b);
    const halfway = planNudges([again], megan, new Set(), at("2025-03-04T21:00")).map((n) => n.key);
    expect(halfway).toEqual(["nudge:approvalStage:req-1/0:megan:halfway"]);
  });

  it("never plans a key that is in the ledger, and does not fall back to an earlier window", () => {
    const ledger = new Set(["nudge:approvalStage:req-1/0:megan:halfway"]);
    expect(planNudges([subject], megan, ledger, at("2025-03-05T08:00"))).toEqual([]);
  });

  it("after downtime, sends only the latest window that passed, not the ones missed", () => {
    expect(planNudges([subject], megan, new Set(), at("2025-03-05T10:00")).map((n) => n.window)).toEqual(["dayBefore"]);
  });

  it("gives a new expiry warning when an extension moves the end", () => {
    const start = at("2025-03-03T10:00");
    const alex = people(person("alex", "UTC", { prefs: ALWAYS_ON }));
    const before = planNudges([expiry(start, 2 * HOUR)], alex, new Set(), at("2025-03-03T11:50"));
    const extended = planNudges([expiry(start, 4 * HOUR)], alex, new Set(before.map((n) => n.key)), at("2025-03-03T13:50"));
    expect(before.map((n) => n.key)).toEqual(["nudge:assignmentExpiry:asg-1/20250303T120000Z:alex:expiryWarning"]);
    expect(extended.map((n) => n.key)).toEqual(["nudge:assignmentExpiry:asg-1/20250303T140000Z:alex:expiryWarning"]);
  });

  it("bounds sending by the deadline and the recipient's next quiet time", () => {
    // Two hours before is 07:00, still night: it goes at 08:00, and must be out before the 09:00 denial.
    const [nudge] = planNudges([subject], people(person("megan")), new Set(), at("2025-03-06T08:30"));
    expect(nudge).toMatchObject({
      window: "twoHoursBefore",
      urgency: "urgent",
      checkpointAt: at("2025-03-06T07:00"),
      notBefore: at("2025-03-06T08:00"),
      deadline: subject.autoDenyAt,
      sendBefore: subject.autoDenyAt,
    });
    const [evening] = planNudges([subject], people(person("megan")), new Set(), at("2025-03-03T12:00"));
    expect(evening?.sendBefore).toEqual(at("2025-03-03T20:00"));
    expect(evening?.checkpointAt).toEqual(subject.startedAt);
    expect(evening?.notBefore).toEqual(subject.startedAt);
    expect(evening?.subject).toBe(subject);
  });

  it("orders what it plans by when it became due", () => {
    const older = approval({ requestId: "older", startedAt: at("2025-03-01T09:00"), autoDenyAt: at("2025-03-01T09:00") });
    const earlier = approval({ requestId: "a", startedAt: at("2025-03-03T08:00") });
    const planned = planNudges([approval({ requestId: "b" }), earlier, older], megan, new Set(), NOON_MONDAY);
    expect(planned.map((n) => n.subjectId)).toEqual(["a/0", "b/0"]);
  });
});
