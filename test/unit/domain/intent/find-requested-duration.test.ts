import { describe, expect, it } from "vitest";
import { findRequestedDuration } from "../../../../src/domain/intent/find-requested-duration.js";
import { tokenize } from "../../../../src/domain/text/tokenize.js";

const HOUR = 3_600_000;
const context = { now: new Date("2025-03-04T18:00:00Z"), timeZone: "America/Los_Angeles" };

function find(text: string) {
  return findRequestedDuration(text, tokenize(text), context);
}

describe("findRequestedDuration", () => {
  it("marks every token of the phrase as consumed", () => {
    const found = find("chatgpt for the next 2 hours to test");
    expect(found.duration).toEqual({ kind: "for", ms: 2 * HOUR });
    expect([...found.consumed]).toEqual([1, 2, 3, 4, 5]);
    expect(found.firstEnd).toBe(6);
  });

  it("prefers a span stated with 'for' or 'until' to a bare one", () => {
    expect(find("3 reports, chatgpt for 2 hours").duration).toEqual({ kind: "for", ms: 2 * HOUR });
  });

  it("reads 'up to' as a span or an end", () => {
    expect(find("chatgpt up to 2 hours").duration).toEqual({ kind: "for", ms: 2 * HOUR });
    expect(find("chatgpt up until 5pm").duration).toEqual({ kind: "until", end: new Date("2025-03-05T01:00:00Z") });
  });

  it.each(["for today", "for the day", "rest of the day", "for the rest of today"])("reads %j as the end of the working day", (text) => {
    expect(find(text).duration).toEqual({ kind: "until", end: new Date("2025-03-05T01:00:00Z") });
  });

  it("reads 'for the rest of the week' as Friday 17:00", () => {
    expect(find("for the rest of the week").duration).toEqual({ kind: "until", end: new Date("2025-03-08T01:00:00Z") });
  });

  it("reports what it could not read, stopping at punctuation or a reason", () => {
    expect(find("until the audit is over, to check logs").unparsed).toBe("until the audit is over");
    expect(find("for a bit to test").unparsed).toBe("for a bit");
  });

  it("leaves 'for' that introduces a reason alone", () => {
    const found = find("chatgpt for the migration spike");
    expect(found.duration).toBeUndefined();
    expect(found.unparsed).toBeUndefined();
    expect(found.consumed.size).toBe(0);
  });
});
