import { describe, expect, it } from "vitest";
import { EXPIRY_WARNING_LEADS, expiryWarningLead } from "../../../../src/domain/nudges/expiry-warning-lead.js";
import { listNudgeCheckpoints } from "../../../../src/domain/nudges/list-nudge-checkpoints.js";
import type { NudgeSubject } from "../../../../src/domain/nudges/nudge-subject.js";
import { approval, at, DAY, expiry, HOUR, MINUTE, pimApproval, review, wall } from "./nudge-fixtures.js";

function checkpoints(subject: NudgeSubject, zone = "UTC", now = at("2025-03-05T12:00")): string[] {
  return listNudgeCheckpoints(subject, { timeZone: zone, morning: "09:00", now }).map((c) => `${c.window} @ ${wall(c.at, zone)} ${c.urgency}`);
}

describe("approval stage checkpoints", () => {
  it("tighten toward the automatic denial: posting, halfway, a day before, two hours before", () => {
    expect(checkpoints(approval())).toEqual([
      "posted @ Mon 2025-03-03 09:00 routine",
      "halfway @ Tue 2025-03-04 21:00 routine",
      "dayBefore @ Wed 2025-03-05 09:00 soon",
      "twoHoursBefore @ Thu 2025-03-06 07:00 urgent",
    ]);
  });

  it("leave out a day-before that would be the posting itself in a one-day stage", () => {
    const start = at("2025-03-03T09:00");
    expect(checkpoints(approval({ autoDenyAt: new Date(start.getTime() + DAY) }))).toEqual([
      "posted @ Mon 2025-03-03 09:00 routine",
      "halfway @ Mon 2025-03-03 21:00 routine",
      "twoHoursBefore @ Tue 2025-03-04 07:00 urgent",
    ]);
  });

  it("leave out a halfway that would come after the countdown began", () => {
    const start = at("2025-03-03T09:00");
    expect(checkpoints(approval({ autoDenyAt: new Date(start.getTime() + 36 * HOUR) }))).toEqual([
      "posted @ Mon 2025-03-03 09:00 routine",
      "dayBefore @ Mon 2025-03-03 21:00 soon",
      "twoHoursBefore @ Tue 2025-03-04 19:00 urgent",
    ]);
    expect(checkpoints(approval({ autoDenyAt: new Date(start.getTime() + 3 * HOUR) }))).toEqual([
      "posted @ Mon 2025-03-03 09:00 routine",
      "twoHoursBefore @ Mon 2025-03-03 10:00 urgent",
    ]);
    expect(checkpoints(approval({ autoDenyAt: new Date(start.getTime() + 2 * HOUR) }))).toEqual([
      "posted @ Mon 2025-03-03 09:00 routine",
      "halfway @ Mon 2025-03-03 10:00 routine",
    ]);
  });

  it("announce an escalation once it happened, after a cadence point at the same time", () => {
    const notYet = approval({ escalationAt: at("2025-03-04T21:00"), escalated: false });
    expect(checkpoints(notYet)).not.toContainEqual(expect.stringContaining("escalated"));
    expect(checkpoints({ ...notYet, escalated: true })).toEqual([
      "posted @ Mon 2025-03-03 09:00 routine",
      "halfway @ Tue 2025-03-04 21:00 routine",
      "escalated @ Tue 2025-03-04 21:00 soon",
      "dayBefore @ Wed 2025-03-05 09:00 soon",
      "twoHoursBefore @ Thu 2025-03-06 07:00 urgent",
    ]);
  });
});

describe("access review checkpoints", () => {
  const start = at("2025-03-03T09:00");

  it("tighten toward the end: start, halfway, two days, one day, the last morning in the reviewer's zone", () => {
    const subject = review({ startAt: start, endAt: at("2025-03-14T17:00") });
    expect(checkpoints(subject)).toEqual([
      "started @ Mon 2025-03-03 09:00 routine",
      "halfway @ Sun 2025-03-09 01:00 routine",
      "twoDaysBefore @ Wed 2025-03-12 17:00 soon",
      "dayBefore @ Thu 2025-03-13 17:00 soon",
      "lastMorning @ Fri 2025-03-14 09:00 urgent",
    ]);
    expect(checkpoints(subject, "Asia/Tokyo").at(-1)).toBe("lastMorning @ Fri 2025-03-14 09:00 urgent");
    expect(checkpoints(subject, "America/Los_Angeles").at(-1)).toBe("lastMorning @ Fri 2025-03-14 09:00 urgent");
  });

  it("put the last morning on the day before when the review ends before the morning", () => {
    const subject = review({ startAt: start, endAt: at("2025-03-14T07:00", "Europe/Berlin") });
    expect(checkpoints(subject, "Europe/Berlin").slice(-2)).toEqual([
      "dayBefore @ Thu 2025-03-13 07:00 soon",
      "lastMorning @ Thu 2025-03-13 09:00 urgent",
    ]);
  });
});

describe("PIM checkpoints", () => {
  it("give approvers the posting, 12 hours left and 2 hours left of their 24 hours", () => {
    expect(checkpoints(pimApproval())).toEqual([
      "posted @ Mon 2025-03-03 09:00 soon",
      "twelveHoursLeft @ Mon 2025-03-03 21:00 soon",
      "twoHoursLeft @ Tue 2025-03-04 07:00 urgent",
    ]);
  });

  it("tell the requester the outcome, and ten minutes before a granted activation ends", () => {
    const base = { kind: "pimActivation", requestId: "pim-2", principalId: "sofia" } as const;
    const granted = { ...base, outcome: { status: "granted", at: at("2025-03-03T10:00") }, endsAt: at("2025-03-03T18:00") } as const;
    expect(checkpoints(granted)).toEqual(["granted @ Mon 2025-03-03 10:00 routine", "endingSoon @ Mon 2025-03-03 17:50 urgent"]);
    const denied = { ...base, outcome: { status: "denied", at: at("2025-03-03T10:00") }, endsAt: null } as const;
    expect(checkpoints(denied)).toEqual(["denied @ Mon 2025-03-03 10:00 routine"]);
    expect(checkpoints({ ...base, outcome: null, endsAt: null })).toEqual([]);
    const fiveMinutes = { ...granted, endsAt: at("2025-03-03T10:05") };
    expect(checkpoints(fiveMinutes)).toEqual(["granted @ Mon 2025-03-03 10:00 routine"]);
  });
});

describe("expiry warnings", () => {
  it("scale with the grant's length", () => {
    const start = at("2025-03-03T10:00");
    expect(checkpoints(expiry(start, 2 * HOUR))).toEqual(["expiryWarning @ Mon 2025-03-03 11:45 urgent"]);
    expect(checkpoints(expiry(start, 8 * HOUR))).toEqual(["expiryWarning @ Mon 2025-03-03 16:00 urgent"]);
    expect(checkpoints(expiry(start, 7 * DAY))).toEqual(["expiryWarning @ Sun 2025-03-09 10:00 soon"]);
    expect(checkpoints(expiry(start, 90 * DAY))).toEqual(["expiryWarning @ Thu 2025-05-29 10:00 soon"]);
  });

  it("follow a small table: the lead for each grant length, boundaries inclusive", () => {
    const lead = (ms: number) => expiryWarningLead(ms).leadMs;
    expect(lead(30 * MINUTE)).toBe(15 * MINUTE);
    expect(lead(4 * HOUR)).toBe(15 * MINUTE);
    expect(lead(4 * HOUR + 1)).toBe(2 * HOUR);
    expect(lead(DAY)).toBe(2 * HOUR);
    expect(lead(DAY + 1)).toBe(DAY);
    expect(lead(14 * DAY)).toBe(DAY);
    expect(lead(14 * DAY + 1)).toBe(3 * DAY);
    expect(lead(365 * DAY)).toBe(3 * DAY);
  });

  it("keep the table ordered, ending unbounded, leads growing yet shorter than any grant they cover", () => {
    let previousBound = 0;
    let previousLead = 0;
    for (const row of EXPIRY_WARNING_LEADS) {
      expect(row.grantUpToMs).toBeGreaterThan(previousBound);
      expect(row.leadMs).toBeGreaterThan(previousLead);
      if (previousBound > 0) expect(row.leadMs).toBeLessThanOrEqual(previousBound);
      [previousBound, previousLead] = [row.grantUpToMs, row.leadMs];
    }
    expect(EXPIRY_WARNING_LEADS.at(-1)?.grantUpToMs).toBe(Number.POSITIVE_INFINITY);
  });

  it("give nothing when the warning would come before the grant began", () => {
    expect(checkpoints(expiry(at("2025-03-03T10:00"), 10 * MINUTE))).toEqual([]);
  });
});

describe("owner digest checkpoints", () => {
  it("give one per local day at the morning, named after the day", () => {
    const daily = { kind: "ownerDigest", ownerId: "miriam", period: "daily" } as const;
    expect(checkpoints(daily, "Asia/Tokyo", at("2025-03-05T23:30", "Asia/Tokyo"))).toEqual(["daily-2025-03-05 @ Wed 2025-03-05 09:00 routine"]);
  });

  it("give one per ISO week, on Monday morning", () => {
    const weekly = { kind: "ownerDigest", ownerId: "miriam", period: "weekly" } as const;
    expect(checkpoints(weekly, "Europe/Berlin", at("2025-03-09T12:00", "Europe/Berlin"))).toEqual([
      "weekly-2025-W10 @ Mon 2025-03-03 09:00 routine",
    ]);
  });
});
