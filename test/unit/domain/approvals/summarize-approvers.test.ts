import { describe, expect, it } from "vitest";
import { summarizeApprovers, type ApproverNames } from "../../../../src/domain/approvals/summarize-approvers.js";
import type { ApproverRef, StagePolicy } from "../../../../src/domain/model/approval-policy.js";

function stage(primaryApprovers: ApproverRef[], fallbackPrimaryApprovers: ApproverRef[] = []): StagePolicy {
  return {
    durationBeforeAutomaticDenialMs: 86_400_000,
    isApproverJustificationRequired: false,
    isEscalationEnabled: true,
    durationBeforeEscalationMs: 3_600_000,
    primaryApprovers,
    fallbackPrimaryApprovers,
    escalationApprovers: [{ kind: "user", userId: "nestor" }],
    fallbackEscalationApprovers: [],
  };
}

const names: ApproverNames = {
  users: new Map([["adele", "Adele Vance"], ["lee", "Lee Gu"]]),
  groups: new Map([["owners", "AI Tool Owners"], ["admins", "Platform Admins group"]]),
};

describe("summarizeApprovers", () => {
  it("describes managers, named people and groups, stage by stage", () => {
    expect(summarizeApprovers([stage([{ kind: "requestorManager", level: 1 }]), stage([{ kind: "groupMembers", groupId: "owners" }])], names)).toBe(
      "your manager, then the AI Tool Owners group",
    );
    expect(summarizeApprovers([stage([{ kind: "requestorManager", level: 2 }])], names)).toBe("your manager's manager");
    expect(summarizeApprovers([stage([{ kind: "user", userId: "adele" }])], names)).toBe("Adele Vance");
  });

  it("joins several approvers of one stage with 'or', since any one of them decides", () => {
    const refs: ApproverRef[] = [{ kind: "requestorManager", level: 1 }, { kind: "user", userId: "adele" }, { kind: "user", userId: "lee" }];
    expect(summarizeApprovers([stage(refs)], names)).toBe("your manager, Adele Vance or Lee Gu");
  });

  it("describes the fallback approvers of a stage without primary ones, and says nothing of escalation", () => {
    expect(summarizeApprovers([stage([], [{ kind: "user", userId: "lee" }])], names)).toBe("Lee Gu");
  });

  it("does not say 'group' twice and falls back to generic words for unknown names", () => {
    expect(summarizeApprovers([stage([{ kind: "groupMembers", groupId: "admins" }])], names)).toBe("the Platform Admins group");
    expect(summarizeApprovers([stage([{ kind: "user", userId: "x" }, { kind: "groupMembers", groupId: "y" }])], names)).toBe("a named approver or a group of approvers");
    expect(summarizeApprovers([stage([{ kind: "targetUserSponsors" }])], names)).toBe("your sponsors");
  });

  it("is empty without stages", () => {
    expect(summarizeApprovers([], names)).toBe("");
  });
});
