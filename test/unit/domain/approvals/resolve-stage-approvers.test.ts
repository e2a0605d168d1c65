import { describe, expect, it } from "vitest";
import { resolveStageApprovers, type ApproverFacts } from "../../../../src/domain/approvals/resolve-stage-approvers.js";
import type { ApproverRef, StagePolicy } from "../../../../src/domain/model/approval-policy.js";

const HOUR = 3_600_000;
const MANAGER: ApproverRef = { kind: "requestorManager", level: 1 };
const SKIP_LEVEL: ApproverRef = { kind: "requestorManager", level: 2 };

function stage(overrides: Partial<StagePolicy> = {}): StagePolicy {
  return {
    durationBeforeAutomaticDenialMs: 24 * HOUR,
    isApproverJustificationRequired: false,
    isEscalationEnabled: false,
    durationBeforeEscalationMs: 0,
    primaryApprovers: [MANAGER],
    fallbackPrimaryApprovers: [],
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
    ...overrides,
  };
}

function facts(overrides: Partial<ApproverFacts> = {}): ApproverFacts {
  return { requesterId: "alex", managerChain: ["megan", "patti"], sponsorIds: ["adele"], groupMembers: new Map(), ...overrides };
}

describe("resolveStageApprovers", () => {
  it("gives the manager as the primary approver", () => {
    expect(resolveStageApprovers(stage(), facts(), false)).toEqual([{ userId: "megan", source: "primary" }]);
  });

  it("walks up the manager chain for managerLevel 2", () => {
    expect(resolveStageApprovers(stage({ primaryApprovers: [SKIP_LEVEL] }), facts(), false)).toEqual([{ userId: "patti", source: "primary" }]);
  });

  it("falls back when the requester has no manager", () => {
    const s = stage({ fallbackPrimaryApprovers: [{ kind: "user", userId: "miriam" }] });
    expect(resolveStageApprovers(s, facts({ managerChain: [] }), false)).toEqual([{ userId: "miriam", source: "fallbackPrimary" }]);
  });

  it("does not use the fallback while a primary approver exists", () => {
    const s = stage({ fallbackPrimaryApprovers: [{ kind: "user", userId: "miriam" }] });
    expect(resolveStageApprovers(s, facts(), false).map((a) => a.userId)).toEqual(["megan"]);
  });

  it("never includes the requester, even as a member of the approver group, and falls back if only they were named", () => {
    const owners: ApproverRef = { kind: "groupMembers", groupId: "owners" };
    const groupMembers = new Map([["owners", ["adele", "alex", "lee"]]]);
    expect(resolveStageApprovers(stage({ primaryApprovers: [owners] }), facts({ groupMembers }), false).map((a) => a.userId)).toEqual(["adele", "lee"]);
    const onlyAlex = stage({ primaryApprovers: [{ kind: "user", userId: "alex" }], fallbackPrimaryApprovers: [{ kind: "user", userId: "patti" }] });
    expect(resolveStageApprovers(onlyAlex, facts(), false)).toEqual([{ userId: "patti", source: "fallbackPrimary" }]);
  });

  it("leaves out disabled accounts", () => {
    const s = stage({ fallbackPrimaryApprovers: [{ kind: "user", userId: "patti" }] });
    expect(resolveStageApprovers(s, facts({ disabledUserIds: new Set(["megan"]) }), false)).toEqual([{ userId: "patti", source: "fallbackPrimary" }]);
  });

  it("adds escalation approvers once escalated, keeping the primary approvers", () => {
    const s = stage({ isEscalationEnabled: true, durationBeforeEscalationMs: 4 * HOUR, escalationApprovers: [SKIP_LEVEL], fallbackEscalationApprovers: [{ kind: "user", userId: "patti" }] });
    expect(resolveStageApprovers(s, facts(), false)).toEqual([{ userId: "megan", source: "primary" }]);
    expect(resolveStageApprovers(s, facts(), true)).toEqual([
      { userId: "megan", source: "primary" },
      { userId: "patti", source: "escalation" },
    ]);
  });

  it("uses the fallback escalation approvers when the escalation approvers resolve to nobody", () => {
    const s = stage({ isEscalationEnabled: true, durationBeforeEscalationMs: HOUR, escalationApprovers: [SKIP_LEVEL], fallbackEscalationApprovers: [{ kind: "user", userId: "nestor" }] });
    expect(resolveStageApprovers(s, facts({ managerChain: ["megan"] }), true)).toEqual([
      { userId: "megan", source: "primary" },
      { userId: "nestor", source: "fallbackEscalation" },
    ]);
  });

  it("ignores escalation when the stage has none, even if told it escalated", () => {
    expect(resolveStageApprovers(stage({ escalationApprovers: [{ kind: "user", userId: "nestor" }] }), facts(), true).map((a) => a.userId)).toEqual(["megan"]);
  });

  it("lists each person once, under the first list that named them", () => {
    const s = stage({ primaryApprovers: [MANAGER, { kind: "user", userId: "megan" }], isEscalationEnabled: true, escalationApprovers: [MANAGER, SKIP_LEVEL] });
    expect(resolveStageApprovers(s, facts(), true)).toEqual([
      { userId: "megan", source: "primary" },
      { userId: "patti", source: "escalation" },
    ]);
  });

  it("resolves sponsors for internal and target-user sponsors, and nobody for external sponsors or unknown groups", () => {
    expect(resolveStageApprovers(stage({ primaryApprovers: [{ kind: "targetUserSponsors" }] }), facts(), false).map((a) => a.userId)).toEqual(["adele"]);
    expect(resolveStageApprovers(stage({ primaryApprovers: [{ kind: "internalSponsors" }] }), facts(), false).map((a) => a.userId)).toEqual(["adele"]);
    expect(resolveStageApprovers(stage({ primaryApprovers: [{ kind: "externalSponsors" }, { kind: "groupMembers", groupId: "gone" }] }), facts(), false)).toEqual([]);
  });
});
