import { describe, expect, it } from "vitest";
import type { AccessRequest } from "../../../../src/domain/model/access-request.js";
import type { ReviewInstance } from "../../../../src/domain/model/access-review.js";
import { pimDeadline, type PimRequest } from "../../../../src/domain/model/pim-request.js";
import { approvalStageDecision, myDecisionsView, pimApprovalDecision, reviewInstanceDecision } from "../../../../src/domain/views/my-decisions-view.js";

const HOUR = 3_600_000;
// Mon 2 Mar 2026, 09:00 in Redmond (PST).
const NOW = new Date("2026-03-02T17:00:00Z");
const viewer = { timeZone: "America/Los_Angeles", now: NOW };

const request = (overrides: Partial<AccessRequest> = {}): AccessRequest =>
  ({ id: "req-1", packageDisplayName: "ChatGPT Enterprise (2 hours)", targetDisplayName: "Lukas Meyer", ...overrides }) as AccessRequest;

const pimRequest = (createdAt: Date): PimRequest =>
  ({
    id: "pim-1",
    kind: "role",
    principalName: "Raj Kumar",
    target: { kind: "role", roleDefinitionId: "pra", roleName: "Privileged Role Administrator", directoryScopeId: "/" },
    createdAt,
    deadline: pimDeadline(createdAt),
  }) as PimRequest;

const instance: ReviewInstance = {
  id: "inst-1",
  definitionId: "def-1",
  displayName: "Copilot Pilot membership review",
  descriptionForReviewers: "",
  startAt: new Date(NOW.getTime() - 13 * 24 * HOUR),
  endAt: new Date(NOW.getTime() + 36 * HOUR),
  status: "InProgress",
  justificationRequiredOnApproval: false,
};

describe("the items of the approvals and reviews answers", () => {
  it("an approval stage opens its card through nudge.open, with the deadline in the viewer's zone", () => {
    const d = approvalStageDecision(request(), { index: 1, count: 2, autoDenyAt: new Date(NOW.getTime() + 26 * HOUR) }, viewer);
    expect(d.item).toEqual({
      heading: "Lukas Meyer asks for ChatGPT Enterprise (2 hours)",
      detail: "Stage 2 of 2. Decide by Tue 3 Mar, 11:00 PST (1 day 2 hours left); Entra denies it after that.",
      action: "Open",
      verb: "nudge.open",
      data: { kind: "approvalStage", requestId: "req-1", stageIndex: 1 },
    });
  });

  it("a one-stage request does not mention stages", () => {
    const d = approvalStageDecision(request(), { index: 0, count: 1, autoDenyAt: new Date(NOW.getTime() + 2 * HOUR) }, viewer);
    expect(d.item.detail).toBe("Decide by Mon 2 Mar, 11:00 PST (2 hours left); Entra denies it after that.");
  });

  it("a PIM activation is due when Entra times it out", () => {
    const d = pimApprovalDecision(pimRequest(new Date(NOW.getTime() - 23 * HOUR)), viewer);
    expect(d.dueAt).toEqual(new Date(NOW.getTime() + HOUR));
    expect(d.item).toMatchObject({ heading: "Raj Kumar asks to activate Privileged Role Administrator", verb: "nudge.open", data: { kind: "pimApproval", requestId: "pim-1" } });
    expect(d.item.detail).toContain("(1 hour left)");
  });

  it("a review opens its digest through review.refresh and counts what is left", () => {
    expect(reviewInstanceDecision(instance, 1, viewer).item).toEqual({
      heading: "Review: Copilot Pilot membership review",
      detail: "1 person to review. Due Tue 3 Mar, 21:00 PST (1 day 12 hours left).",
      action: "Open",
      verb: "review.refresh",
      data: { definitionId: "def-1", instanceId: "inst-1" },
    });
    expect(reviewInstanceDecision(instance, 3, viewer).item.detail).toMatch(/^3 people to review\./);
  });
});

describe("myDecisionsView", () => {
  const later = approvalStageDecision(request({ id: "late" }), { index: 0, count: 1, autoDenyAt: new Date(NOW.getTime() + 5 * 24 * HOUR) }, viewer);
  const sooner = approvalStageDecision(request({ id: "soon" }), { index: 0, count: 1, autoDenyAt: new Date(NOW.getTime() + 48 * HOUR) }, viewer);

  it("puts the soonest deadline first and says what waits", () => {
    const view = myDecisionsView("approvals", [later, sooner], NOW);
    expect(view.title).toBe("2 requests wait for your approval");
    expect((view.items as { data: { requestId: string } }[]).map((i) => i.data.requestId)).toEqual(["soon", "late"]);
    expect(view.titleColor).toBe("Warning");
  });

  it("is coloured by the nearest deadline", () => {
    const urgent = pimApprovalDecision(pimRequest(new Date(NOW.getTime() - 20 * HOUR)), viewer);
    expect(myDecisionsView("approvals", [later, urgent], NOW).titleColor).toBe("Attention");
    expect(myDecisionsView("reviews", [later, later], NOW)).toMatchObject({ title: "2 access reviews wait for your decisions", titleColor: "Default" });
  });
});
