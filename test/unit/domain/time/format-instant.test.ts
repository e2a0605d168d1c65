import { describe, expect, it } from "vitest";
import { formatInstant } from "../../../../src/domain/time/format-instant.js";

// Tue 3 Mar 2026, 17:00 in Los Angeles (PST, UTC-8).
const TUESDAY_5PM_PST = new Date("2026-03-04T01:00:00Z");

describe("formatInstant", () => {
  it("writes the day, a 24-hour time and the zone's abbreviation", () => {
    expect(formatInstant(TUESDAY_5PM_PST, "America/Los_Angeles", "en-US")).toBe("Tue 3 Mar, 17:00 PST");
    expect(formatInstant(TUESDAY_5PM_PST, "America/Los_Angeles", "en-GB")).toBe("Tue 3 Mar, 17:00 PST");
  });

  it("uses daylight-saving abbreviations in summer", () => {
    expect(formatInstant(new Date("2026-07-07T00:00:00Z"), "America/Los_Angeles")).toBe("Mon 6 Jul, 17:00 PDT");
    expect(formatInstant(new Date("2026-07-06T15:00:00Z"), "Europe/Berlin")).toBe("Mon 6 Jul, 17:00 CEST");
    expect(formatInstant(new Date("2026-07-06T16:00:00Z"), "Europe/London")).toBe("Mon 6 Jul, 17:00 BST");
  });

  it.each([
    ["America/New_York", "2026-03-03T22:00:00Z", "Tue 3 Mar, 17:00 EST"],
    ["America/Chicago", "2026-03-03T23:00:00Z", "Tue 3 Mar, 17:00 CST"],
    ["Europe/Berlin", "2026-03-03T16:00:00Z", "Tue 3 Mar, 17:00 CET"],
    ["Europe/Paris", "2026-03-03T16:00:00Z", "Tue 3 Mar, 17:00 CET"],
    ["Europe/London", "2026-03-03T17:00:00Z", "Tue 3 Mar, 17:00 GMT"],
    ["Asia/Kolkata", "2026-03-03T11:30:00Z", "Tue 3 Mar, 17:00 IST"],
    ["Asia/Dubai", "2026-03-03T13:00:00Z", "Tue 3 Mar, 17:00 GST"],
    ["Asia/Tokyo", "2026-03-03T08:00:00Z", "Tue 3 Mar, 17:00 GMT+9"],
    ["UTC", "2026-03-03T17:00:00Z", "Tue 3 Mar, 17:00 UTC"],
  ])("in %s", (zone, iso, text) => {
    expect(formatInstant(new Date(iso), zone)).toBe(text);
  });

  it("names weekdays and months in the reader's language", () => {
    // ICU versions differ on the short month ("Mär" or "März"); the rest is stable.
    expect(formatInstant(new Date("2026-03-03T16:00:00Z"), "Europe/Berlin", "de-DE")).toMatch(/^Di 3 Mär\S*, 17:00 MEZ$/);
  });

  it("adds the year only when it differs from now's", () => {
    const now = new Date("2025-12-30T12:00:00Z");
    expect(formatInstant(TUESDAY_5PM_PST, "America/Los_Angeles", "en-GB", { now })).toBe("Tue 3 Mar 2026, 17:00 PST");
    expect(formatInstant(TUESDAY_5PM_PST, "America/Los_Angeles", "en-GB", { now: TUESDAY_5PM_PST })).toBe("Tue 3 Mar, 17:00 PST");
  });

  it("falls back to UTC for an unknown zone rather than printing 'Invalid DateTime'", () => {
    expect(formatInstant(TUESDAY_5PM_PST, "Mars/Olympus_Mons")).toBe("Wed 4 Mar, 01:00 UTC");
  });
});
