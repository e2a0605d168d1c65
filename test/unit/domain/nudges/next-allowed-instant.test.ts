import { describe, expect, it } from "vitest";
import { nextAllowedInstant } from "../../../../src/domain/nudges/next-allowed-instant.js";
import { quietRuleOf } from "../../../../src/domain/nudges/quiet-rule.js";
import { nextQuietStart } from "../../../../src/domain/nudges/quiet-stretch.js";
import { at, DAY, HOUR, person, wall } from "./nudge-fixtures.js";

const TOKYO = "Asia/Tokyo";
const LA = "America/Los_Angeles";
const BERLIN = "Europe/Berlin";

describe("nextAllowedInstant", () => {
  it("keeps an instant outside quiet time", () => {
    const instant = at("2025-03-04T10:00", TOKYO);
    expect(nextAllowedInstant(person("kenji", TOKYO), instant)).toEqual(instant);
  });

  it("defers a night-time nudge to the end of the night in the recipient's zone", () => {
    const next = nextAllowedInstant(person("kenji", TOKYO), at("2025-03-04T23:00", TOKYO));
    expect(wall(next!, TOKYO)).toBe("Wed 2025-03-05 08:00");
  });

  it("defers a Friday-night nudge to Monday morning when weekends are quiet", () => {
    const next = nextAllowedInstant(person("lukas", BERLIN), at("2025-03-07T21:00", BERLIN));
    expect(wall(next!, BERLIN)).toBe("Mon 2025-03-10 08:00");
  });

  it("moves a nudge earlier, before the evening, when the deadline comes before quiet time ends", () => {
    const next = nextAllowedInstant(person("isaiah", LA), at("2025-03-04T23:00", LA), { deadline: at("2025-03-05T01:00", LA) });
    expect(wall(next!, LA)).toBe("Tue 2025-03-04 19:30");
  });

  it("still defers when the deadline falls after quiet time ends", () => {
    const next = nextAllowedInstant(person("isaiah", LA), at("2025-03-04T23:00", LA), { deadline: at("2025-03-05T09:00", LA) });
    expect(wall(next!, LA)).toBe("Wed 2025-03-05 08:00");
  });

  it("takes the lead before quiet time from the caller", () => {
    const next = nextAllowedInstant(person("isaiah", LA), at("2025-03-04T23:00", LA), {
      deadline: at("2025-03-05T01:00", LA),
      leadBeforeQuietMs: 2 * HOUR,
    });
    expect(wall(next!, LA)).toBe("Tue 2025-03-04 18:00");
  });

  it("does not move a nudge before the earliest instant it may go, nor into quiet time", () => {
    const recipient = person("isaiah", LA);
    const deadline = at("2025-03-05T01:00", LA);
    expect(wall(nextAllowedInstant(recipient, at("2025-03-04T23:00", LA), { deadline, earliest: at("2025-03-04T19:45", LA) })!, LA)).toBe(
      "Tue 2025-03-04 19:45",
    );
    expect(nextAllowedInstant(recipient, at("2025-03-04T23:00", LA), { deadline, earliest: at("2025-03-04T21:00", LA) })).toBeNull();
  });

  it("gives nothing at or after the deadline, or when quiet time never ends", () => {
    const deadline = at("2025-03-04T12:00");
    expect(nextAllowedInstant(person("a"), deadline, { deadline })).toBeNull();
    const neverAround = person("a", "UTC", { prefs: { weekendDays: [1, 2, 3, 4, 5, 6, 7] } });
    expect(nextAllowedInstant(neverAround, at("2025-03-04T12:00"))).toBeNull();
  });

  it("ends the night at 08:00 local across the spring change in Los Angeles (15:00Z, not 16:00Z)", () => {
    const isaiah = person("isaiah", LA, { prefs: { quietWeekends: false } });
    const next = nextAllowedInstant(isaiah, at("2025-03-08T21:00", LA));
    expect(next).toEqual(new Date("2025-03-09T15:00:00Z"));
  });

  it("ends the night at 08:00 local across the spring and autumn changes in Berlin", () => {
    const lukas = person("lukas", BERLIN, { prefs: { quietWeekends: false } });
    expect(nextAllowedInstant(lukas, at("2025-03-29T22:00", BERLIN))).toEqual(new Date("2025-03-30T06:00:00Z"));
    expect(nextAllowedInstant(lukas, at("2025-10-25T22:00", BERLIN))).toEqual(new Date("2025-10-26T07:00:00Z"));
  });

  it("ends quiet hours set inside a skipped hour at the moment the clock jumps", () => {
    // Berlin skips 02:00-03:00 on 30 March 2025; quiet until 02:30 ends when the clock reads 03:00 CEST.
    const owl = person("owl", BERLIN, { prefs: { quietWeekends: false, quietHours: { start: "20:00", end: "02:30" } } });
    expect(nextAllowedInstant(owl, at("2025-03-30T00:30", BERLIN))).toEqual(new Date("2025-03-30T01:00:00Z"));
  });

  it("moves earlier across a daylight-saving night to before the evening it began", () => {
    const lukas = person("lukas", BERLIN, { prefs: { quietWeekends: false } });
    const next = nextAllowedInstant(lukas, at("2025-03-30T01:30", BERLIN), { deadline: at("2025-03-30T06:00", BERLIN) });
    expect(wall(next!, BERLIN)).toBe("Sat 2025-03-29 19:30");
  });

  it("moves earlier to the end of an earlier quiet stretch when the lead reaches into it", () => {
    // Allowed only 11:45-12:00 each day: a nudge due at 13:00 with a 14:00 deadline goes at 11:45.
    const busy = person("busy", "UTC", { prefs: { quietWeekends: false, quietHours: { start: "12:00", end: "11:45" } } });
    const next = nextAllowedInstant(busy, at("2025-03-04T13:00"), { deadline: at("2025-03-04T14:00") });
    expect(wall(next!)).toBe("Tue 2025-03-04 11:45");
  });

  it("is never quiet itself, for a grid of instants, zones and deadlines", async () => {
    const { isQuietAt } = await import("../../../../src/domain/nudges/is-quiet-at.js");
    for (const zone of [TOKYO, LA, BERLIN, "Australia/Lord_Howe", "Asia/Kolkata"]) {
      const recipient = person("p", zone);
      for (let t = at("2025-03-27T00:00").getTime(); t < at("2025-04-03T00:00").getTime(); t += 97 * 60_000) {
        for (const deadlineIn of [null, 3 * HOUR, 11 * HOUR, 2 * DAY]) {
          const deadline = deadlineIn === null ? null : new Date(t + deadlineIn);
          const next = nextAllowedInstant(recipient, new Date(t), { deadline, earliest: new Date(t - DAY) });
          if (next === null) continue;
          expect(isQuietAt(recipient, next), `${zone} ${new Date(t).toISOString()}`).toBe(false);
          if (deadline !== null) expect(next.getTime()).toBeLessThan(deadline.getTime());
        }
      }
    }
  });
});

describe("nextQuietStart", () => {
  it("finds the coming evening, or the weekend's midnight when only weekends are quiet", () => {
    const friday = at("2025-03-07T10:00", BERLIN);
    expect(wall(new Date(nextQuietStart(quietRuleOf(person("lukas", BERLIN)), friday.getTime())!), BERLIN)).toBe("Fri 2025-03-07 20:00");
    const weekendsOnly = person("lukas", BERLIN, { prefs: { quietHours: null } });
    expect(wall(new Date(nextQuietStart(quietRuleOf(weekendsOnly), friday.getTime())!), BERLIN)).toBe("Sat 2025-03-08 00:00");
    const never = person("lukas", BERLIN, { prefs: { quietHours: null, quietWeekends: false } });
    expect(nextQuietStart(quietRuleOf(never), friday.getTime())).toBeNull();
  });
});
