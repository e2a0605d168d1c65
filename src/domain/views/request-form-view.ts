import type { AccessPackageOffer } from "../model/access-package-offer.js";
import type { PolicyRequirements } from "../model/policy-requirements.js";
import type { DraftIssue } from "../requests/request-draft.js";
import { formatDuration } from "../time/format-duration.js";
import { describeExpiration } from "./describe-expiration.js";
import { offerSummary } from "./offers-view.js";

/** What the person already said or typed, kept across a failed submit so nothing is lost. */
export interface RequestFormPrefill {
  durationText?: string;
  justification?: string;
  answers?: Record<string, string>;
}

/** The card input id of a policy question (input ids must be unique and stable). */
export function questionInputId(questionId: string): string {
  return `q_${questionId}`;
}

/**
 * Template data for `adaptiveCards/request-form.json`: the package, the policy (a choice when several
 * apply), the duration within the policy's bounds (fixed when it allows no custom schedule), the
 * justification and the policy's questions, with any problems from the last submit.
 */
export function requestFormView(
  offer: AccessPackageOffer,
  policy: PolicyRequirements,
  prefill: RequestFormPrefill,
  issues: readonly DraftIssue[],
  timeZone: string,
  draftId: string,
): Record<string, unknown> {
  const summary = offerSummary(offer, timeZone);
  const maximum = policy.expiration.kind === "afterDuration" ? formatDuration(policy.expiration.durationMs) : describeExpiration(policy.expiration, timeZone);
  const fixed = !policy.allowCustomAssignmentSchedule;
  return {
    packageId: offer.packageId,
    packageName: offer.displayName,
    description: offer.description,
    grants: summary.grants,
    approval: policy.isApprovalRequired ? `approved by ${policy.approverSummary || "an approver"}` : "granted at once, no approval",
    errors: issues.map((i) => i.message),
    showPolicyChoice: offer.policies.length > 1,
    selectedPolicyId: policy.policyId,
    policies: offer.policies.map((p) => ({ title: p.displayName, value: p.policyId })),
    fixedDuration: fixed ? describeExpiration(policy.expiration, timeZone) : "",
    durationText: prefill.durationText ?? "",
    durationHint: policy.expiration.kind === "noExpiration" ? "as long as you need" : `at most ${maximum}`,
    justification: prefill.justification ?? "",
    justificationLabel: policy.isRequestorJustificationRequired ? "Why do you need it? (required)" : "Why do you need it? (optional)",
    justificationRequired: policy.isRequestorJustificationRequired,
    questions: [...policy.questions]
      .sort((a, b) => a.sequence - b.sequence)
      .map((q) => ({
        inputId: questionInputId(q.id),
        text: q.isRequired ? `${q.text} (required)` : q.text,
        isRequired: q.isRequired,
        isText: q.kind === "text",
        isMultiline: q.kind === "text" ? !q.isSingleLine : false,
        isMultiSelect: q.kind === "choice" ? q.allowsMultiple : false,
        value: prefill.answers?.[q.id] ?? "",
        choices: q.kind === "choice" ? q.choices.map((c) => ({ title: c.label, value: c.value })) : [],
      })),
    draftId,
  };
}
