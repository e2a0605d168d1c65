import { describe, expect, it } from "vitest";
import type { AccessIntent } from "../../../../src/domain/intent/access-intent.js";
import { parseAccessIntent } from "../../../../src/domain/intent/parse-access-intent.js";
import { CHATGPT, CODE, CONSOLE, COPILOT, LEGAL, OFFERS } from "../fixtures/offers.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Tue 4 Mar 2025, 10:00 in Los Angeles (PST).
const now = new Date("2025-03-04T18:00:00Z");
const timeZone = "America/Los_Angeles";

function parse(text: string, options = { now, timeZone }): AccessIntent {
  return parseAccessIntent(text, OFFERS, options);
}

function request(text: string, options = { now, timeZone }) {
  const intent = parse(text, options);
  if (intent.kind !== "request") throw new Error(`expected a request for ${JSON.stringify(text)}, got ${intent.kind}`);
  return { ...intent, names: intent.matches.map((m) => m.offer.displayName) };
}

describe("parseAccessIntent: requests from the brief", () => {
  it("I need ChatGPT for 2 hours to analyze customer feedback", () => {
    const r = request("I need ChatGPT for 2 hours to analyze customer feedback");
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms: 2 * HOUR });
    expect(r.reason).toBe("analyze customer feedback");
    expect(r.unparsedDuration).toBeUndefined();
  });

  it("chatgpt 2h summarise survey results", () => {
    const r = request("chatgpt 2h summarise survey results");
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms: 2 * HOUR });
    expect(r.reason).toBe("summarise survey results");
  });

  it("can I get the legal research assistant for 3 days? matter MAT-12345 review", () => {
    const r = request("can I get the legal research assistant for 3 days? matter MAT-12345 review");
    expect(r.names).toEqual([LEGAL.displayName]);
    expect(r.matches[0]?.score).toBe(1);
    expect(r.duration).toEqual({ kind: "for", ms: 3 * DAY });
    expect(r.reason).toBe("matter MAT-12345 review");
  });

  it("copilot for a week", () => {
    const r = request("copilot for a week");
    expect(r.names).toEqual([COPILOT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms: 7 * DAY });
    expect(r.reason).toBeUndefined();
  });

  it("I need code assistant until Friday 5pm for the migration spike", () => {
    const r = request("I need code assistant until Friday 5pm for the migration spike");
    expect(r.names).toEqual([CODE.displayName]);
    // Fri 7 Mar 2025, 17:00 PST.
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-08T01:00:00Z") });
    expect(r.reason).toBe("the migration spike");
  });

  it("access to chat gpt for two hours", () => {
    const r = request("access to chat gpt for two hours");
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms: 2 * HOUR });
    expect(r.reason).toBeUndefined();
  });

  it("gpt for 30 min", () => {
    const r = request("gpt for 30 min");
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms: 30 * MIN });
  });

  it("until tomorrow ends tomorrow at 17:00 local", () => {
    const r = request("chatgpt until tomorrow");
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-06T01:00:00Z") });
  });

  it("for the rest of the day ends at 17:00 local", () => {
    const r = request("chatgpt for the rest of the day");
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-05T01:00:00Z") });
    expect(r.reason).toBeUndefined();
  });

  it("for the rest of the day after 16:45 ends at 23:59 local", () => {
    const late = new Date("2025-03-05T01:30:00Z"); // 17:30 PST
    const r = request("chatgpt for the rest of the day", { now: late, timeZone });
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-05T07:59:00Z") });
  });
});

describe("parseAccessIntent: spelling, spacing and number words", () => {
  it.each([
    ["chatgtp for 2 hours", 2 * HOUR],
    ["Chat-GPT for two hours", 2 * HOUR],
    ["CHATGPT for an hour and a half", 90 * MIN],
    ["chat gpt for half an hour", 30 * MIN],
    ["chatgpt enterprise for twenty four hours", 24 * HOUR],
    ["i need chatgpt for 1h30", 90 * MIN],
    ["chatgpt for a couple of days", 2 * DAY],
    ["chatgpt for the next 3 hours", 3 * HOUR],
  ])("%s", (text, ms) => {
    const r = request(text);
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms });
  });

  it("tolerates typos in other names", () => {
    expect(request("legal reserch asistant for 2 days").names).toEqual([LEGAL.displayName]);
    expect(request("copliot for a week").names).toEqual([COPILOT.displayName]);
  });

  it("finds a package by a resource it grants", () => {
    expect(request("github copilot business please").names).toEqual([COPILOT.displayName]);
  });
});

describe("parseAccessIntent: ambiguity", () => {
  it("assistant for 2 hours returns both assistants with close scores", () => {
    const r = request("assistant for 2 hours");
    expect(new Set(r.names)).toEqual(new Set([LEGAL.displayName, CODE.displayName]));
    const [a, b] = r.matches;
    expect(Math.abs((a?.score ?? 0) - (b?.score ?? 0))).toBeLessThan(0.25);
    expect(r.duration).toEqual({ kind: "for", ms: 2 * HOUR });
  });

  it("a full name wins over a shared word", () => {
    expect(request("code assistant for 2 hours").names).toEqual([CODE.displayName]);
    expect(request("legal assistant for 2 hours").names).toEqual([LEGAL.displayName]);
  });

  it("returns matches best first", () => {
    const scores = request("assistant for 2 hours").matches.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it("does not take a name in the reason for the package", () => {
    const r = request("I need ChatGPT to review code");
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.reason).toBe("review code");
  });
});

describe("parseAccessIntent: requests without a package", () => {
  it("I need access to something: a request with no matches", () => {
    const r = request("I need access to something");
    expect(r.matches).toEqual([]);
  });

  it("keeps the duration and reason of an access request naming nothing known", () => {
    const r = request("I need access for 2 hours to analyze data");
    expect(r.matches).toEqual([]);
    expect(r.duration).toEqual({ kind: "for", ms: 2 * HOUR });
    expect(r.reason).toBe("analyze data");
  });

  it.each(["I need a coffee", "I need an AI tool", "the weather is nice", "I want to chat with my manager", "thanks"])(
    "%s is unknown",
    (text) => {
      expect(parse(text)).toEqual({ kind: "unknown" });
    },
  );
});

describe("parseAccessIntent: reasons", () => {
  it.each([
    ["legal assistant for a day because of the Smith case", "the Smith case"],
    ["legal research for 2 weeks so that I can prepare the filing", "I can prepare the filing"],
    ["chatgpt for 2 hours in order to draft the Q3 report", "draft the Q3 report"],
    ["chatgpt for 2 hours, reason: customer escalation", "customer escalation"],
    ["chatgpt to analyze customer feedback for 2 hours please", "analyze customer feedback"],
    ["Can I have the AI platform console until 5pm today to rotate keys?", "rotate keys"],
    ["chatgpt 2h - summarise survey results. Thanks!", "summarise survey results"],
  ])("%s -> %s", (text, reason) => {
    expect(request(text).reason).toBe(reason);
  });

  it("keeps the person's own spelling and punctuation inside the reason", () => {
    expect(request("Code Assistant for 3 days to port the API (v2.1) to Node.js").reason).toBe("port the API (v2.1) to Node.js");
  });

  it("has no reason when only politeness is left", () => {
    expect(request("chatgpt for 2 hours please, thank you").reason).toBeUndefined();
    expect(request("I need chatgpt now").reason).toBeUndefined();
  });
});

describe("parseAccessIntent: durations it cannot read", () => {
  it.each([
    ["I need chatgpt for a while", "for a while"],
    ["I need chatgpt until the audit ends", "until the audit ends"],
    ["chatgpt for some hours to test", "for some hours"],
    ["chatgpt for 2", "for 2"],
    ["chatgpt until 3/5", "until 3/5"],
  ])("%s", (text, unparsed) => {
    const r = request(text);
    expect(r.duration).toBeUndefined();
    expect(r.unparsedDuration).toBe(unparsed);
    expect(r.names).toEqual([CHATGPT.displayName]);
  });

  it("reads a bare hour after 'until' as a time and parts of the day as ends", () => {
    expect(request("chatgpt till 3").duration).toEqual({ kind: "until", end: new Date("2025-03-04T23:00:00Z") });
    expect(request("code assistant for the afternoon").duration).toEqual({ kind: "until", end: new Date("2025-03-05T01:00:00Z") });
    expect(request("code assistant for the afternoon").reason).toBeUndefined();
    expect(request("chatgpt up to 3 days").duration).toEqual({ kind: "for", ms: 3 * DAY });
  });

  it("does not read a span describing the work as the access duration", () => {
    const r = request("I need chatgpt to analyze 2 weeks of feedback");
    expect(r.duration).toBeUndefined();
    expect(r.reason).toBe("analyze 2 weeks of feedback");
  });
});

describe("parseAccessIntent: time zones", () => {
  it("reads 'until Friday 5pm' in the person's own zone", () => {
    const r = request("code assistant until Friday 5pm", { now, timeZone: "Europe/Berlin" });
    // Fri 7 Mar 2025, 17:00 CET.
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-07T16:00:00Z") });
  });

  it("reads 'until Friday 5pm' across the US spring-forward change", () => {
    const saturday = new Date("2025-03-08T18:00:00Z"); // Sat 8 Mar, 10:00 PST
    const r = request("I need code assistant until Friday 5pm", { now: saturday, timeZone });
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-15T00:00:00Z") }); // 17:00 PDT
  });

  it("reads 'until Friday 5pm' across the European spring-forward change", () => {
    const saturday = new Date("2025-03-29T09:00:00Z"); // Sat 29 Mar, 10:00 CET
    const r = request("I need code assistant until Friday 5pm", { now: saturday, timeZone: "Europe/Berlin" });
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-04-04T15:00:00Z") }); // 17:00 CEST
  });

  it("reads an invalid zone as UTC", () => {
    const r = request("chatgpt until 5pm", { now, timeZone: "Not/AZone" });
    expect(r.duration).toEqual({ kind: "until", end: new Date("2025-03-05T17:00:00Z") });
  });
});

describe("parseAccessIntent: commands", () => {
  it.each([
    ["what can I request?", "list"],
    ["list", "list"],
    ["catalog", "list"],
    ["show tools", "list"],
    ["Show me the available tools", "list"],
    ["what's available?", "list"],
    ["my access", "myAccess"],
    ["what do I have", "myAccess"],
    ["What do I have access to?", "myAccess"],
    ["status", "myAccess"],
    ["my requests", "myAccess"],
    ["status of my ChatGPT request", "myAccess"],
    ["help", "help"],
    ["hi", "help"],
    ["Hello there!", "help"],
    ["what can you do?", "help"],
    ["", "help"],
  ])("%j -> %s", (text, kind) => {
    expect(parse(text)).toEqual({ kind });
  });

  it.each([
    "approvals",
    "Approvals",
    "my approvals",
    "pending approvals",
    "show approvals",
    "show me my pending approvals",
    "what do I need to approve?",
    "What do I have to approve today",
    "what's waiting for my approval?",
    "anything to approve?",
    "hi, can you show my approvals please",
  ])("%j -> approvals", (text) => {
    expect(parse(text)).toEqual({ kind: "approvals" });
  });

  it.each([
    "reviews",
    "my reviews",
    "access reviews",
    "my access reviews",
    "pending reviews",
    "show my access reviews",
    "what do I need to review?",
    "anything to review",
    "Reviews, please",
  ])("%j -> reviews", (text) => {
    expect(parse(text)).toEqual({ kind: "reviews" });
  });

  it("asking for a tool to be approved is a request, not the approvals command", () => {
    expect(request("I need ChatGPT approved").names).toEqual([CHATGPT.displayName]);
    expect(request("get copilot approved for a week").names).toEqual([COPILOT.displayName]);
  });

  it.each(["approve", "approve it", "review", "I approve", "review my code"])("%j is neither command", (text) => {
    expect(["approvals", "reviews"]).not.toContain(parse(text).kind);
  });

  it("a request naming a review stays a request", () => {
    const r = request("I need the legal research assistant for 3 days to review contracts");
    expect(r.names).toEqual([LEGAL.displayName]);
    expect(r.reason).toBe("review contracts");
  });

  it("a greeting followed by a request is a request", () => {
    const r = request("hi, I need chatgpt for an hour and a half please");
    expect(r.names).toEqual([CHATGPT.displayName]);
    expect(r.duration).toEqual({ kind: "for", ms: 90 * MIN });
  });

  it("a request mentioning help is still a request", () => {
    expect(request("help me get chatgpt for 2 hours").names).toEqual([CHATGPT.displayName]);
  });

  it("cancel my ChatGPT request", () => {
    const intent = parse("cancel my ChatGPT request");
    expect(intent).toMatchObject({ kind: "cancel", hint: "ChatGPT" });
    expect(intent.kind === "cancel" && intent.matches.map((m) => m.offer)).toEqual([CHATGPT]);
  });

  it("cancel with a longer hint", () => {
    const intent = parse("please cancel the pending request for the AI Platform Console");
    expect(intent).toMatchObject({ kind: "cancel", hint: "AI Platform Console" });
    expect(intent.kind === "cancel" && intent.matches.map((m) => m.offer)).toEqual([CONSOLE]);
  });

  it.each(["cancel", "cancel that", "never mind"])("%j cancels without a hint", (text) => {
    expect(parse(text)).toEqual({ kind: "cancel", matches: [] });
  });
});

describe("parseAccessIntent: fragments", () => {
  it("takes a lone fragment as a request", () => {
    expect(request("gpt").names).toEqual([CHATGPT.displayName]);
    expect(request("can I get gpt").names).toEqual([CHATGPT.displayName]);
  });

  it("works with no offers at all", () => {
    expect(parseAccessIntent("chatgpt for 2 hours", [], { now, timeZone })).toEqual({ kind: "unknown" });
    expect(parseAccessIntent("I need access to chatgpt", [], { now, timeZone })).toEqual({ kind: "request", matches: [] });
  });
});
