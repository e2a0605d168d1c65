import { describe, expect, it } from "vitest";
import { describePimRequest, pimDeadline, type PimApproval, type PimRequest } from "../../../../src/domain/model/pim-request.js";
import { pimApprovalView } from "../../../../src/domain/views/pim-approval-view.js";
import { renderCard } from "../../../../src/teams/cards/render-card.js";
import { cardText } from "../../../support/teams-driver.js";

const NOW = new Date("2026-03-02T17:00:00Z");
const HOUR = 3_600_000;
const LEE = "lee-id";
const NESTOR = "nestor-id";
const RAJ = "raj-id";

const roleRequest = (overrides: Partial<PimRequest> = {}): PimRequest => {
  const createdAt = new Date(NOW.getTime() - 23 * HOUR);
  return {
    id: "req-1",
    kind: "role",
    action: "selfActivate",
    principalId: RAJ,
    principalName: "Raj Kumar",
    target: { kind: "role", roleDefinitionId: "pra", roleName: "Privileged Role Administrator", directoryScopeId: "/" },
    justification: "Rotate the break-glass admin's role assignments (CHG-4821).",
    ticket: null,
    createdAt,
    deadline: pimDeadline(createdAt),
    status: "PendingApproval",
    completedAt: null,
    approvalId: "req-1",
    start: createdAt,
    end: new Date(createdAt.getTime() + HOUR),
    durationMs: HOUR,
    targetScheduleId: null,
    ...overrides,
  };
};

const groupRequest = (overrides: Partial<PimRequest> = {}): PimRequest =>
  roleRequest({
    id: "req-2",
    kind: "group",
    principalId: "amelia-id",
    principalName: "Amelia Walker",
    target: { kind: "group", groupId: "g-1", groupName: "AI Platform Admins", accessId: "member" },
    justification: "Investigate the quota alerts on the inference cluster.",
    durationMs: 2 * HOUR,
    ...overrides,
  });

const approval = (stage: Partial<PimApproval["stages"][number]>): PimApproval => ({
  id: "req-1",
  stages: [{ id: "s-1", status: "InProgress", reviewResult: "NotReviewed", reviewedBy: null, reviewedAt: null, justification: null, assignedToMe: false, ...stage }],
});

const london = { userId: LEE, timeZone: "Europe/London", isApprover: true };
const context = { now: NOW, approverNames: ["Lee Gu", "Nestor Wilke"] };
const facts = (data: Record<string, unknown>) => Object.fromEntries((data.facts as { title: string; value: string }[]).map((f) => [f.title, f.value]));
const text = (data: Record<string, unknown>) => cardText(renderCard("pim-approval", data));
const actions = (data: Record<string, unknown>) => ((renderCard("pim-approval", data).actions ?? []) as { title: string; verb: string; data: Record<string, unknown> }[]);

describe("PIM approval card", () => {
  it("says who asks for which role, for how long and why, with the deadline in the approver's zone and time left", () => {
    const request = roleRequest();
    const data = pimApprovalView(request, describePimRequest(request, null, NOW), london, context);
    expect(data.title).toBe("Raj Kumar asks to activate Privileged Role Administrator");
    expect(data.badge).toBe("Entra role");
    expect(facts(data)).toMatchObject({
      Requester: "Raj Kumar",
      Role: "Privileged Role Administrator",
      For: "1 hour",
      Starts: "As soon as it's approved",
      Asked: "Sun 1 Mar, 18:00 GMT",
      Deadline: "Mon 2 Mar, 18:00 GMT",
      Approvers: "Lee Gu, Nestor Wilke",
    });
    expect(data.headline).toBe("Decide by Mon 2 Mar, 18:00 GMT (1 hour left): Entra gives approvers 24 hours, then cancels the request.");
    expect(data.headlineColor).toBe("Attention");
    const berlin = pimApprovalView(request, describePimRequest(request, null, NOW), { ...london, userId: NESTOR, timeZone: "Europe/Berlin" }, context);
    expect(facts(berlin).Deadline).toBe("Mon 2 Mar, 19:00 CET");
    expect(text(data)).toContain("CHG-4821");
  });

  it("offers Approve and Deny with a required reason to approvers only", () => {
    const request = roleRequest();
    const phase = describePimRequest(request, null, NOW);
    const data = pimApprovalView(request, phase, london, context);
    expect(data.canDecide).toBe(true);
    expect(actions(data).map((a) => [a.title, a.verb, a.data])).toEqual([
      ["Approve", "pim.decide", { requestId: "req-1", kind: "role", decision: "Approve" }],
      ["Deny", "pim.decide", { requestId: "req-1", kind: "role", decision: "Deny" }],
    ]);
    const input = (renderCard("pim-approval", data).body as any[]).find((b) => b.type === "Input.Text");
    expect(input).toMatchObject({ id: "justification", isRequired: true });

    const outsider = pimApprovalView(request, phase, { ...london, userId: "alex-id", isApprover: false }, context);
    expect(outsider.canDecide).toBe(false);
    expect(actions(outsider)).toEqual([]);
    expect(outsider.outcome).toBe("Only this request's approvers can decide it; you can read it, but not change it.");
    const own = pimApprovalView(request, phase, { ...london, userId: RAJ, isApprover: true }, context);
    expect(own.canDecide).toBe(false);
    expect(own.outcome).toContain("your own request");
  });

  it("describes group membership and ownership requests, with a ticket", () => {
    const request = groupRequest({ ticket: { number: "CHG-4830", system: "ServiceNow" } });
    const data = pimApprovalView(request, describePimRequest(request, null, NOW), london, context);
    expect(data.title).toBe("Amelia Walker asks to join AI Platform Admins");
    expect(data.badge).toBe("PIM for Groups");
    expect(facts(data)).toMatchObject({ Group: "AI Platform Admins", Access: "Member", For: "2 hours", Ticket: "CHG-4830 (ServiceNow)" });
    const owner = groupRequest({ target: { kind: "group", groupId: "g-1", groupName: "AI Platform Admins", accessId: "owner" } });
    expect(pimApprovalView(owner, describePimRequest(owner, null, NOW), london, context).title).toBe("Amelia Walker asks for ownership of AI Platform Admins");
  });

  it("shows the outcome to every approver once anyone decides: who, when, why", () => {
    const request = roleRequest({ status: "Provisioned", completedAt: new Date(NOW.getTime() + 5 * 60_000) });
    const decided = approval({ status: "Completed", reviewResult: "Approve", reviewedBy: { id: LEE, displayName: "Lee Gu" }, reviewedAt: new Date(NOW.getTime() + 5 * 60_000), justification: "Matches CHG-4821" });
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const phase = describePimRequest(request, decided, later);
    const forNestor = pimApprovalView(request, phase, { userId: NESTOR, timeZone: "Europe/Berlin", isApprover: true }, { ...context, now: later });
    expect(forNestor.outcome).toBe("Approved by Lee Gu on Mon 2 Mar, 18:05 CET");
    expect(forNestor.outcomeReason).toBe("Matches CHG-4821");
    expect(forNestor.outcomeStyle).toBe("good");
    expect(forNestor.canDecide).toBe(false);
    expect(forNestor.headline).toBe("");
    expect(actions(forNestor)).toEqual([]);
    expect(text(forNestor)).toContain("Reason: ");

    const denied = describePimRequest(groupRequest({ status: "Denied" }), approval({ reviewResult: "Deny", status: "Completed", reviewedBy: { id: "h", displayName: "Henrietta Mueller" }, reviewedAt: NOW, justification: "Use the dashboard" }), NOW);
    const deniedView = pimApprovalView(groupRequest({ status: "Denied" }), denied, london, context);
    expect(deniedView.outcome).toBe("Denied by Henrietta Mueller on Mon 2 Mar, 17:00 GMT");
    expect(deniedView.outcomeStyle).toBe("attention");
  });

  it("says plainly when the request lapsed, was canceled, or was decided where the bot could not see who", () => {
    const lapsedRequest = roleRequest({ status: "Canceled", completedAt: new Date(NOW.getTime() + HOUR) });
    const lapsed = pimApprovalView(lapsedRequest, describePimRequest(lapsedRequest, approval({ status: "Expired" }), new Date(NOW.getTime() + 2 * HOUR)), london, context);
    expect(lapsed.outcome).toBe("Expired without a decision: nobody approved it within Entra's 24 hours (it lapsed Mon 2 Mar, 18:00 GMT).");
    expect(lapsed.notes).toEqual(["Raj can ask again in PIM if it's still needed."]);
    expect(lapsed.canDecide).toBe(false);

    // Past the deadline but Entra has not caught up yet: already shown as lapsed.
    const late = pimApprovalView(roleRequest(), describePimRequest(roleRequest(), null, new Date(NOW.getTime() + HOUR)), london, { ...context, now: new Date(NOW.getTime() + HOUR) });
    expect(late.outcome).toContain("Expired without a decision");
    expect(late.canDecide).toBe(false);

    const canceledRequest = roleRequest({ status: "Canceled", completedAt: new Date(NOW.getTime() - HOUR) });
    expect(pimApprovalView(canceledRequest, describePimRequest(canceledRequest, null, NOW), london, context).outcome).toBe("Raj Kumar canceled this request on Mon 2 Mar, 16:00 GMT: there's nothing to decide.");

    const elsewhere = roleRequest({ status: "Provisioned", completedAt: NOW });
    expect(pimApprovalView(elsewhere, describePimRequest(elsewhere, null, NOW), london, context).outcome).toBe("Approved in Entra: no decision is needed from you any more.");
  });

  it("keeps the typed reason with an error after a refused click, and typed text stays plain", () => {
    const request = roleRequest({ justification: "[click me](https://evil.example) <at>Lee</at>" });
    const data = pimApprovalView(request, describePimRequest(request, null, NOW), { ...london, error: "Give a reason", typedJustification: "half typed" }, context);
    const card = renderCard("pim-approval", data);
    expect(cardText(card)).toContain("Give a reason");
    expect((card.body as any[]).find((b) => b.type === "Input.Text").value).toBe("half typed");
    const why = (card.body as any[]).find((b) => b.type === "RichTextBlock");
    expect(why.inlines[1]).toEqual({ type: "TextRun", text: "[click me](https://evil.example) <at>Lee</at>" });
  });
});
