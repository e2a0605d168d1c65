import { describe, expect, it } from "vitest";
import { tokenize } from "../../../../src/domain/text/tokenize.js";
import { readEndPhrase } from "../../../../src/domain/time/read-end-phrase.js";

const LA = "America/Los_Angeles";
const BERLIN = "Europe/Berlin";

function end(text: string, now: string, timeZone = LA): string | undefined {
  const tokens = tokenize(text);
  const reading = readEndPhrase(tokens, 0, { now: new Date(now), timeZone });
  if (reading === undefined) return undefined;
  expect(reading.next).toBe(tokens.length);
  return reading.end.toISOString();
}

// Tue 4 Mar 2025, 10:00 PST.
const TUESDAY_10AM = "2025-03-04T18:00:00Z";

describe("readEndPhrase", () => {
  it.each([
    ["Friday 5pm", "2025-03-08T01:00:00.000Z"],
    ["5pm Friday", "2025-03-08T01:00:00.000Z"],
    ["5pm on Friday", "2025-03-08T01:00:00.000Z"],
    ["Friday at 5", "2025-03-08T01:00:00.000Z"],
    ["fri 17:00", "2025-03-08T01:00:00.000Z"],
    ["Friday", "2025-03-08T01:00:00.000Z"],
    ["friday 9am", "2025-03-07T17:00:00.000Z"],
    ["Friday 5:30 p.m.", "2025-03-08T01:30:00.000Z"],
    ["Friday at 5 o'clock", "2025-03-08T01:00:00.000Z"],
    ["tomorrow", "2025-03-06T01:00:00.000Z"],
    ["tomorrow morning", "2025-03-05T17:00:00.000Z"],
    ["tomorrow at noon", "2025-03-05T20:00:00.000Z"],
    ["the day after tomorrow", "2025-03-07T01:00:00.000Z"],
    ["today", "2025-03-05T01:00:00.000Z"],
    ["end of day", "2025-03-05T01:00:00.000Z"],
    ["EOD", "2025-03-05T01:00:00.000Z"],
    ["close of business", "2025-03-05T01:00:00.000Z"],
    ["tonight", "2025-03-05T07:59:00.000Z"],
    ["noon", "2025-03-04T20:00:00.000Z"],
    ["midnight", "2025-03-05T08:00:00.000Z"],
    ["Friday midnight", "2025-03-08T08:00:00.000Z"],
    ["5pm", "2025-03-05T01:00:00.000Z"],
    ["9am", "2025-03-05T17:00:00.000Z"],
    ["17:30", "2025-03-05T01:30:00.000Z"],
    ["end of the week", "2025-03-08T01:00:00.000Z"],
    ["EOW", "2025-03-08T01:00:00.000Z"],
    ["end of the month", "2025-04-01T00:00:00.000Z"],
    ["March 7", "2025-03-08T01:00:00.000Z"],
    ["7th of March 2026", "2026-03-08T01:00:00.000Z"],
    ["2025-03-07", "2025-03-08T01:00:00.000Z"],
    ["the 15th", "2025-03-16T00:00:00.000Z"],
    ["Friday, March 14 at 3pm", "2025-03-14T22:00:00.000Z"],
    ["next Monday", "2025-03-11T00:00:00.000Z"],
    ["tuesday", "2025-03-05T01:00:00.000Z"],
    ["7 March", "2025-03-08T01:00:00.000Z"],
    ["5", "2025-03-05T01:00:00.000Z"],
    ["3", "2025-03-04T23:00:00.000Z"],
    ["9", "2025-03-05T17:00:00.000Z"],
  ])("%s", (text, iso) => {
    expect(end(text, TUESDAY_10AM)).toBe(iso);
  });

  it("rolls a weekday whose time has passed to next week, and 'next' never means today", () => {
    // Tue 4 Mar 2025, 18:00 PST: today's 17:00 is gone.
    expect(end("Tuesday 5pm", "2025-03-05T02:00:00Z")).toBe("2025-03-12T00:00:00.000Z");
    expect(end("next Tuesday", TUESDAY_10AM)).toBe("2025-03-12T00:00:00.000Z");
  });

  it("rolls a time of day that has passed to tomorrow", () => {
    expect(end("9am", TUESDAY_10AM)).toBe("2025-03-05T17:00:00.000Z");
  });

  it("runs 'end of day' to 23:59 once the working day is (nearly) over", () => {
    // 16:50 PST: 17:00 is ten minutes away.
    expect(end("end of day", "2025-03-05T00:50:00Z")).toBe("2025-03-05T07:59:00.000Z");
  });

  it("moves a date without a year that has passed to next year", () => {
    expect(end("March 1", TUESDAY_10AM)).toBe("2026-03-02T01:00:00.000Z");
  });

  it.each(["the audit", "soon", "", "February 30", "25"])("reads nothing in %j", (text) => {
    expect(readEndPhrase(tokenize(text), 0, { now: new Date(TUESDAY_10AM), timeZone: LA })).toBeUndefined();
  });

  describe("across daylight-saving changes", () => {
    it("America/Los_Angeles, spring forward (9 Mar 2025): Friday 5pm is 17:00 PDT", () => {
      // Sat 8 Mar, 10:00 PST (UTC-8); the Friday after is in PDT (UTC-7).
      expect(end("Friday 5pm", "2025-03-08T18:00:00Z")).toBe("2025-03-15T00:00:00.000Z");
    });

    it("America/Los_Angeles, fall back (2 Nov 2025): Friday 5pm is 17:00 PST", () => {
      // Sat 1 Nov, 10:00 PDT (UTC-7); the Friday after is in PST (UTC-8).
      expect(end("Friday 5pm", "2025-11-01T17:00:00Z")).toBe("2025-11-08T01:00:00.000Z");
    });

    it("Europe/Berlin, spring forward (30 Mar 2025): Friday 5pm is 17:00 CEST", () => {
      // Sat 29 Mar, 10:00 CET (UTC+1); Fri 4 Apr is in CEST (UTC+2).
      expect(end("Friday 5pm", "2025-03-29T09:00:00Z", BERLIN)).toBe("2025-04-04T15:00:00.000Z");
    });

    it("Europe/Berlin, fall back (26 Oct 2025): Friday 5pm is 17:00 CET", () => {
      // Sat 25 Oct, 10:00 CEST (UTC+2); Fri 31 Oct is in CET (UTC+1).
      expect(end("Friday 5pm", "2025-10-25T08:00:00Z", BERLIN)).toBe("2025-10-31T16:00:00.000Z");
    });

    it("'tomorrow' over the spring-forward night is 23 hours of wall clock, still 17:00 local", () => {
      // Sat 8 Mar, 18:00 PST -> Sun 9 Mar, 17:00 PDT.
      expect(end("tomorrow", "2025-03-09T02:00:00Z")).toBe("2025-03-10T00:00:00.000Z");
    });

    it("a time inside the spring-forward gap moves to the first valid instant", () => {
      // 02:30 does not exist on 9 Mar 2025 in Los Angeles; 03:30 PDT does.
      expect(end("tomorrow 2:30am", "2025-03-09T02:00:00Z")).toBe("2025-03-09T10:30:00.000Z");
    });

    it("'tomorrow' over the fall-back night is still 17:00 local", () => {
      // Sat 25 Oct, 20:00 CEST -> Sun 26 Oct, 17:00 CET.
      expect(end("tomorrow", "2025-10-25T18:00:00Z", BERLIN)).toBe("2025-10-26T16:00:00.000Z");
    });
  });
});
