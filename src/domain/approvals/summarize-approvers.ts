import type { ApproverRef, StagePolicy } from "../model/approval-policy.js";

/** Display names of the users and groups approver lists name, by id; missing names get a generic phrase. */
export interface ApproverNames {
  readonly users: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
}

/**
 * Who approves, in words a requester reads before asking: each stage's primary approvers joined with
 * "or" (any one of them decides), stages joined with ", then" — "your manager, then the AI Tool Owners
 * group". A stage with no primary approvers is described by its fallback approvers. Escalation is left
 * out: it is a safety net, not who the requester should expect. Empty when no stage needs anyone.
 */
export function summarizeApprovers(stages: readonly StagePolicy[], names: ApproverNames): string {
  return stages
    .map((stage) => {
      const refs = stage.primaryApprovers.length > 0 ? stage.primaryApprovers : stage.fallbackPrimaryApprovers;
      return joinOr([...new Set(refs.map((ref) => describeApprover(ref, names)))]);
    })
    .filter((text) => text !== "")
    .join(", then ");
}

/** One approver reference in words, from the requester's point of view ("your manager", "Adele Vance"). */
export function describeApprover(ref: ApproverRef, names: ApproverNames): string {
  switch (ref.kind) {
    case "user":
      return names.users.get(ref.userId) ?? "a named approver";
    case "groupMembers": {
      const name = names.groups.get(ref.groupId);
      if (name === undefined) return "a group of approvers";
      return /\bgroup$/i.test(name) ? `the ${name}` : `the ${name} group`;
    }
    case "requestorManager":
      return `your manager${"'s manager".repeat(Math.max(1, ref.level) - 1)}`;
    case "internalSponsors":
      return "an internal sponsor";
    case "externalSponsors":
      return "an external sponsor";
    case "targetUserSponsors":
      return "your sponsors";
  }
}

function joinOr(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`;
}
