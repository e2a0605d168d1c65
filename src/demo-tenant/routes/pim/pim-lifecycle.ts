import type { TenantState } from "../../state/tenant-state.js";
import { expireApproval } from "./decide-pim-approval.js";
import { endAssignment, PIM_EVENTS, startAssignment } from "./pim-provision.js";
import { eligibilityWindow } from "./pim-records.js";

/**
 * PIM's clock-driven behaviour: future-dated assignments start, activations end after their duration,
 * approvals lapse 24 hours after the request, eligibilities with an end date expire. Each handler runs
 * at the event's own instant and re-checks the record, so events made stale by a decision, a cancel or
 * a deactivation do nothing.
 */
export function registerPimLifecycle(state: TenantState): void {
  state.onEvent(PIM_EVENTS.assignmentStart, (s, event, at) => {
    const assignment = s.activeAssignments.get(event.id);
    if (!assignment || assignment.status !== "Granted" || Date.parse(assignment.startDateTime) > at.getTime()) return;
    startAssignment(s, assignment, at.getTime());
  });

  state.onEvent(PIM_EVENTS.assignmentEnd, (s, event, at) => {
    const assignment = s.activeAssignments.get(event.id);
    if (!assignment || !assignment.endDateTime || Date.parse(assignment.endDateTime) > at.getTime()) return;
    endAssignment(s, assignment);
  });

  state.onEvent(PIM_EVENTS.approvalTimeout, (s, event, at) => {
    const request = s.pimRequests.get(event.id);
    if (!request || request.status !== "PendingApproval" || !request.approvalDeadline) return;
    if (Date.parse(request.approvalDeadline) > at.getTime()) return;
    expireApproval(request, at);
  });

  state.onEvent(PIM_EVENTS.eligibilityEnd, (s, event, at) => {
    const eligibility = s.eligibilities.get(event.id);
    if (!eligibility || eligibilityWindow(eligibility).endMs > at.getTime()) return;
    s.eligibilities.delete(eligibility.id);
  });
}
