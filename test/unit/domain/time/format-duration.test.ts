import { describe, expect, it } from "vitest";
import { formatDuration } from "../../../../src/domain/time/format-duration.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("formatDuration", () => {
  it.each([
    [2 * HOUR, "2 hours"],
    [HOUR, "1 hour"],
    [30 * DAY, "30 days"],
    [DAY, "1 day"],
    [90 * MIN, "1 hour 30 minutes"],
    [15 * MIN, "15 minutes"],
    [MIN, "1 minute"],
    [DAY + 4 * HOUR, "1 day 4 hours"],
    [2 * DAY + 3 * HOUR + 5 * MIN, "2 days 3 hours 5 minutes"],
    [7 * DAY, "7 days"],
    [45_000, "45 seconds"],
    [0, "0 seconds"],
    [2 * HOUR + 29_000, "2 hours"],
    [2 * HOUR + 59_000, "2 hours 1 minute"],
  ])("%i ms -> %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
