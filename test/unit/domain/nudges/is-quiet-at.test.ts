import { describe, expect, it } from "vitest";
import { isQuietAt } from "../../../../src/domain/nudges/is-quiet-at.js";
import { at, person } from "./nudge-fixtures.js";

describe("isQuietAt", () => {
  it("reads the default quiet hours, 20:00 to 08:00, on the recipient's own clock", () => {
    const kenji = person("kenji", "Asia/Tokyo");
    expect(isQuietAt(kenji, at("2025-03-04T19:59", "Asia/Tokyo"))).toBe(false);
    expect(isQuietAt(kenji, at("2025-03-04T20:00", "Asia/Tokyo"))).toBe(true);
    expect(isQuietAt(kenji, at("2025-03-05T03:00", "Asia/Tokyo"))).toBe(true);
    expect(isQuietAt(kenji, at("2025-03-05T07:59", "Asia/Tokyo"))).toBe(true);
    expect(isQuietAt(kenji, at("2025-03-05T08:00", "Asia/Tokyo"))).toBe(false);
  });

  it("gives different answers for one instant in different zones", () => {
    const instant = at("2025-03-04T14:00"); // 23:00 in Tokyo, 15:00 in Berlin, 06:00 in Los Angeles
    expect(isQuietAt(person("kenji", "Asia/Tokyo"), instant)).toBe(true);
    expect(isQuietAt(person("lukas", "Europe/Berlin"), instant)).toBe(false);
    expect(isQuietAt(person("isaiah", "America/Los_Angeles"), instant)).toBe(true);
  });

  it("keeps weekends quiet all day by default, and not when turned off", () => {
    const saturdayNoon = at("2025-03-08T12:00", "Europe/Berlin");
    expect(isQuietAt(person("lukas", "Europe/Berlin"), saturdayNoon)).toBe(true);
    expect(isQuietAt(person("lukas", "Europe/Berlin", { prefs: { quietWeekends: false } }), saturdayNoon)).toBe(false);
  });

  it("takes the weekend days the person lives by", () => {
    const fridayNoon = at("2025-03-07T12:00", "Asia/Dubai");
    const sundayNoon = at("2025-03-09T12:00", "Asia/Dubai");
    const omar = person("omar", "Asia/Dubai", { prefs: { weekendDays: [5, 6] } });
    expect(isQuietAt(omar, fridayNoon)).toBe(true);
    expect(isQuietAt(omar, sundayNoon)).toBe(false);
  });

  it("has no quiet hours when they are off or start where they end, and handles windows within one day", () => {
    const night = at("2025-03-04T03:00");
    expect(isQuietAt(person("a", "UTC", { prefs: { quietHours: null } }), night)).toBe(false);
    expect(isQuietAt(person("a", "UTC", { prefs: { quietHours: { start: "08:00", end: "08:00" } } }), night)).toBe(false);
    const lunch = person("a", "UTC", { prefs: { quietHours: { start: "12:00", end: "13:00" } } });
    expect(isQuietAt(lunch, at("2025-03-04T12:30"))).toBe(true);
    expect(isQuietAt(lunch, at("2025-03-04T13:00"))).toBe(false);
    expect(isQuietAt(lunch, night)).toBe(false);
  });

  it("reads an unknown zone as UTC rather than failing", () => {
    const somewhere = person("a", "Not/A_Zone");
    expect(isQuietAt(somewhere, at("2025-03-04T21:00"))).toBe(true);
    expect(isQuietAt(somewhere, at("2025-03-04T10:00"))).toBe(false);
  });

  it("follows daylight saving time: 07:30 local is quiet on either side of the change", () => {
    const isaiah = person("isaiah", "America/Los_Angeles", { prefs: { quietWeekends: false } });
    expect(isQuietAt(isaiah, at("2025-03-08T07:30", "America/Los_Angeles"))).toBe(true); // 15:30Z, PST
    expect(isQuietAt(isaiah, at("2025-03-09T07:30", "America/Los_Angeles"))).toBe(true); // 14:30Z, PDT
    expect(isQuietAt(isaiah, at("2025-03-09T15:30"))).toBe(false); // 08:30 PDT, though 07:30 PST the day before
  });
});
