import { arrangeCadence, type NudgeCheckpoint } from "./nudge-checkpoint.js";
import type { PimActivationSubject } from "./nudge-subject.js";

/** How long before a PIM activation ends its holder is told. */
export const PIM_ENDING_NOTICE_MS = 10 * 60_000;

/**
 * What the person who asked for a PIM activation hears: that it was granted or denied, and, when
 * granted, that it ends in ten minutes. Nothing while it waits.
 */
export function listPimActivationCheckpoints(subject: PimActivationSubject): NudgeCheckpoint[] {
  const outcome = subject.outcome;
  if (outcome === null) return [];
  if (outcome.status === "denied") {
    return arrangeCadence({ start: outcome.at, deadline: null, events: [{ window: "denied", at: outcome.at, urgency: "routine" }] });
  }
  const endsAt = subject.endsAt;
  return arrangeCadence({
    start: outcome.at,
    // "Granted" after the activation ended would be noise: it shares the end as its deadline.
    deadline: endsAt,
    events: [{ window: "granted", at: outcome.at, urgency: "routine" }],
    beforeDeadline:
      endsAt === null ? [] : [{ window: "endingSoon", at: new Date(endsAt.getTime() - PIM_ENDING_NOTICE_MS), urgency: "urgent" }],
  });
}
