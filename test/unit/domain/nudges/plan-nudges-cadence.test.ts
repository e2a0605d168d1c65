import { describe, expect, it } from "vitest";
import type { ApprovalStageSubject, PimActivationSubject } from "../../../../src/domain/nudges/nudge-subject.js";
import { planNudges } from "../../../../src/domain/nudges/plan-nudges.js";
import { ALWAYS_ON, approval, at, DAY, expiry, HOUR, people, person, pimApproval, review, simulate, timeline } from "./nudge-fixtures.js";

const TOKYO = "Asia/Tokyo";
const LA = "America/Los_Angeles";
const BERLIN = "Europe/Berlin";

const MEGAN_PRIMARY = { userId: "megan", source: "primary" } as const;

describe("planNudges: approval stages", () => {
  const subject = approval(); // Monday 09:00Z, denied automatically Thursday 09:00Z
  const run = (zone: string, prefs = {}) =>
    timeline(
      simulate({
        subjects: [subject],
        recipients: people(person("megan", zone, { prefs })),
        from: at("2025-03-03T00:00"),
        to: at("2025-03-06T12:00"),
      }),
      zone,
    );

  it("nudges at posting, halfway, a day before and two hours before the automatic denial", () => {
    expect(run("UTC", ALWAYS_ON)).toEqual([
      "posted @ Mon 2025-03-03 09:00",
      "halfway @ Tue 2025-03-04 21:00",
      "dayBefore @ Wed 2025-03-05 09:00",
      "twoHoursBefore @ Thu 2025-03-06 07:00",
    ]);
  });

  it("waits for the morning in Tokyo when halfway falls at night", () => {
    expect(run(TOKYO)).toEqual([
      "posted @ Mon 2025-03-03 18:00",
      "halfway @ Wed 2025-03-05 08:00",
      "dayBefore @ Wed 2025-03-05 18:00",
      "twoHoursBefore @ Thu 2025-03-06 16:00",
    ]);
  });

  it("in Los Angeles, defers night checkpoints to 08:00 and moves the last one before the evening", () => {
    expect(run(LA)).toEqual([
      "posted @ Mon 2025-03-03 08:00",
      "halfway @ Tue 2025-03-04 13:00",
      "dayBefore @ Wed 2025-03-05 08:00",
      // 23:00 is quiet and the denial comes at 01:00, before quiet hours end: the evening before instead.
      "twoHoursBefore @ Wed 2025-03-05 19:30",
    ]);
  });

  it("in Berlin, keeps each window once even when two land close together", () => {
    expect(run(BERLIN)).toEqual([
      "posted @ Mon 2025-03-03 10:00",
      "halfway @ Wed 2025-03-05 08:00",
      "dayBefore @ Wed 2025-03-05 10:00",
      "twoHoursBefore @ Thu 2025-03-06 08:00",
    ]);
  });

  it("tells every approver when the stage escalates, and the escalation approvers from then on", () => {
    const escalationAt = at("2025-03-03T13:00");
    const subjects = (now: Date): ApprovalStageSubject[] =>
      now < escalationAt
        ? [approval({ escalationAt })]
        : [approval({ escalationAt, escalated: true, approvers: [MEGAN_PRIMARY, { userId: "lynne", source: "escalation" }] })];
    const sent = simulate({
      subjects,
      recipients: people(person("megan", "UTC", { prefs: ALWAYS_ON }), person("lynne", "UTC", { prefs: ALWAYS_ON })),
      from: at("2025-03-03T00:00"),
      to: at("2025-03-06T12:00"),
    });
    expect(timeline(sent.filter((s) => s.recipientId === "megan"))).toEqual([
      "posted @ Mon 2025-03-03 09:00",
      "escalated @ Mon 2025-03-03 13:00",
      "halfway @ Tue 2025-03-04 21:00",
      "dayBefore @ Wed 2025-03-05 09:00",
      "twoHoursBefore @ Thu 2025-03-06 07:00",
    ]);
    expect(timeline(sent.filter((s) => s.recipientId === "lynne"))).toEqual([
      "escalated @ Mon 2025-03-03 13:00",
      "halfway @ Tue 2025-03-04 21:00",
      "dayBefore @ Wed 2025-03-05 09:00",
      "twoHoursBefore @ Thu 2025-03-06 07:00",
    ]);
  });

  it("plans nothing before the stage starts or once it is past its automatic denial", () => {
    const megan = people(person("megan", "UTC", { prefs: ALWAYS_ON }));
    expect(planNudges([subject], megan, new Set(), at("2025-03-03T08:59"))).toEqual([]);
    expect(planNudges([subject], megan, new Set(), at("2025-03-06T09:00"))).toEqual([]);
  });
});

describe("planNudges: access reviews", () => {
  const subject = review({ startAt: at("2025-03-03T09:00"), endAt: at("2025-03-14T17:00") });

  it("nudges at the start, halfway, two days and one day before, and on the last morning; weekends wait for Monday", () => {
    const recipients = people(person("megan"));
    const sent = simulate({ subjects: [subject], recipients, from: at("2025-03-03T00:00"), to: at("2025-03-14T18:00") });
    expect(timeline(sent)).toEqual([
      "started @ Mon 2025-03-03 09:00",
      "halfway @ Mon 2025-03-10 08:00", // Sunday 01:00 is the weekend
      "twoDaysBefore @ Wed 2025-03-12 17:00",
      "dayBefore @ Thu 2025-03-13 17:00",
      "lastMorning @ Fri 2025-03-14 09:00",
    ]);
  });

  it("gives a review ending on Saturday its last reminder on Friday evening", () => {
    const endsSaturday = review({ startAt: at("2025-03-03T09:00"), endAt: at("2025-03-15T12:00") });
    const recipients = people(person("megan"));
    const sent = simulate({ subjects: [endsSaturday], recipients, from: at("2025-03-12T00:00"), to: at("2025-03-15T12:00") });
    expect(timeline(sent)).toEqual([
      "halfway @ Wed 2025-03-12 08:00", // the latest window passed when the run began, once the night is over
      "twoDaysBefore @ Thu 2025-03-13 12:00",
      "dayBefore @ Fri 2025-03-14 12:00",
      "lastMorning @ Fri 2025-03-14 19:30",
    ]);
  });

  it("leaves reviewers with nothing pending alone", () => {
    const done = review({ reviewers: [{ reviewerId: "megan", pendingCount: 0 }] });
    expect(planNudges([done], people(person("megan")), new Set(), at("2025-03-03T10:00"))).toEqual([]);
  });
});

describe("planNudges: PIM", () => {
  it("nudges approvers at posting, with 12 hours left and with 2 hours left, in their own zone", () => {
    const recipients = people(person("lee", TOKYO));
    const sent = simulate({ subjects: [pimApproval()], recipients, from: at("2025-03-03T00:00"), to: at("2025-03-04T12:00") });
    expect(timeline(sent, TOKYO)).toEqual([
      "posted @ Mon 2025-03-03 18:00",
      "twelveHoursLeft @ Tue 2025-03-04 08:00", // 06:00 is quiet; the deadline is 18:00
      "twoHoursLeft @ Tue 2025-03-04 16:00",
    ]);
  });

  it("tells the requester when it is granted and ten minutes before it ends", () => {
    const subject: PimActivationSubject = {
      kind: "pimActivation",
      requestId: "pim-2",
      principalId: "sofia",
      outcome: { status: "granted", at: at("2025-03-03T10:02") },
      endsAt: at("2025-03-03T18:02"),
    };
    const recipients = people(person("sofia", "UTC", { prefs: ALWAYS_ON }));
    const sent = simulate({ subjects: [subject], recipients, from: at("2025-03-03T10:00"), to: at("2025-03-03T19:00"), stepMs: 60_000 });
    expect(timeline(sent)).toEqual(["granted @ Mon 2025-03-03 10:02", "endingSoon @ Mon 2025-03-03 17:52"]);
    expect(sent.map((s) => s.urgency)).toEqual(["routine", "urgent"]);
  });
});

describe("planNudges: expiry warnings", () => {
  const warnedAt = (lengthMs: number, zone = "UTC", prefs = ALWAYS_ON as object) => {
    const start = at("2025-03-03T10:00", zone);
    const subject = expiry(start, lengthMs);
    const sent = simulate({
      subjects: [subject],
      recipients: people(person("alex", zone, { prefs })),
      from: start,
      to: subject.end,
      stepMs: lengthMs > 2 * DAY ? 3 * HOUR : 15 * 60_000,
    });
    return timeline(sent, zone);
  };

  it("warns ~15 minutes before a 2-hour grant ends, 2 hours before an 8-hour one, a day before a week, 3 days before 90 days", () => {
    expect(warnedAt(2 * HOUR)).toEqual(["expiryWarning @ Mon 2025-03-03 11:45"]);
    expect(warnedAt(8 * HOUR)).toEqual(["expiryWarning @ Mon 2025-03-03 16:00"]);
    expect(warnedAt(7 * DAY)).toEqual(["expiryWarning @ Sun 2025-03-09 10:00"]);
    expect(warnedAt(90 * DAY)).toEqual(["expiryWarning @ Thu 2025-05-29 10:00"]);
  });

  it("warns before the evening when a short grant ends in someone's night", () => {
    const start = at("2025-03-03T18:30", LA);
    const recipients = people(person("alex", LA));
    const sent = simulate({ subjects: [expiry(start, 2 * HOUR)], recipients, from: start, to: at("2025-03-03T21:00", LA) });
    expect(timeline(sent, LA)).toEqual(["expiryWarning @ Mon 2025-03-03 19:30"]);
  });
});

describe("planNudges: owner digests", () => {
  it("sends a daily digest each working morning and none on the weekend", () => {
    const subject = { kind: "ownerDigest", ownerId: "miriam", period: "daily" } as const;
    const recipients = people(person("miriam", BERLIN));
    const sent = simulate({ subjects: [subject], recipients, from: at("2025-03-03T00:00", BERLIN), to: at("2025-03-09T23:55", BERLIN) });
    expect(sent.map((s) => `${s.window} @ ${timeline([s], BERLIN)[0]?.split(" @ ")[1]}`)).toEqual([
      "daily-2025-03-03 @ Mon 2025-03-03 09:00",
      "daily-2025-03-04 @ Tue 2025-03-04 09:00",
      "daily-2025-03-05 @ Wed 2025-03-05 09:00",
      "daily-2025-03-06 @ Thu 2025-03-06 09:00",
      "daily-2025-03-07 @ Fri 2025-03-07 09:00",
    ]);
  });

  it("sends a weekly digest on Monday mornings, and catches up within the week after downtime", () => {
    const subject = { kind: "ownerDigest", ownerId: "miriam", period: "weekly" } as const;
    const recipients = people(person("miriam", TOKYO));
    const sent = simulate({ subjects: [subject], recipients, from: at("2025-03-03T00:00", TOKYO), to: at("2025-03-16T23:00", TOKYO) });
    expect(timeline(sent, TOKYO)).toEqual(["weekly-2025-W10 @ Mon 2025-03-03 09:00", "weekly-2025-W11 @ Mon 2025-03-10 09:00"]);
    const late = planNudges([subject], people(person("miriam", TOKYO)), new Set(), at("2025-03-05T14:00", TOKYO));
    expect(late.map((n) => n.window)).toEqual(["weekly-2025-W10"]);
  });
});
