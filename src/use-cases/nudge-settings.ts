import { parsePreferenceCommand } from "../domain/intent/parse-preference-command.js";
import type { PreferenceCommand } from "../domain/intent/preference-command.js";
import type { Person } from "../domain/model/person.js";
import { GovernanceError } from "../governance/governance-error.js";
import { changeNudgePreferences, type NudgePreferenceChange } from "../domain/nudges/change-nudge-preferences.js";
import { nextMorning } from "../domain/nudges/next-morning.js";
import type { NudgePreferences } from "../domain/nudges/nudge-preferences.js";
import { NUDGE_KINDS, type NudgeKind } from "../domain/nudges/nudge-subject.js";
import { parseNudgePreferences, toStoredNudgePreferences } from "../domain/nudges/parse-nudge-preferences.js";
import { readQuietHoursInputs } from "../domain/nudges/read-quiet-hours.js";
import { describePreferenceChange, type PreferenceReader } from "../domain/views/describe-preference-change.js";
import { nudgeSettingsView, type NudgeSettingsViewOptions, type TypedNudgeSettings } from "../domain/views/nudge-settings-view.js";
import type { CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { PeopleDirectory } from "./person-context.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ClickOrigin } from "./request-flow.js";

/** The card buttons {@link NudgeSettings.onAction} answers (Action.Execute verbs). */
export const NUDGE_SETTINGS_VERBS = ["prefs.open", "prefs.save", "prefs.snooze", "prefs.resume", "nudge.snoozeSubject"] as const;
export type NudgeSettingsVerb = (typeof NUDGE_SETTINGS_VERBS)[number];

const DAY_MS = 24 * 3_600_000;
// Ids Entra gives requests and review instances (GUIDs, demo ids): anything else in a click is not one.
const ENTRA_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const AUDIT_ACTIONS: Record<NudgePreferenceChange["kind"], `preferences.${string}`> = {
  snooze: "preferences.snoozed",
  resume: "preferences.resumed",
  snoozeSubject: "preferences.subject_snoozed",
  quietHours: "preferences.quiet_hours_changed",
  quietWeekends: "preferences.quiet_weekends_changed",
  mute: "preferences.muted",
  unmute: "preferences.unmuted",
  save: "preferences.saved",
};

/**
 * How a person is reminded, set by themselves: chat commands ("snooze for a day", "quiet hours
 * 21:00-07:00", "mute reviews"), the settings card, and "Remind me tomorrow" on a reminder. Every change
 * is stored in the person's preferences (which the nudge pass reads on its next run) and audited.
 */
export class NudgeSettings {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly people: PeopleDirectory,
  ) {}

  /** The answer to a chat message about reminders, or null when the message is about something else. */
  async fromMessage(userId: string, text: string): Promise<Reply | null> {
    const now = this.deps.clock.now();
    // Whether a message is about reminders does not depend on the zone: only read the person when it is.
    if (parsePreferenceCommand(text, { now, timeZone: "UTC" }) === undefined) return null;
    const me = await this.me(userId);
    const command = parsePreferenceCommand(text, { now, timeZone: me.timeZone });
    if (command === undefined) return null;
    if (command.kind === "showSettings") return cardReply(await this.card(userId, me));
    if (command.kind === "invalid") return textReply(command.problem);
    const change = toChange(command);
    const { sentence } = await this.change(userId, me, change, null, { capped: command.kind === "snooze" && command.capped });
    return textReply(sentence);
  }

  /** A click on the settings card, or "Remind me tomorrow" on a reminder. `data` is never trusted for identity. */
  async onAction(userId: string, verb: NudgeSettingsVerb, data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    const me = await this.me(userId);
    const now = this.deps.clock.now();
    switch (verb) {
      case "prefs.open":
        return cardReply(await this.card(userId, me));
      case "prefs.snooze":
      case "prefs.resume": {
        const change: NudgePreferenceChange = verb === "prefs.snooze" ? { kind: "snooze", until: new Date(now.getTime() + DAY_MS) } : { kind: "resume" };
        const { after, sentence } = await this.change(userId, me, change, origin);
        return cardReply(this.render(after, me, { notice: sentence }));
      }
      case "prefs.save":
        return this.save(userId, me, data, origin);
      case "nudge.snoozeSubject": {
        const subjectId = subjectIdOfReminder(data);
        if (subjectId === null) return textReply("That reminder is out of date. Say \"reminder settings\" to snooze everything instead.");
        const before = await this.read(userId);
        const change: NudgePreferenceChange = { kind: "snoozeSubject", subjectId, until: nextMorning(now, me.timeZone, before) };
        return textReply((await this.change(userId, me, change, origin)).sentence);
      }
    }
  }

  /** The settings card with the person's current settings. */
  async card(userId: string, me: Person, extra: Partial<NudgeSettingsViewOptions> = {}): Promise<CardSpec> {
    return this.render(await this.read(userId), me, extra);
  }

  private async save(userId: string, me: Person, data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    const typed = readTyped(data);
    const quiet = readQuietHoursInputs(typed.quietStart, typed.quietEnd);
    if ("problem" in quiet) return cardReply(await this.card(userId, me, { errors: [quiet.problem], typed }));
    const mutedKinds = typed.mutedKinds.filter((k): k is NudgeKind => (NUDGE_KINDS as readonly string[]).includes(k));
    const change: NudgePreferenceChange = { kind: "save", quietHours: quiet.quietHours, quietWeekends: typed.quietWeekends, mutedKinds };
    const { after, sentence } = await this.change(userId, me, change, origin);
    return cardReply(this.render(after, me, { notice: sentence }));
  }

  private async change(
    userId: string,
    me: Person,
    change: NudgePreferenceChange,
    origin: ClickOrigin | null,
    facts: { capped?: boolean } = {},
  ): Promise<{ after: NudgePreferences; sentence: string }> {
    const { preferences, audit, clock } = this.deps;
    const now = clock.now();
    const before = await this.read(userId);
    const after = changeNudgePreferences(before, change, now);
    await preferences.put(userId, toStoredNudgePreferences(after), now);
    const sentence = describePreferenceChange(change, before, after, this.reader(me), facts);
    await audit.append({
      occurredAt: now,
      actorAadObjectId: userId,
      action: AUDIT_ACTIONS[change.kind],
      subjectType: "preferences",
      subjectId: userId,
      outcome: "ok",
      reason: sentence,
      details: { change: toStoredChange(change), before: toStoredNudgePreferences(before), after: toStoredNudgePreferences(after) },
      conversationId: origin?.conversationId ?? null,
      activityId: origin?.cardActivityId ?? null,
    });
    return { after, sentence };
  }

  /**
   * The person, for their time zone. A directory that cannot be read now does not stop a snooze or a
   * resume: times are then read and shown in UTC, and the card and sentences say so (isTimeZoneFallback).
   */
  private me(userId: string): Promise<Person> {
    return this.people.get(userId).catch((error: unknown) => {
      if (!(error instanceof GovernanceError)) throw error;
      this.deps.log.warn({ err: error, userId }, "could not read the person for their reminder settings; using UTC");
      return { id: userId, displayName: "", mail: null, timeZone: "UTC", isTimeZoneFallback: true, isOutOfOffice: false };
    });
  }

  private async read(userId: string): Promise<NudgePreferences> {
    return parseNudgePreferences((await this.deps.preferences.get(userId))?.preferences ?? null);
  }

  private render(preferences: NudgePreferences, me: Person, extra: Partial<NudgeSettingsViewOptions>): CardSpec {
    return { template: "nudge-settings", summary: "Your reminder settings", data: nudgeSettingsView(preferences, { ...this.reader(me), ...extra }) };
  }

  private reader(me: Person): PreferenceReader {
    return { timeZone: me.timeZone, isTimeZoneFallback: me.isTimeZoneFallback, now: this.deps.clock.now() };
  }
}

function toChange(command: Exclude<PreferenceCommand, { kind: "showSettings" | "invalid" }>): NudgePreferenceChange {
  switch (command.kind) {
    case "snooze":
      return { kind: "snooze", until: command.until };
    case "resume":
      return { kind: "resume" };
    case "quietHours":
      return { kind: "quietHours", quietHours: command.quietHours };
    case "quietWeekends":
      return { kind: "quietWeekends", quiet: command.quiet };
    case "mute":
    case "unmute":
      return { kind: command.kind, kinds: command.kinds };
  }
}

/** The change as JSON for the audit trail (dates as ISO strings). */
function toStoredChange(change: NudgePreferenceChange): Record<string, unknown> {
  return JSON.parse(JSON.stringify(change)) as Record<string, unknown>;
}

/** The settings card's inputs as Teams merged them into the click's data. */
function readTyped(data: Record<string, unknown>): TypedNudgeSettings {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const muted = data.mutedKinds;
  return {
    quietStart: text(data.quietStart),
    quietEnd: text(data.quietEnd),
    quietWeekends: data.quietWeekends === true || data.quietWeekends === "true",
    // A multi-select choice set sends its values joined with commas.
    mutedKinds: (Array.isArray(muted) ? muted.map(text) : text(muted).split(",")).map((k) => k.trim()).filter((k) => k !== ""),
  };
}

/**
 * The nudge subject a reminders digest item is about (see `nudgeSubjectId`), from the item's own data:
 * an approval stage, a PIM approval or an access review. Null for anything else. Only the clicker's own
 * reminders are put off, so the ids need no more checking than their shape.
 */
function subjectIdOfReminder(data: Record<string, unknown>): string | null {
  const item = typeof data.item === "object" && data.item !== null ? (data.item as Record<string, unknown>) : data;
  const id = (v: unknown) => (typeof v === "string" && ENTRA_ID.test(v) ? v : null);
  if (item.kind === "approvalStage") {
    const requestId = id(item.requestId);
    const stage = Number(item.stageIndex);
    return requestId !== null && Number.isInteger(stage) && stage >= 0 && stage < 10 ? `${requestId}/${stage}` : null;
  }
  if (item.kind === "pimApproval") return id(item.requestId);
  if (item.kind === undefined && typeof item.definitionId === "string") return id(item.instanceId);
  return null;
}
