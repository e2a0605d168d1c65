import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { toIanaTimeZone } from "../../../../src/domain/time/to-iana-time-zone.js";

describe("toIanaTimeZone", () => {
  // Every Windows zone the demo scenario's people have in mailboxSettings.
  it.each([
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["Eastern Standard Time", "America/New_York"],
    ["Central Standard Time", "America/Chicago"],
    ["W. Europe Standard Time", "Europe/Berlin"],
    ["GMT Standard Time", "Europe/London"],
    ["India Standard Time", "Asia/Kolkata"],
    ["Tokyo Standard Time", "Asia/Tokyo"],
    ["Romance Standard Time", "Europe/Paris"],
    ["Arabian Standard Time", "Asia/Dubai"],
  ])("%s -> %s", (windows, iana) => {
    const zone = toIanaTimeZone(windows);
    expect(zone).toEqual({ timeZone: iana, isFallback: false });
    expect(DateTime.now().setZone(zone.timeZone).isValid).toBe(true);
  });

  it("ignores case and surrounding spaces in Windows names", () => {
    expect(toIanaTimeZone("  pacific standard time ")).toEqual({ timeZone: "America/Los_Angeles", isFallback: false });
  });

  it("passes IANA names through, modernising renamed ones", () => {
    expect(toIanaTimeZone("Europe/Berlin")).toEqual({ timeZone: "Europe/Berlin", isFallback: false });
    expect(toIanaTimeZone("Asia/Calcutta")).toEqual({ timeZone: "Asia/Kolkata", isFallback: false });
  });

  it("maps Windows UTC to a UTC zone without calling it a fallback", () => {
    const zone = toIanaTimeZone("UTC");
    expect(zone.isFallback).toBe(false);
    expect(DateTime.fromISO("2025-07-01T12:00:00Z").setZone(zone.timeZone).offset).toBe(0);
  });

  it.each([["Mars Standard Time"], [""], ["   "], [null], [undefined]])("falls back to UTC for %j and says so", (input) => {
    expect(toIanaTimeZone(input)).toEqual({ timeZone: "UTC", isFallback: true });
  });
});
