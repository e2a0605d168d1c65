import { describe, expect, it } from "vitest";
import { formatIsoDuration, isIsoDuration, parseIsoDuration } from "../../../../src/domain/time/iso-duration.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("parseIsoDuration", () => {
  it.each([
    ["PT2H", 2 * HOUR],
    ["P30D", 30 * DAY],
    ["P14D", 14 * DAY],
    ["PT30M", 30 * MIN],
    ["PT1H30M", 90 * MIN],
    ["P1DT12H", 36 * HOUR],
    ["P1W", 7 * DAY],
    ["PT1.5H", 90 * MIN],
    ["P0,5D", 12 * HOUR],
    ["PT45S", 45_000],
    ["P1M", 30 * DAY],
    ["P1Y", 365 * DAY],
    ["-PT2H", -2 * HOUR],
    ["pt2h", 2 * HOUR],
    [" PT2H ", 2 * HOUR],
  ])("%s", (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(["", "P", "PT", "2h", "P2H", "PT2D", "P1DT", "hello"])("rejects %j", (text) => {
    expect(isIsoDuration(text)).toBe(false);
    expect(() => parseIsoDuration(text)).toThrow(/not an ISO 8601 duration/);
  });
});

describe("formatIsoDuration", () => {
  it.each([
    [2 * HOUR, "PT2H"],
    [30 * DAY, "P30D"],
    [90 * MIN, "PT1H30M"],
    [26 * HOUR, "P1DT2H"],
    [14 * DAY + 1000, "P14DT1S"],
    [1500, "PT1.5S"],
    [0, "PT0S"],
    [-2 * HOUR, "-PT2H"],
  ])("%i ms -> %s", (ms, text) => {
    expect(formatIsoDuration(ms)).toBe(text);
  });

  it("round-trips", () => {
    for (const ms of [MIN, 15 * MIN, 8 * HOUR, 3 * DAY + 4 * HOUR + 5 * MIN]) {
      expect(parseIsoDuration(formatIsoDuration(ms))).toBe(ms);
    }
  });

  it("refuses non-finite spans", () => {
    expect(() => formatIsoDuration(Number.NaN)).toThrow(RangeError);
  });
});
