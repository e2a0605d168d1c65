import { describe, expect, it } from "vitest";
import { describePimRequest, pimDeadline, type PimActivation, type PimRequest } from "../../../../src/domain/model/pim-request.js";
import { pimEndingSoonView, pimOutcomeNoticeView } from "../../../../src/domain/views/pim-notice-view.js";
import { renderCard } from "../../../../src/teams/cards/render-card.js";
import { cardText } from "../../../support/teams-driver.js";

const NOW = new Date("2026-03-02T17:00:00Z");
const HOUR = 3_600_000;
const india = { now: NOW, timeZone: "Asia/Kolkata" };

const request = (overrides: Partial<PimRequest> = {}): PimRequest => {
  const createdAt = new Date(NOW.getTime() - 3 * HOUR);
  return {
    id: "req-1",
    kind: "role",
    action: "selfActivate",
    principalId: "raj-id",
    principalName: "Raj Kumar",
    target: { kind: "role", roleDefinitionId: "pra", roleName: "Privileged Role Administrator", directoryScopeId: "/" },
    justification: "Rotate keys",
    ticket: null,
    createdAt,
    deadline: pimDeadline(createdAt),
    status: "Provisioned",
    completedAt: NOW,
    approvalId: "req-1",
    start: createdAt,
    end: null,
    durationMs: HOUR,
    targetScheduleId: "req-1",
    ...overrides,
  };
};

const decided = (result: "Approve" | "Deny", by: string, reason: string) => ({
  id: "req-1",
  stages: [{ id: "s", status: "Completed", reviewResult: result, reviewedBy: { id: "x", displayName: by }, reviewedAt: NOW, justification: reason, assignedToMe: false }],
});
const text = (data: Record<string, unknown> | null) => cardText(renderCard("pim-notice", data!));

describe("PIM notices for the requester", () => {
  it("tells them it was approved, by whom and why, and until when it runs, in their zone", () => {
    const r = request();
    const data = pimOutcomeNoticeView(r, describePimRequest(r, decided("Approve", "Lee Gu", "Matches CHG-4821"), NOW), { start: NOW, end: new Date(NOW.getTime() + HOUR) }, india);
    expect(data).toMatchObject({ title: "Your Privileged Role Administrator activation is approved", headline: "Approved by Lee Gu on Mon 2 Mar, 22:30 IST.", reason: "Matches CHG-4821" });
    expect(text(data)).toContain("Until");
    expect(text(data)).toContain("Mon 2 Mar, 23:30 IST (1 hour left)");
    expect(text(data)).toContain("Their reason: ");
  });

  it("tells them it was denied, with the approver's reason", () => {
    const r = request({ kind: "group", status: "Denied", target: { kind: "group", groupId: "g", groupName: "AI Platform Admins", accessId: "member" } });
    const data = pimOutcomeNoticeView(r, describePimRequest(r, decided("Deny", "Henrietta Mueller", "Use the quota dashboard"), NOW), null, { now: NOW, timeZone: "Europe/London" });
    expect(data).toMatchObject({
      title: "Your request for membership of AI Platform Admins was denied",
      headline: "Denied by Henrietta Mueller on Mon 2 Mar, 17:00 GMT.",
      reason: "Use the quota dashboard",
      titleColor: "Attention",
    });
  });

  it("tells them when nobody decided in 24 hours, and says nothing while it waits or after their own cancel", () => {
    const lapsed = request({ status: "Canceled", completedAt: new Date(NOW.getTime() + 21 * HOUR) });
    const data = pimOutcomeNoticeView(lapsed, describePimRequest(lapsed, null, new Date(NOW.getTime() + 22 * HOUR)), null, india);
    expect(data!.title).toBe("Your request for Privileged Role Administrator expired");
    expect(data!.headline).toContain("Nobody approved it within Entra's 24 hours");
    const waiting = request({ status: "PendingApproval", completedAt: null });
    expect(pimOutcomeNoticeView(waiting, describePimRequest(waiting, null, NOW), null, india)).toBeNull();
    const canceled = request({ status: "Canceled", completedAt: NOW });
    expect(pimOutcomeNoticeView(canceled, describePimRequest(canceled, null, NOW), null, india)).toBeNull();
  });

  it("warns shortly before an activation ends, and says so when read after", () => {
    const activation: PimActivation = {
      id: "i",
      kind: "role",
      scheduleId: "s",
      principalId: "kenji-id",
      target: { kind: "role", roleDefinitionId: "app", roleName: "Application Administrator", directoryScopeId: "/" },
      start: new Date(NOW.getTime() - 110 * 60_000),
      end: new Date(NOW.getTime() + 10 * 60_000),
    };
    const tokyo = { now: NOW, timeZone: "Asia/Tokyo" };
    const data = pimEndingSoonView(activation, tokyo);
    expect(data).toMatchObject({ title: "Your Application Administrator activation ends soon", headline: "It ends Tue 3 Mar, 02:10 GMT+9 (10 minutes left)." });
    const after = pimEndingSoonView(activation, { ...tokyo, now: new Date(NOW.getTime() + HOUR) });
    expect(after.title).toBe("Your Application Administrator activation has ended");
    expect(text(data)).toContain("activate it again in PIM");
  });
});
