import type { QuietHours } from "../nudges/nudge-preferences.js";
import type { NudgeKind } from "../nudges/nudge-subject.js";

/**
 * A change to how a person is reminded, as {@link parsePreferenceCommand} reads it from chat.
 *
 * - `showSettings`: "reminder settings", "preferences", "quiet hours" alone.
 * - `snooze`: no reminders until `until`; `capped` when the person asked for longer than the bot allows.
 * - `resume`: "unsnooze", "resume reminders": snoozes end now.
 * - `quietHours`: null turns them off. `quietWeekends`: true means no reminders on weekend days.
 * - `mute` / `unmute`: kinds of reminders the person never (or again) wants.
 * - `invalid`: clearly meant as one of these, but not readable; `problem` says what to type instead.
 */
export type PreferenceCommand =
  | { readonly kind: "showSettings" }
  | { readonly kind: "snooze"; readonly until: Date; readonly capped: boolean }
  | { readonly kind: "resume" }
  | { readonly kind: "quietHours"; readonly quietHours: QuietHours | null }
  | { readonly kind: "quietWeekends"; readonly quiet: boolean }
  | { readonly kind: "mute" | "unmute"; readonly kinds: readonly NudgeKind[] }
  | { readonly kind: "invalid"; readonly problem: string };
