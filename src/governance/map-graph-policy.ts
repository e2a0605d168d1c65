import type {
  AccessPackageApprovalStage,
  AccessPackageAssignmentPolicy,
  ExpirationPattern,
  GroupMembers,
  RequestorManager,
  SingleUser,
  SubjectSet,
} from "@microsoft/microsoft-graph-types";
import type { ApprovalPolicy, ApproverRef, StagePolicy } from "../domain/model/approval-policy.js";
import type { AssignmentExpiration } from "../domain/model/assignment-expiration.js";
import { parseIsoDuration } from "../domain/time/iso-duration.js";
import { readGraphDate } from "./read-graph-date.js";

/** A policy's approval settings (Graph's `requestApprovalSettings`) in the domain's terms. */
export function mapApprovalPolicy(policy: AccessPackageAssignmentPolicy): ApprovalPolicy {
  const settings = policy.requestApprovalSettings;
  return {
    policyId: policy.id ?? "",
    isApprovalRequired: settings?.isApprovalRequiredForAdd === true,
    isApprovalRequiredForUpdate: settings?.isApprovalRequiredForUpdate === true,
    isRequestorJustificationRequired: settings?.isRequestorJustificationRequired === true,
    stages: (settings?.stages ?? []).map(mapStagePolicy),
  };
}

export function mapStagePolicy(stage: AccessPackageApprovalStage): StagePolicy {
  return {
    durationBeforeAutomaticDenialMs: durationMs(stage.durationBeforeAutomaticDenial),
    isApproverJustificationRequired: stage.isApproverJustificationRequired === true,
    isEscalationEnabled: stage.isEscalationEnabled === true,
    durationBeforeEscalationMs: stage.isEscalationEnabled ? durationMs(stage.durationBeforeEscalation) : 0,
    primaryApprovers: mapSubjectSets(stage.primaryApprovers),
    fallbackPrimaryApprovers: mapSubjectSets(stage.fallbackPrimaryApprovers),
    escalationApprovers: mapSubjectSets(stage.escalationApprovers),
    fallbackEscalationApprovers: mapSubjectSets(stage.fallbackEscalationApprovers),
  };
}

/**
 * Subject sets as approver references. Sets the bot cannot resolve (connected organization members,
 * types Graph adds later) are left out: Entra would find nobody the bot could reach through them either.
 */
export function mapSubjectSets(sets: readonly SubjectSet[] | null | undefined): ApproverRef[] {
  const refs: ApproverRef[] = [];
  for (const set of sets ?? []) {
    const ref = mapSubjectSet(set);
    if (ref) refs.push(ref);
  }
  return refs;
}

function mapSubjectSet(set: SubjectSet): ApproverRef | null {
  const type = ((set as { "@odata.type"?: string })["@odata.type"] ?? "").replace(/^#?microsoft\.graph\./i, "").toLowerCase();
  switch (type) {
    case "singleuser": {
      const userId = (set as SingleUser).userId;
      return userId ? { kind: "user", userId } : null;
    }
    case "groupmembers": {
      const groupId = (set as GroupMembers).groupId;
      return groupId ? { kind: "groupMembers", groupId } : null;
    }
    case "requestormanager":
      return { kind: "requestorManager", level: (set as RequestorManager).managerLevel ?? 1 };
    case "internalsponsors":
      return { kind: "internalSponsors" };
    case "externalsponsors":
      return { kind: "externalSponsors" };
    case "targetusersponsors":
      return { kind: "targetUserSponsors" };
    default:
      return null;
  }
}

/**
 * Graph's `expirationPattern` in the domain's terms; null when it says nothing (`notSpecified`, or an
 * afterDuration without a readable duration), so callers can fall back to the policy's.
 */
export function mapExpiration(pattern: ExpirationPattern | null | undefined): AssignmentExpiration | null {
  if (!pattern) return null;
  if (pattern.type === "afterDuration" && pattern.duration) {
    const ms = tryDuration(pattern.duration);
    return ms === null ? null : { kind: "afterDuration", durationMs: ms };
  }
  if (pattern.type === "afterDateTime") {
    const end = readGraphDate(pattern.endDateTime);
    return end ? { kind: "afterDateTime", end } : null;
  }
  if (pattern.type === "noExpiration") return { kind: "noExpiration" };
  return null;
}

/** An ISO duration Graph sent, in milliseconds; 0 when absent (Entra's policies always carry the ones that matter). */
function durationMs(text: string | null | undefined): number {
  return (text && tryDuration(text)) || 0;
}

function tryDuration(text: string): number | null {
  try {
    return parseIsoDuration(text);
  } catch {
    return null;
  }
}
