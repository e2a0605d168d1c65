import { capSnooze } from "../nudges/cap-snooze.js";
import { DEFAULT_NUDGE_PREFERENCES } from "../nudges/nudge-preferences.js";
import { joinWithAnd, NUDGE_KIND_NAMES } from "../nudges/nudge-kind-names.js";
import type { NudgeKind } from "../nudges/nudge-subject.js";
import { readQuietHoursRange } from "../nudges/read-quiet-hours.js";
import { tokenize, type Token } from "../text/tokenize.js";
import type { EndContext } from "../time/read-end-phrase.js";
import type { PreferenceCommand } from "./preference-command.js";
import { readSnoozeEnd } from "./read-snooze-end.js";

const DAY_MS = 24 * 3_600_000;

// Stripped before matching, so "please snooze for a day, thanks" is "snooze for a day".
const LEADING = ["hi", "hello", "hey", "ok", "okay", "please", "pls", "can you", "could you", "would you", "just", "gatepass"];
const TRAILING = ["please", "pls", "thanks", "thank you", "thx", "ty"];

const SETTINGS: readonly RegExp[] = [
  /^(show |open |change |edit )?(me )?(my )?((reminder|reminders|nudge|nudges|notification|notifications|snooze) )?(settings|preferences|prefs)$/,
  /^(reminder|nudge|notification) (options|settings)$/,
  /^quiet (hours|time)( settings| status)?$/,
  /^(snooze|mute) (settings|status)$/,
];
const RESUME: readonly RegExp[] = [
  /^(unsnooze|resume|unpause|wake up|remind me again)( (all )?(my )?(reminders|nudges|notifications))?( again)?$/,
  /^(cancel|end|stop|clear|undo|remove)( my| the)? snooze$/,
  /^stop snoozing$/,
  /^(turn )?(my )?(reminders|nudges|notifications) (back )?on( again)?$/,
  /^turn (back )?on (my )?(reminders|nudges|notifications)$/,
];
const WEEKENDS_QUIET: readonly RegExp[] = [
  /^(no|quiet|silent) (weekends?|weekend reminders)$/,
  /^(weekends?|weekend reminders) (off|quiet)$/,
  /^quiet weekends? on$/,
  /^(no reminders|dont remind me|do not remind me) (on|at|over|during) (the )?weekends?$/,
];
const WEEKENDS_ON: readonly RegExp[] = [
  /^(weekends?|weekend reminders) on$/,
  /^quiet weekends? off$/,
  /^(remind me|reminders) (on|at|over|during) (the )?weekends?( too)?$/,
];
const QUIET_HOURS_OFF = new Set(["off", "none", "no", "disable", "disabled", "never", "clear"]);
const SNOOZE_HELP = 'Say for example "snooze for 2 hours", "snooze until Monday" or "snooze until tomorrow 9am".';
const MUTE_HELP = `I can mute ${joinWithAnd(NUDGE_KIND_NAMES.map((n) => n.word))}: say for example "mute reviews", or "unmute reviews" to hear about them again.`;

/** How a snooze can be asked for: the words, whether they need "reminders" after them, and a length. */
interface SnoozeLead {
  readonly words: readonly string[];
  /** "stop" alone is no snooze; "stop reminders for 2 hours" is. */
  readonly needsObject: boolean;
  /** "remind me" alone is no snooze; "remind me tomorrow" is. */
  readonly needsLength: boolean;
}
const SNOOZE_LEADS: readonly SnoozeLead[] = [
  { words: ["snooze"], needsObject: false, needsLength: false },
  { words: ["pause"], needsObject: false, needsLength: false },
  { words: ["hold"], needsObject: true, needsLength: false },
  { words: ["stop"], needsObject: true, needsLength: true },
  { words: ["mute"], needsObject: true, needsLength: true },
  { words: ["no"], needsObject: true, needsLength: true },
  { words: ["dont", "remind", "me"], needsObject: false, needsLength: true },
  { words: ["do", "not", "remind", "me"], needsObject: false, needsLength: true },
  { words: ["remind", "me"], needsObject: false, needsLength: true },
];
// What may follow a snooze verb without changing it: "snooze all my reminders for a day".
const SNOOZE_OBJECT_FILLERS = new Set(["all", "my", "the", "of"]);
const SNOOZE_OBJECTS = new Set(["reminders", "reminder", "nudges", "notifications", "everything", "them", "messages"]);

/**
 * Reads a command about reminders, without an AI service: snooze ("snooze", "snooze for a day",
 * "snooze 2 hours", "snooze until Monday", "pause reminders until Friday", "remind me tomorrow"),
 * resume ("unsnooze", "resume reminders"), quiet hours ("quiet hours 21:00-07:00", "quiet hours off"),
 * weekends ("no weekends", "weekends on"), muting ("mute reviews", "unmute approvals and pim") and the
 * settings card ("reminder settings", "preferences", "settings").
 *
 * Times are the person's own (`context.timeZone`); a snooze longer than 14 days is capped (`capped`).
 * Undefined when the message is not about reminders, so it can be read as a request for access.
 */
export function parsePreferenceCommand(text: string, context: EndContext): PreferenceCommand | undefined {
  const tokens = tokenize(text);
  const [lo, hi] = stripPoliteness(tokens);
  if (lo >= hi) return undefined;
  const core = tokens.slice(lo, hi).map((t) => t.norm).join(" ");
  if (SETTINGS.some((re) => re.test(core))) return { kind: "showSettings" };
  if (RESUME.some((re) => re.test(core))) return { kind: "resume" };
  if (WEEKENDS_QUIET.some((re) => re.test(core))) return { kind: "quietWeekends", quiet: true };
  if (WEEKENDS_ON.some((re) => re.test(core))) return { kind: "quietWeekends", quiet: false };
  return readQuietHours(text, tokens, lo, hi) ?? readMute(tokens, lo, hi) ?? readSnooze(tokens, lo, hi, context);
}

/** "quiet hours 21:00-07:00", "set my quiet hours to 9pm-7am", "quiet hours off", "no quiet hours". */
function readQuietHours(text: string, tokens: readonly Token[], lo: number, hi: number): PreferenceCommand | undefined {
  let at = lo;
  // "on" or "off" said before ("turn off quiet hours", "no quiet hours") or after ("quiet hours off").
  let switched: "on" | "off" | undefined;
  const first = norm(tokens, at);
  if (first === "set" || first === "change" || first === "update") at++;
  else if (first === "no" || first === "disable") {
    switched = "off";
    at++;
  } else if (first === "turn") {
    at++;
    const onOff = norm(tokens, at);
    if (onOff === "on" || onOff === "off") {
      switched = onOff;
      at++;
    }
  }
  if (norm(tokens, at) === "my" || norm(tokens, at) === "the") at++;
  if (norm(tokens, at) !== "quiet" || !["hours", "hour", "time"].includes(norm(tokens, at + 1))) return undefined;
  at += 2;
  const after = norm(tokens, at);
  if (switched === undefined && (after === "on" || after === "off")) {
    switched = after;
    at++;
  }
  if (switched !== undefined) {
    if (at !== hi) return undefined;
    return { kind: "quietHours", quietHours: switched === "off" ? null : DEFAULT_NUDGE_PREFERENCES.quietHours };
  }
  while (["to", "are", "is", "at"].includes(norm(tokens, at))) at++;
  if (at >= hi) return { kind: "showSettings" };
  if (at === hi - 1 && QUIET_HOURS_OFF.has(norm(tokens, at))) return { kind: "quietHours", quietHours: null };
  const reading = readQuietHoursRange(text.slice(tokens[at]!.start, tokens[hi - 1]!.end));
  return "problem" in reading ? { kind: "invalid", problem: reading.problem } : { kind: "quietHours", quietHours: reading.quietHours };
}

/** "mute reviews", "mute reviews and approvals", "unmute pim", "unmute all". */
function readMute(tokens: readonly Token[], lo: number, hi: number): PreferenceCommand | undefined {
  const verb = norm(tokens, lo);
  if (verb !== "mute" && verb !== "unmute") return undefined;
  let at = lo + 1;
  while (norm(tokens, at) === "my" || norm(tokens, at) === "the") at++;
  // "mute reminders about reviews"
  if (SNOOZE_OBJECTS.has(norm(tokens, at)) && ["about", "for", "on", "of"].includes(norm(tokens, at + 1))) at += 2;
  const rest = tokens.slice(at, hi).map((t) => t.norm);
  if (verb === "unmute" && rest.length > 0 && rest.every((w) => ["all", "everything", "reminders", "kinds"].includes(w))) {
    return { kind: "unmute", kinds: NUDGE_KIND_NAMES.map((n) => n.kind) };
  }
  const kinds: NudgeKind[] = [];
  while (at < hi) {
    if (["and", "or", "my", "the", "also"].includes(norm(tokens, at))) {
      at++;
      continue;
    }
    const found = matchKindAt(tokens, at, hi);
    // "mute reminders for 2 hours", "mute everything": every kind for a while is a snooze.
    if (found === undefined) return kinds.length === 0 && verb === "mute" ? undefined : { kind: "invalid", problem: MUTE_HELP };
    if (!kinds.includes(found.kind)) kinds.push(found.kind);
    at = found.next;
  }
  return kinds.length === 0 ? { kind: "invalid", problem: MUTE_HELP } : { kind: verb, kinds };
}

function matchKindAt(tokens: readonly Token[], at: number, hi: number): { kind: NudgeKind; next: number } | undefined {
  let best: { kind: NudgeKind; next: number } | undefined;
  for (const name of NUDGE_KIND_NAMES) {
    for (const alias of name.aliases) {
      const words = alias.split(" ");
      if (at + words.length > hi || !words.every((w, k) => norm(tokens, at + k) === w)) continue;
      if (best === undefined || at + words.length > best.next) best = { kind: name.kind, next: at + words.length };
    }
  }
  return best;
}

/** "snooze", "snooze for a day", "pause reminders until Friday", "no reminders until Monday", "remind me tomorrow". */
function readSnooze(tokens: readonly Token[], lo: number, hi: number, context: EndContext): PreferenceCommand | undefined {
  const lead = SNOOZE_LEADS.find((l) => l.words.every((w, k) => norm(tokens, lo + k) === w));
  if (lead === undefined) return undefined;
  let at = lo + lead.words.length;
  while (SNOOZE_OBJECT_FILLERS.has(norm(tokens, at)) && at < hi) at++;
  const hasObject = SNOOZE_OBJECTS.has(norm(tokens, at));
  if (hasObject) at++;
  else at = lo + lead.words.length;
  if (lead.needsObject && !hasObject) return lead.words[0] === "mute" ? { kind: "invalid", problem: MUTE_HELP } : undefined;
  // Only "snooze" is never anything else: other leads need reminders named before an unreadable length is an error.
  const meant = lead.words[0] === "snooze" || hasObject;
  if (at >= hi) {
    if (!lead.needsLength) return snoozeUntil(new Date(context.now.getTime() + DAY_MS), context.now);
    if (lead.words[0] === "mute") return { kind: "invalid", problem: `To stop every reminder for a while, snooze them. ${SNOOZE_HELP} To stop one kind for good, say "mute reviews".` };
    return meant ? { kind: "invalid", problem: `For how long? ${SNOOZE_HELP}` } : undefined;
  }
  const end = readSnoozeEnd(tokens, at, context);
  if (end === undefined || end.next !== hi) return meant ? { kind: "invalid", problem: `I couldn't read how long to snooze. ${SNOOZE_HELP}` } : undefined;
  if (end.until.getTime() <= context.now.getTime()) return { kind: "invalid", problem: `That time has already passed. ${SNOOZE_HELP}` };
  return snoozeUntil(end.until, context.now);
}

function snoozeUntil(until: Date, now: Date): PreferenceCommand {
  return { kind: "snooze", ...capSnooze(until, now) };
}

function stripPoliteness(tokens: readonly Token[]): [number, number] {
  let lo = 0;
  let hi = tokens.length;
  for (let changed = true; changed; ) {
    changed = false;
    for (const phrase of LEADING) {
      const words = phrase.split(" ");
      if (lo + words.length < hi && words.every((w, k) => norm(tokens, lo + k) === w)) {
        lo += words.length;
        changed = true;
      }
    }
    for (const phrase of TRAILING) {
      const words = phrase.split(" ");
      if (hi - words.length > lo && words.every((w, k) => norm(tokens, hi - words.length + k) === w)) {
        hi -= words.length;
        changed = true;
      }
    }
  }
  return [lo, hi];
}

function norm(tokens: readonly Token[], i: number): string {
  return tokens[i]?.norm ?? "";
}
