import { describe, expect, it } from "vitest";
import { parseDurationText } from "../../../../src/domain/time/parse-duration-text.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("parseDurationText", () => {
  it.each([
    ["2 hours", 2 * HOUR],
    ["2h", 2 * HOUR],
    ["2 hrs", 2 * HOUR],
    ["2H", 2 * HOUR],
    ["two hours", 2 * HOUR],
    ["twenty four hours", 24 * HOUR],
    ["twenty-four hours", 24 * HOUR],
    ["an hour", HOUR],
    ["an hour and a half", 90 * MIN],
    ["one and a half hours", 90 * MIN],
    ["two and a half hours", 150 * MIN],
    ["half an hour", 30 * MIN],
    ["half a day", 12 * HOUR],
    ["1.5 hours", 90 * MIN],
    ["1h30", 90 * MIN],
    ["1h30m", 90 * MIN],
    ["1h 30m", 90 * MIN],
    ["1 hour 30 minutes", 90 * MIN],
    ["1 hour and 30 minutes", 90 * MIN],
    ["30 min", 30 * MIN],
    ["30min", 30 * MIN],
    ["90 mins", 90 * MIN],
    ["3 days", 3 * DAY],
    ["3d", 3 * DAY],
    ["a couple of days", 2 * DAY],
    ["a week", 7 * DAY],
    ["2 weeks", 14 * DAY],
    ["a fortnight", 14 * DAY],
    ["1 month", 30 * DAY],
    ["3 more days", 3 * DAY],
    ["2 full days", 2 * DAY],
    ["for 3 days", 3 * DAY],
    ["2 horus", 2 * HOUR],
    ["15 minuts", 15 * MIN],
    ["PT2H", 2 * HOUR],
    ["P30D", 30 * DAY],
  ])("%s", (text, ms) => {
    expect(parseDurationText(text)).toBe(ms);
  });

  it.each(["", "soon", "a while", "a tour", "2 says", "2 hours please", "0 hours", "hours", "2d30"])("reads nothing in %j", (text) => {
    expect(parseDurationText(text)).toBeUndefined();
  });
});
