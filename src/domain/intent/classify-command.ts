import type { Token } from "../text/tokenize.js";

/** A command recognised in a message; `cancel` carries the token range after the verb, where the hint is. */
export type Command =
  | { readonly kind: "list" | "myAccess" | "help" | "approvals" | "reviews" }
  | { readonly kind: "cancel"; readonly hintStart: number; readonly hintEnd: number };

// Stripped from the start before matching, so "hi, can you show me the catalog please" is "show me the catalog".
const LEADING_PHRASES: readonly string[] = [
  "hi", "hello", "hey", "hiya", "yo", "howdy", "greetings", "good morning", "good afternoon", "good evening",
  "gatepass", "bot", "please", "pls", "plz", "ok", "okay", "um", "so", "can you", "could you", "would you",
  "will you", "can u", "could u", "i want to", "i wanna", "i would like to", "id like to", "let me", "just",
];
const TRAILING_PHRASES: readonly string[] = ["there", "bot", "please", "pls", "plz", "thanks", "thank you", "thx", "ty", "now", "again", "here", "gatepass"];
const GREETINGS = new Set(["hi", "hello", "hey", "hiya", "yo", "howdy", "greetings", "good morning", "good afternoon", "good evening"]);

// Whole-message patterns (after stripping). Anchored, so a request that merely contains "help" or
// "list" is not taken for a command.
const LIST: readonly RegExp[] = [
  /^(list|catalog|catalogue|menu|options|tools|packages|access packages|apps|browse|offers)$/,
  /^(show|list|see|view|browse|display|give)( me)?( the| all| all the| your| available| the available)? ?(tools|packages|access packages|catalog|catalogue|apps|options|list|everything|offers)( available| you have| you offer)?$/,
  /^what (can|could|may) i (request|get|ask for|access|apply for|use|have access to)$/,
  /^what (tools|packages|apps|access|options)( are| is)? (available|there|on offer)( to me| for me)?$/,
  /^(whats|what is|what are|which are) (available|on offer|the options)$/,
  /^(which|what) (tools|packages|apps)( can i (request|get|use))?$/,
  /^what do you (have|offer)$/,
];
const MY_ACCESS: readonly RegExp[] = [
  /^(my )?(access|requests?|tools|packages|assignments|status)$/,
  /^(my )?(pending|open|active|current) (requests?|access)$/,
  /^what (do|did) i (have|get)( access to)?$/,
  /^what (access|tools|packages) do i (have|own)( right now| now)?$/,
  /^(show|list|check|view|see|get)( me)? my( current| pending| open| active)? (access|requests?|tools|packages|assignments|status)$/,
  /^(whats|what is|check)( the)? status( of my (requests?|access))?$/,
  /^(status|where is|whats happening with|what happened to) (of )?my\b/,
];
// What waits for the person's own decision. Every pattern names approvals or reviews as a thing to
// decide, so "approve" alone or "I need ChatGPT approved" stay out (a request, or not understood).
const APPROVALS: readonly RegExp[] = [
  /^(my )?(pending |open |outstanding |waiting )?(approvals|approval requests|requests to approve|requests for approval|things to approve)$/,
  /^(show|list|check|view|see|get|open)( me)?( my| the| all| all my| all the)?( pending| open| outstanding| waiting)? (approvals|approval requests|requests to approve|requests for approval)$/,
  /^what (do|should|must|can) i (need to |have to )?approve( today| now)?$/,
  /^(what|whats|which requests?|requests?|anything|something|who)( is| are)? (waiting|pending) (for|on) (my (approval|decision)|me to approve)$/,
  /^(what|which requests?|who) needs? my (approval|decision)$/,
  /^(is there |are there )?(anything|something|requests?) (for me )?to approve$/,
];
const REVIEWS: readonly RegExp[] = [
  /^(my )?(pending |open |outstanding )?(access )?reviews( to do)?$/,
  /^(show|list|check|view|see|get|open)( me)?( my| the| all| all my| all the)?( pending| open| outstanding)? (access )?reviews$/,
  /^what (do|should|must|can) i (need to |have to )?review( today| now)?$/,
  /^(what|whats|anything|something)( is| are)? (waiting|pending) (for|on) my review$/,
  /^(what|who) needs? my review$/,
  /^(is there |are there )?(anything|something) (for me )?to review$/,
];
const HELP: readonly RegExp[] = [
  /^(help|help me|i need help|start|get started|commands|usage|about|info|what can you do|what do you do|what are you|who are you|how does (this|it) work|how do i use (this|you|it)|how can you help( me)?)$/,
];
const CANCEL = new Set(["cancel", "withdraw", "retract", "abort"]);
const CANCEL_PHRASES: readonly string[] = ["never mind", "nevermind", "forget it"];

/**
 * Recognises the bot's commands in a message: list ("what can I request?", "list", "catalog",
 * "show tools"), my access ("my access", "what do I have", "status", "my requests"), approvals
 * ("approvals", "what do I need to approve"), reviews ("reviews", "my access reviews"), help ("help",
 * "hi", "what can you do") and cancel ("cancel my ChatGPT request"). Undefined for anything else.
 */
export function classifyCommand(tokens: readonly Token[]): Command | undefined {
  let lo = 0;
  let hi = tokens.length;
  let sawGreeting = false;
  for (let changed = true; changed; ) {
    changed = false;
    const lead = matchPhraseAt(tokens, lo, hi, LEADING_PHRASES);
    if (lead !== undefined) {
      sawGreeting ||= GREETINGS.has(lead.phrase);
      lo += lead.length;
      changed = true;
    }
    const trail = matchPhraseBefore(tokens, lo, hi, TRAILING_PHRASES);
    if (trail !== undefined) {
      hi -= trail;
      changed = true;
    }
  }
  if (lo >= hi) return sawGreeting || tokens.length === 0 ? { kind: "help" } : undefined;

  if (CANCEL.has(tokens[lo]?.norm ?? "")) return { kind: "cancel", hintStart: lo + 1, hintEnd: hi };
  const core = tokens.slice(lo, hi).map((t) => t.norm).join(" ");
  if (CANCEL_PHRASES.includes(core)) return { kind: "cancel", hintStart: hi, hintEnd: hi };
  if (LIST.some((re) => re.test(core))) return { kind: "list" };
  if (APPROVALS.some((re) => re.test(core))) return { kind: "approvals" };
  if (REVIEWS.some((re) => re.test(core))) return { kind: "reviews" };
  if (MY_ACCESS.some((re) => re.test(core))) return { kind: "myAccess" };
  if (HELP.some((re) => re.test(core))) return { kind: "help" };
  return undefined;
}

function matchPhraseAt(
  tokens: readonly Token[],
  lo: number,
  hi: number,
  phrases: readonly string[],
): { phrase: string; length: number } | undefined {
  for (const phrase of phrases) {
    const words = phrase.split(" ");
    if (lo + words.length > hi) continue;
    if (words.every((w, k) => tokens[lo + k]?.norm === w)) return { phrase, length: words.length };
  }
  return undefined;
}

function matchPhraseBefore(tokens: readonly Token[], lo: number, hi: number, phrases: readonly string[]): number | undefined {
  for (const phrase of phrases) {
    const words = phrase.split(" ");
    const from = hi - words.length;
    if (from < lo) continue;
    if (words.every((w, k) => tokens[from + k]?.norm === w)) return words.length;
  }
  return undefined;
}
