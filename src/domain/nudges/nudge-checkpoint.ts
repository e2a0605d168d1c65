import type { NudgeUrgency, NudgeWindow } from "./planned-nudge.js";

/** One point of a subject's cadence at which its recipient should hear about it. */
export interface NudgeCheckpoint {
  readonly window: NudgeWindow;
  /** When the cadence puts it, before quiet hours move it. */
  readonly at: Date;
  readonly urgency: NudgeUrgency;
  /** Quiet hours may move it earlier, but not before this (the subject's start, the event it announces). */
  readonly earliest: Date;
  /** After this it is pointless; null for never. */
  readonly deadline: Date | null;
}

/** A checkpoint before it is placed on the subject's timeline. */
export interface CadencePoint {
  readonly window: NudgeWindow;
  readonly at: Date;
  readonly urgency: NudgeUrgency;
}

/** The parts of a cadence, as {@link arrangeCadence} takes them. */
export interface CadenceParts {
  /** When the subject began (its posting); nothing goes out before. */
  readonly start: Date;
  /** When it runs out; null for never. */
  readonly deadline: Date | null;
  /** Points counted from the start (posting, halfway), in order. */
  readonly fromStart?: readonly CadencePoint[];
  /** Points counted back from the deadline (a day before, two hours before), in order. */
  readonly beforeDeadline?: readonly CadencePoint[];
  /** Things that happened (escalation, grant): announced from the moment they happened. */
  readonly events?: readonly CadencePoint[];
}

/**
 * A subject's checkpoints in time order, with the ones that make no sense for its length dropped: a
 * countdown point at or before the start (a day before a one-day deadline is the posting itself), and a
 * point counted from the start that would come after the countdown began ("halfway" after "a day left").
 * At equal times the later-listed, more urgent point is kept, and events come after cadence points.
 */
export function arrangeCadence(parts: CadenceParts): NudgeCheckpoint[] {
  // Plain loops: this runs for every subject and recipient on every pass.
  const start = parts.start.getTime();
  const deadline = parts.deadline === null ? Number.POSITIVE_INFINITY : parts.deadline.getTime();

  const countdown: CadencePoint[] = [];
  for (const point of parts.beforeDeadline ?? []) {
    const at = point.at.getTime();
    if (at > start && at < deadline) countdown.push(point);
  }
  countdown.sort(byTime);
  const countdownStart = countdown.length > 0 ? (countdown[0] as CadencePoint).at.getTime() : deadline;

  const checkpoints: NudgeCheckpoint[] = [];
  const opening = parts.fromStart ?? [];
  for (let i = 0; i < opening.length; i++) {
    const point = opening[i] as CadencePoint;
    const at = point.at.getTime();
    const live = at >= start && at < deadline && (at === start || at < countdownStart);
    if (live && opening[i + 1]?.at.getTime() !== at) checkpoints.push(checkpointOf(point, parts.start, parts.deadline));
  }
  for (let i = 0; i < countdown.length; i++) {
    const point = countdown[i] as CadencePoint;
    if (countdown[i + 1]?.at.getTime() !== point.at.getTime()) checkpoints.push(checkpointOf(point, parts.start, parts.deadline));
  }
  for (const point of parts.events ?? []) {
    const at = point.at.getTime();
    if (at >= start && at < deadline) checkpoints.push(checkpointOf(point, point.at, parts.deadline));
  }
  // A stable sort keeps cadence before events at equal times: the event says more.
  return checkpoints.sort(byTime);
}

function checkpointOf(point: CadencePoint, earliest: Date, deadline: Date | null): NudgeCheckpoint {
  return { window: point.window, at: point.at, urgency: point.urgency, earliest, deadline };
}

function byTime(a: { readonly at: Date }, b: { readonly at: Date }): number {
  return a.at.getTime() - b.at.getTime();
}
