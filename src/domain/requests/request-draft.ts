import { z } from "zod";
import type { AssignmentExpiration } from "../model/assignment-expiration.js";

/**
 * What the request card submits. Adaptive Cards send strings, so every field is lenient: `duration`
 * is milliseconds or text ("2 hours", "PT2H", "until Friday 5pm"); `end` is an ISO date-time, read in
 * the person's zone when it has no offset, or a date alone (that day at 17:00); empty strings count as
 * absent. `answers` maps question ids to a string, a string array, or a comma-joined multi-select.
 */
export const requestDraftInputSchema = z.object({
  policyId: z.string().min(1),
  duration: z.union([z.number(), z.string()]).optional(),
  end: z.union([z.string(), z.date()]).optional(),
  justification: z.string().optional(),
  answers: z.record(z.union([z.string(), z.array(z.string())])).optional(),
});

/** See {@link requestDraftInputSchema}. */
export type RequestDraftInput = z.infer<typeof requestDraftInputSchema>;

/** One answer as Entra stores it (`accessPackageAnswerString`): one entry per selected choice. */
export interface DraftAnswer {
  readonly questionId: string;
  readonly value: string;
  readonly displayValue: string;
}

/** When the requested access starts and ends, independent of Graph's JSON. */
export interface DraftSchedule {
  readonly start: Date;
  readonly expiration: AssignmentExpiration;
  /** When access would end if granted now; absent for no expiration. For display. */
  readonly end?: Date;
  /**
   * True when the person chose this window; false when it is the policy's own, in which case the
   * gateway sends no custom schedule and Entra applies the policy.
   */
  readonly isCustom: boolean;
}

/** A checked request, ready for the gateway to send as a `userAdd` assignment request. */
export interface RequestDraft {
  readonly policyId: string;
  readonly schedule: DraftSchedule;
  readonly justification?: string;
  readonly answers: readonly DraftAnswer[];
}

/**
 * A problem or remark tied to one field of the card (`duration`, `end`, `justification`, `policyId`,
 * `answers.<questionId>`), in a sentence the person can act on.
 */
/** What a request is filed for, as the person filing it saw it: Graph's answer to the filing names neither. */
export interface SubmitTarget {
  readonly packageId: string;
  readonly packageDisplayName: string;
  readonly requesterDisplayName: string;
}

export interface DraftIssue {
  readonly field: string;
  readonly message: string;
}

/** The outcome of `validateRequestDraft`: a draft with remarks, or the reasons it cannot be sent. */
export type RequestDraftResult =
  | { readonly ok: true; readonly draft: RequestDraft; readonly notes: readonly DraftIssue[] }
  | { readonly ok: false; readonly errors: readonly DraftIssue[] };
