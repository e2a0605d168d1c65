import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "../../../../src/domain/time/format-time-left.js";

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

describe("formatTimeLeft", () => {
  it("keeps at most two units and rounds", () => {
    expect(formatTimeLeft(60 * D - MIN)).toBe("60 days");
    expect(formatTimeLeft(D + 18 * H + 59 * MIN)).toBe("1 day 19 hours");
    expect(formatTimeLeft(2 * H + 13 * MIN)).toBe("2 hours 15 minutes");
    expect(formatTimeLeft(4 * MIN + 20_000)).toBe("4 minutes");
    expect(formatTimeLeft(10_000)).toBe("1 minute");
    expect(formatTimeLeft(-5)).toBe("no time");
  });
});
