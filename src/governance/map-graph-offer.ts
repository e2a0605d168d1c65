import type {
  AccessPackage,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentRequestRequirements,
  AccessPackageMultipleChoiceQuestion,
  AccessPackageQuestion,
  AccessPackageResourceRoleScope,
  AccessPackageTextInputQuestion,
} from "@microsoft/microsoft-graph-types";
import { summarizeApprovers, type ApproverNames } from "../domain/approvals/summarize-approvers.js";
import type { AccessGrant, AccessPackageOffer } from "../domain/model/access-package-offer.js";
import { deriveRiskTier } from "../domain/model/derive-risk-tier.js";
import type { PolicyQuestion } from "../domain/model/policy-question.js";
import type { PolicyRequirements } from "../domain/model/policy-requirements.js";
import { mapExpiration, mapStagePolicy } from "./map-graph-policy.js";

/** What the gateway read about one package: the person's requirements (delegated) and the package's details (app-only). */
export interface PackageReading {
  /** From `filterByCurrentUser(on='allowedRequestor')?$expand=catalog`. */
  readonly accessPackage: AccessPackage;
  /** From `getApplicablePolicyRequirements`, for the signed-in person. */
  readonly requirements: readonly AccessPackageAssignmentRequestRequirements[];
  /** The package's policies (their approval stages) and resource role scopes. */
  readonly policies: readonly AccessPackageAssignmentPolicy[];
  readonly roleScopes: readonly AccessPackageResourceRoleScope[];
}

/** An offer from what was read about a package; null when no policy applies to the person any more. */
export function mapOffer(reading: PackageReading, names: ApproverNames): AccessPackageOffer | null {
  const pkg = reading.accessPackage;
  const policies = reading.requirements.map((r) => mapRequirements(r, reading.policies.find((p) => p.id === r.policyId), names));
  if (policies.length === 0) return null;
  const catalogName = pkg.catalog?.displayName ?? "";
  return {
    packageId: pkg.id ?? "",
    displayName: pkg.displayName ?? "",
    description: pkg.description ?? "",
    catalogName,
    riskTier: deriveRiskTier({ policies, catalogName }),
    grants: reading.roleScopes.map(mapGrant),
    policies,
  };
}

/**
 * One policy's requirements. The requirements call gives questions, schedule and justification; the
 * approval stages (how many, who) come from the policy itself, read app-only, since requirements name
 * no approvers.
 */
export function mapRequirements(
  requirements: AccessPackageAssignmentRequestRequirements,
  policy: AccessPackageAssignmentPolicy | undefined,
  names: ApproverNames,
): PolicyRequirements {
  const isApprovalRequired = requirements.isApprovalRequiredForAdd === true;
  const stages = isApprovalRequired ? (policy?.requestApprovalSettings?.stages ?? []).map(mapStagePolicy) : [];
  return {
    policyId: requirements.policyId ?? "",
    displayName: requirements.policyDisplayName ?? policy?.displayName ?? "",
    description: requirements.policyDescription ?? policy?.description ?? "",
    isApprovalRequired,
    approvalStageCount: stages.length,
    approverSummary: summarizeApprovers(stages, names),
    isRequestorJustificationRequired: requirements.isRequestorJustificationRequired === true,
    allowCustomAssignmentSchedule: requirements.allowCustomAssignmentSchedule === true,
    expiration: mapExpiration(requirements.schedule?.expiration) ?? mapExpiration(policy?.expiration) ?? { kind: "noExpiration" },
    questions: [...(requirements.questions ?? [])].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0)).map(mapQuestion),
  };
}

/** A question as the domain knows it; its text is the default text (localizations are for other languages). */
export function mapQuestion(question: AccessPackageQuestion): PolicyQuestion {
  const base = {
    id: question.id ?? "",
    text: question.text ?? question.localizations?.[0]?.text ?? "",
    isRequired: question.isRequired === true,
    sequence: question.sequence ?? 0,
  };
  if (/multiplechoice/i.test((question as { "@odata.type"?: string })["@odata.type"] ?? "")) {
    const choice = question as AccessPackageMultipleChoiceQuestion;
    return {
      ...base,
      kind: "choice",
      allowsMultiple: choice.isMultipleSelectionAllowed === true,
      choices: (choice.choices ?? []).map((c) => ({ value: c.actualValue ?? "", label: c.text ?? c.actualValue ?? "" })),
    };
  }
  const text = question as AccessPackageTextInputQuestion;
  return { ...base, kind: "text", isSingleLine: text.isSingleLineQuestion !== false, ...(text.regexPattern ? { regexPattern: text.regexPattern } : {}) };
}

/** What a role scope grants: the resource (a group, an app) and the role on it. */
export function mapGrant(scope: AccessPackageResourceRoleScope): AccessGrant {
  const role = scope.role;
  return {
    resourceDisplayName: role?.resource?.displayName ?? scope.scope?.resource?.displayName ?? role?.displayName ?? "",
    roleDisplayName: role?.displayName ?? "",
  };
}
