import { describe, expect, it } from "vitest";
import type { AccessRequest } from "../../../../src/domain/model/access-request.js";
import type { ApprovalPolicy, StagePolicy } from "../../../../src/domain/model/approval-policy.js";
import type { ApprovalStage } from "../../../../src/domain/model/approval-stage.js";
import { describeRequestProgress } from "../../../../src/domain/requests/describe-request-progress.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date("2026-03-02T17:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function stagePolicy(overrides: Partial<StagePolicy> = {}): StagePolicy {
  return {
    durationBeforeAutomaticDenialMs: DAY,
    isApproverJustificationRequired: false,
    isEscalationEnabled: false,
    durationBeforeEscalationMs: 0,
    primaryApprovers: [{ kind: "requestorManager", level: 1 }],
    fallbackPrimaryApprovers: [],
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
    ...overrides,
  };
}

const ONE_STAGE: ApprovalPolicy = {
  policyId: "policy",
  isApprovalRequired: true,
  isApprovalRequiredForUpdate: true,
  isRequestorJustificationRequired: true,
  stages: [stagePolicy({ isEscalationEnabled: true, durationBeforeEscalationMs: 4 * HOUR })],
};
const TWO_STAGES: ApprovalPolicy = { ...ONE_STAGE, stages: [stagePolicy({ durationBeforeAutomaticDenialMs: 2 * DAY }), stagePolicy({ durationBeforeAutomaticDenialMs: 3 * DAY })] };
const NO_APPROVAL: ApprovalPolicy = { ...ONE_STAGE, isApprovalRequired: false, isApprovalRequiredForUpdate: false, stages: [] };

function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: "req",
    packageId: "pkg",
    packageDisplayName: "ChatGPT Enterprise (2 hours)",
    policyId: "policy",
    requestType: "userAdd",
    state: "pendingApproval",
    status: "PendingApproval",
    createdAt: T0,
    completedAt: null,
    targetUserId: "alex",
    targetDisplayName: "Alex Wilber",
    requestorUserId: "alex",
    justification: "Campaign brief",
    answers: [],
    schedule: { start: null, end: null },
    requestedExpiration: null,
    assignmentId: null,
    ...overrides,
  };
}

function stage(index: number, overrides: Partial<ApprovalStage> = {}): ApprovalStage {
  return { id: `stage-${index}`, index, status: "NotStarted", reviewResult: "NotReviewed", reviewedBy: null, reviewedAt: null, justification: null, assignedToMe: false, ...overrides };
}

const MEGAN = { userId: "megan", displayName: "Megan Bowen" };

describe("describeRequestProgress", () => {
  it("waits at stage 1 from creation, with its deadline and escalation time", () => {
    expect(describeRequestProgress(request(), ONE_STAGE, [stage(0, { status: "InProgress" })], at(HOUR))).toEqual({
      phase: "waiting",
      stageIndex: 0,
      stageCount: 1,
      stageStartedAt: T0,
      autoDenyAt: at(DAY),
      escalationAt: at(4 * HOUR),
      escalated: false,
    });
  });

  it("is escalated once the escalation time has passed, or when Entra says so", () => {
    expect(describeRequestProgress(request(), ONE_STAGE, [], at(4 * HOUR))).toMatchObject({ phase: "waiting", escalated: true });
    expect(describeRequestProgress(request({ status: "PendingApprovalEscalated" }), ONE_STAGE, [], at(HOUR))).toMatchObject({ escalated: true });
  });

  it("starts stage 2 when stage 1 was approved, with stage 2's own deadline and no escalation", () => {
    const stages = [stage(0, { status: "Completed", reviewResult: "Approve", reviewedBy: MEGAN, reviewedAt: at(5 * HOUR) }), stage(1, { status: "InProgress" })];
    expect(describeRequestProgress(request(), TWO_STAGES, stages, at(6 * HOUR))).toEqual({
      phase: "waiting",
      stageIndex: 1,
      stageCount: 2,
      stageStartedAt: at(5 * HOUR),
      autoDenyAt: at(5 * HOUR + 3 * DAY),
      escalationAt: null,
      escalated: false,
    });
  });

  it("assumes stage 1 when the reader cannot see the stages", () => {
    expect(describeRequestProgress(request({ state: "submitted", status: "Accepted" }), TWO_STAGES, [], T0)).toMatchObject({ phase: "waiting", stageIndex: 0, stageCount: 2, autoDenyAt: at(2 * DAY) });
  });

  it("a submitted request that needs no approval is being delivered", () => {
    expect(describeRequestProgress(request({ state: "submitted", status: "Accepted" }), NO_APPROVAL, [], T0)).toEqual({ phase: "delivering" });
  });

  it("delivering and scheduled requests are being delivered", () => {
    expect(describeRequestProgress(request({ state: "delivering" }), ONE_STAGE, [], T0)).toEqual({ phase: "delivering" });
    expect(describeRequestProgress(request({ state: "scheduled" }), ONE_STAGE, [], T0)).toEqual({ phase: "delivering" });
  });

  it("delivered until the end, then expired at the end", () => {
    const delivered = request({ state: "delivered", status: "Delivered", completedAt: at(10_000), schedule: { start: at(10_000), end: at(2 * HOUR + 10_000) } });
    expect(describeRequestProgress(delivered, ONE_STAGE, [], at(HOUR))).toEqual({ phase: "delivered", end: at(2 * HOUR + 10_000) });
    expect(describeRequestProgress(delivered, ONE_STAGE, [], at(3 * HOUR))).toEqual({ phase: "expired", at: at(2 * HOUR + 10_000) });
  });

  it("without the assignment's window, a requested duration counts from delivery; without either, access does not end", () => {
    const asked = request({ state: "delivered", completedAt: at(HOUR), requestedExpiration: { kind: "afterDuration", durationMs: 2 * HOUR } });
    expect(describeRequestProgress(asked, ONE_STAGE, [], at(HOUR))).toEqual({ phase: "delivered", end: at(3 * HOUR) });
    expect(describeRequestProgress(request({ state: "delivered", completedAt: at(HOUR) }), ONE_STAGE, [], at(100 * DAY))).toEqual({ phase: "delivered", end: null });
  });

  it("denied by an approver, with who and why", () => {
    const stages = [stage(0, { status: "Completed", reviewResult: "Deny", reviewedBy: MEGAN, reviewedAt: at(HOUR), justification: "Use the Copilot pilot" })];
    expect(describeRequestProgress(request({ state: "denied", status: "Denied" }), ONE_STAGE, stages, at(2 * HOUR))).toEqual({
      phase: "denied",
      automatic: false,
      by: MEGAN,
      reason: "Use the Copilot pilot",
    });
  });

  it("denied at stage 2 names the stage-2 approver", () => {
    const stages = [
      stage(0, { status: "Completed", reviewResult: "Approve", reviewedBy: MEGAN, reviewedAt: at(HOUR) }),
      stage(1, { status: "Completed", reviewResult: "Deny", reviewedBy: { userId: "adele", displayName: "Adele Vance" }, reviewedAt: at(2 * HOUR), justification: null }),
    ];
    expect(describeRequestProgress(request({ state: "denied", status: "Denied" }), TWO_STAGES, stages, at(3 * HOUR))).toMatchObject({ by: { userId: "adele" }, reason: null });
  });

  it("denied automatically when a stage ran out of time", () => {
    expect(describeRequestProgress(request({ state: "denied", status: "Expired" }), ONE_STAGE, [], at(2 * DAY))).toEqual({ phase: "denied", automatic: true, by: null, reason: null });
    expect(describeRequestProgress(request({ state: "denied", status: "Denied" }), ONE_STAGE, [stage(0, { status: "Expired" })], at(2 * DAY))).toMatchObject({ automatic: true });
  });

  it("a denial whose stages the reader cannot see has no decider but is not called automatic", () => {
    expect(describeRequestProgress(request({ state: "denied", status: "Denied" }), ONE_STAGE, [], at(HOUR))).toEqual({ phase: "denied", automatic: false, by: null, reason: null });
  });

  it("canceled, failed and unknown states", () => {
    expect(describeRequestProgress(request({ state: "canceled", status: "Canceled" }), ONE_STAGE, [], T0)).toEqual({ phase: "canceled" });
    expect(describeRequestProgress(request({ state: "deliveryFailed", status: "DeliveryFailed" }), ONE_STAGE, [], T0)).toMatchObject({ phase: "failed", detail: expect.stringContaining("DeliveryFailed") });
    expect(describeRequestProgress(request({ state: "partiallyDelivered", status: "PartiallyDelivered" }), ONE_STAGE, [], T0)).toMatchObject({ phase: "failed" });
    expect(describeRequestProgress(request({ state: "unknownFutureValue", status: "Quarantined" }), ONE_STAGE, [], T0)).toMatchObject({ phase: "failed", detail: expect.stringContaining("Quarantined") });
  });

  it("a stage without a deadline in its policy gets Entra's 14 days", () => {
    const policy: ApprovalPolicy = { ...ONE_STAGE, stages: [stagePolicy({ durationBeforeAutomaticDenialMs: 0 })] };
    expect(describeRequestProgress(request(), policy, [], T0)).toMatchObject({ autoDenyAt: at(14 * DAY) });
  });
});
