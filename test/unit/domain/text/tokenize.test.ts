import { describe, expect, it } from "vitest";
import { editDistance } from "../../../../src/domain/text/edit-distance.js";
import { hasClauseBreakBefore } from "../../../../src/domain/text/has-clause-break-before.js";
import { normalizeWord, tokenize } from "../../../../src/domain/text/tokenize.js";

describe("tokenize", () => {
  it("keeps offsets into the original text", () => {
    const text = "Need ChatGPT, 2h!";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(["need", "chatgpt", "2h"]);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(["Need", "ChatGPT", "2h"]);
  });

  it("keeps times, decimals, dates, ids and contractions as one word", () => {
    expect(tokenize("17:30 1.5 2026-03-07 MAT-12345 don't o'clock GPT-4o").map((t) => t.norm)).toEqual([
      "17:30", "1.5", "2026-03-07", "mat-12345", "dont", "oclock", "gpt-4o",
    ]);
  });

  it("splits words joined by a hyphen or slash before a letter", () => {
    expect(tokenize("chat-gpt").map((t) => t.norm)).toEqual(["chat", "gpt"]);
    expect(tokenize("chatgpt/copilot 3/5").map((t) => t.norm)).toEqual(["chatgpt", "copilot", "3/5"]);
  });

  it("folds accents and curly apostrophes", () => {
    expect(normalizeWord("Café")).toBe("cafe");
    expect(normalizeWord("don’t")).toBe("dont");
  });

  it("gives nothing for empty or punctuation-only text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" ?! ")).toEqual([]);
  });
});

describe("hasClauseBreakBefore", () => {
  it("sees punctuation between two tokens", () => {
    const text = "3 days? matter review";
    const tokens = tokenize(text);
    expect(hasClauseBreakBefore(text, tokens, 2)).toBe(true);
    expect(hasClauseBreakBefore(text, tokens, 3)).toBe(false);
    expect(hasClauseBreakBefore(text, tokens, 0)).toBe(false);
  });
});

describe("editDistance", () => {
  it.each([
    ["chatgpt", "chatgpt", 0],
    ["chatgtp", "chatgpt", 1],
    ["asistant", "assistant", 1],
    ["copliot", "copilot", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s vs %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("stops early past the limit", () => {
    expect(editDistance("completely", "different", 2)).toBe(3);
    expect(editDistance("a", "abcdef", 1)).toBe(2);
  });
});
