import { describe, expect, it } from "vitest";
import { matchOffers } from "../../../../src/domain/intent/match-offers.js";
import { tokenize } from "../../../../src/domain/text/tokenize.js";
import { CHATGPT, CODE, LEGAL, OFFERS } from "../fixtures/offers.js";

function best(text: string) {
  return matchOffers(tokenize(text), OFFERS).map((m) => [m.offer.displayName, m.score] as const);
}

describe("matchOffers", () => {
  it("scores a full name 1 and finds where it is", () => {
    const [mention] = matchOffers(tokenize("I need the Legal Research Assistant today"), OFFERS);
    expect(mention).toMatchObject({ offer: LEGAL, score: 1, isStrong: true, start: 3, end: 6 });
  });

  it("scores the distinctive word of a name highly on its own", () => {
    expect(best("chatgpt")[0]).toEqual([CHATGPT.displayName, 0.75]);
  });

  it("joins words typed apart and splits words typed together", () => {
    expect(best("chat gpt")[0]?.[0]).toBe(CHATGPT.displayName);
    expect(best("codeassistant")[0]).toEqual([CODE.displayName, 1]);
  });

  it("gives fragments less than whole words, and marks them weak", () => {
    const [mention] = matchOffers(tokenize("gpt"), OFFERS);
    expect(mention?.offer).toBe(CHATGPT);
    expect(mention?.score).toBeLessThan(0.75);
    expect(mention?.isStrong).toBe(false);
  });

  it("gives a word several names share to all of them, at less weight", () => {
    const scores = Object.fromEntries(best("assistant"));
    expect(scores[CODE.displayName]).toBeGreaterThan(0.4);
    expect(scores[LEGAL.displayName]).toBeGreaterThan(0.4);
    expect(scores[CODE.displayName]).toBeLessThan(0.75);
  });

  it("does not let a generic word like 'AI' name a package", () => {
    expect(best("an AI tool").every(([, score]) => score < 0.4)).toBe(true);
  });

  it("ignores excluded tokens and tokens after the limit", () => {
    const tokens = tokenize("chatgpt to review code");
    expect(matchOffers(tokens, OFFERS, { before: 2 }).map((m) => m.offer)).toEqual([CHATGPT]);
    expect(matchOffers(tokens, OFFERS, { excluded: new Set([0]) }).map((m) => m.offer)).toContain(CODE);
  });
});
