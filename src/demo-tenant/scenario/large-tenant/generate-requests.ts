import { parseIsoDuration } from "../../clock/iso-duration.js";
import { ENTITLEMENT_EVENTS } from "../../routes/entitlement/request-lifecycle.js";
import { stableId } from "../../routes/entitlement/stable-id.js";
import type { ApprovalStageSettings, AssignmentRequestRecord, EntitlementSchedule, RequestStageRecord, SubjectSet } from "../../state/model.js";
import type { ScenarioContext } from "../scenario-context.js";
import type { GeneratedAssignments } from "./generate-assignments.js";
import type { GeneratedPackage } from "./generate-catalogs.js";
import type { GeneratedPeople } from "./generate-people.js";
import { ID_KIND, scaleId, type SeededRandom } from "./seeded-random.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const JUSTIFICATIONS = [
  "Needed for the Q3 launch work.",
  "My team is piloting this tool.",
  "Drafting customer proposals faster.",
  "Evaluating it for our department.",
  "Replacing a retired tool.",
  "Requested by my manager for the new project.",
];

/** Request ids are numbered across pending and historical requests, so both kinds stay stable. */
export class RequestNumbers {
  request = 0;
}

/** What a request stores when the requestor names no schedule (the policy's then applies), as most do. */
const NO_SCHEDULE: () => EntitlementSchedule = () => ({ startDateTime: null, expiration: { type: "notSpecified", duration: null, endDateTime: null }, recurrence: null });

/**
 * Requests waiting for approval, each in one of its policy's stages (earlier stages already approved),
 * its current stage started recently enough that automatic denial is still ahead. The denial and any
 * escalation are on the timeline; an escalation already due fires when the tenant plays the timeline
 * up to now, right after generation. Targets never already hold or await the package.
 */
export function generatePendingRequests(
  ctx: ScenarioContext,
  random: SeededRandom,
  people: GeneratedPeople,
  packages: GeneratedPackage[],
  assignments: GeneratedAssignments,
  count: number,
  numbers = new RequestNumbers(),
): RequestNumbers {
  const state = ctx.state;
  const now = ctx.now.getTime();
  const P = packages.length;
  const withApproval = packages.map((_, i) => i).filter((i) => packages[i]!.requestPolicy.requestApprovalSettings.stages.length > 0);
  const requesters: number[] = [];
  for (let i = 0; i < people.ids.length; i++) if (people.active[i]) requesters.push(i);
  if (withApproval.length === 0 || requesters.length === 0) return numbers;
  const taken = new Set(assignments.held);

  for (let made = 0, attempts = 0; made < count && attempts < count * 20; attempts++) {
    const target = random.pick(requesters);
    const pkgIndex = withApproval[random.skewed(withApproval.length, 1.6)]!;
    if (taken.has(target * P + pkgIndex)) continue;
    taken.add(target * P + pkgIndex);
    made++;
    const pkg = packages[pkgIndex]!;
    const policy = pkg.requestPolicy;
    const targetId = people.ids[target]!;
    const settings = policy.requestApprovalSettings.stages;
    // Most requests wait in their first stage; some are further along.
    const current = settings.length === 1 || random.chance(0.7) ? 0 : random.between(1, settings.length - 1);
    const currentSettings = settings[current]!;
    const currentStart = now - Math.floor(random.next() * 0.9 * parseIsoDuration(currentSettings.durationBeforeAutomaticDenial));
    const earlier = Array.from({ length: current }, () => random.between(30, 48 * 60) * MINUTE);
    const created = currentStart - earlier.reduce((a, b) => a + b, 0) - random.between(1, 10) * MINUTE;

    let t = created + MINUTE;
    const requestId = scaleId(ID_KIND.request, ++numbers.request);
    const stages: RequestStageRecord[] = settings.map((s, index) => {
      const id = stableId("approvalStage", requestId, String(index));
      if (index < current) {
        const started = t;
        t += earlier[index]!;
        return {
          id, index, status: "Completed", startedDateTime: iso(started), autoDenyDateTime: iso(started + parseIsoDuration(s.durationBeforeAutomaticDenial)),
          escalationDateTime: escalationAt(s, started), escalated: false, reviewResult: "Approve",
          reviewedById: approverOf(s, targetId, ctx), reviewedDateTime: iso(t), justification: "Approved.",
        };
      }
      if (index === current) {
        const escalation = escalationAt(s, currentStart);
        return {
          id, index, status: "InProgress", startedDateTime: iso(currentStart), autoDenyDateTime: iso(currentStart + parseIsoDuration(s.durationBeforeAutomaticDenial)),
          escalationDateTime: escalation, escalated: false, reviewResult: "NotReviewed",
          reviewedById: null, reviewedDateTime: null, justification: null,
        };
      }
      return {
        id, index, status: "NotStarted", startedDateTime: null, autoDenyDateTime: null, escalationDateTime: null, escalated: false,
        reviewResult: "NotReviewed", reviewedById: null, reviewedDateTime: null, justification: null,
      };
    });

    const request: AssignmentRequestRecord = {
      id: requestId,
      requestType: "userAdd",
      state: "pendingApproval",
      status: "PendingApproval",
      createdDateTime: iso(created),
      completedDateTime: null,
      schedule: NO_SCHEDULE(),
      answers: [],
      justification: random.pick(JUSTIFICATIONS),
      accessPackageId: pkg.id,
      assignmentPolicyId: policy.id,
      targetId,
      requestorId: targetId,
      assignmentId: null,
      stages,
      deliverAtDateTime: null,
    };
    state.requests.insert(request);
    const open = stages[current]!;
    state.schedule(open.autoDenyDateTime!, ENTITLEMENT_EVENTS.stageAutoDeny, request.id);
    if (open.escalationDateTime) state.schedule(open.escalationDateTime, ENTITLEMENT_EVENTS.stageEscalation, request.id);
  }
  return numbers;
}

/**
 * Finished requests, as a tenant accumulates them: the delivered requests behind the most recent
 * assignments, plus some denied and canceled ones. They make `$filter=state eq 'pendingApproval'` pick
 * a few thousand rows out of many, as it does in Graph.
 */
export function generateCompletedRequests(
  ctx: ScenarioContext,
  random: SeededRandom,
  people: GeneratedPeople,
  packages: GeneratedPackage[],
  assignments: GeneratedAssignments,
  count: number,
  numbers: RequestNumbers,
): void {
  const state = ctx.state;
  const byId = new Map(packages.map((p) => [p.id, p]));
  const withApproval = packages.filter((p) => p.requestPolicy.requestApprovalSettings.stages.length > 0);
  const recent = [...assignments.all].sort((a, b) => (a.createdDateTime < b.createdDateTime ? 1 : a.createdDateTime > b.createdDateTime ? -1 : 0));
  let r = 0;
  for (let made = 0; made < count; made++) {
    const failed = random.chance(0.15);
    const assignment = failed ? undefined : recent[r++];
    // Only requests that needed approval can be denied or canceled while waiting.
    const pkg = assignment ? byId.get(assignment.accessPackageId) : withApproval[random.skewed(withApproval.length, 1.6)];
    if (!pkg) break;
    const policy = assignment ? (pkg.adminPolicy?.id === assignment.assignmentPolicyId ? pkg.adminPolicy : pkg.requestPolicy) : pkg.requestPolicy;
    const targetId = assignment?.targetId ?? people.ids[random.int(people.ids.length)]!;
    const finished = assignment ? Date.parse(assignment.createdDateTime) : ctx.now.getTime() - random.between(1, 180) * DAY;
    const created = finished - random.between(5, 3 * 24 * 60) * MINUTE;
    const admin = policy.allowedTargetScope === "notSpecified";
    const outcome: AssignmentRequestRecord["state"] = assignment ? "delivered" : random.chance(0.6) ? "denied" : "canceled";
    const requestId = scaleId(ID_KIND.request, ++numbers.request);
    // As Entra leaves them: delivered, every stage approved; denied, the first stage denied and the rest
    // never started; canceled, the first stage closed undecided. Admin assignments skip approval.
    const stages: RequestStageRecord[] = admin
      ? []
      : policy.requestApprovalSettings.stages.map((s, index) => {
          const started = created + index * MINUTE;
          const ran = outcome === "delivered" || index === 0;
          return {
            id: stableId("approvalStage", requestId, String(index)),
            index,
            status: ran ? "Completed" : "NotStarted",
            startedDateTime: ran ? iso(started) : null,
            autoDenyDateTime: ran ? iso(started + parseIsoDuration(s.durationBeforeAutomaticDenial)) : null,
            escalationDateTime: ran ? escalationAt(s, started) : null,
            escalated: false,
            reviewResult: outcome === "delivered" ? "Approve" : outcome === "denied" && index === 0 ? "Deny" : "NotReviewed",
            reviewedById: ran && outcome !== "canceled" ? approverOf(s, targetId, ctx) : null,
            reviewedDateTime: ran && outcome !== "canceled" ? iso(finished - MINUTE) : null,
            justification: outcome === "denied" && index === 0 ? "Not needed for this role." : null,
          };
        });
    state.requests.insert({
      id: requestId,
      requestType: admin ? "adminAdd" : "userAdd",
      state: outcome,
      status: outcome === "delivered" ? "Delivered" : outcome === "denied" ? "Denied" : "Canceled",
      createdDateTime: iso(created),
      completedDateTime: iso(finished),
      schedule: NO_SCHEDULE(),
      answers: [],
      justification: admin ? null : random.pick(JUSTIFICATIONS),
      accessPackageId: pkg.id,
      assignmentPolicyId: policy.id,
      targetId,
      requestorId: admin ? null : targetId,
      assignmentId: assignment?.id ?? null,
      stages,
      deliverAtDateTime: null,
    });
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function escalationAt(s: ApprovalStageSettings, startedMs: number): string | null {
  return s.isEscalationEnabled ? iso(startedMs + parseIsoDuration(s.durationBeforeEscalation)) : null;
}

/** Who decided a stage that is already approved: the first primary approver, resolved. */
function approverOf(s: ApprovalStageSettings, targetId: string, ctx: ScenarioContext): string | null {
  const first: SubjectSet | undefined = s.primaryApprovers[0];
  if (!first) return null;
  if (first["@odata.type"] === "#microsoft.graph.singleUser") return first.userId;
  if (first["@odata.type"] === "#microsoft.graph.requestorManager") return ctx.state.users.get(targetId)?.managerId ?? null;
  return null;
}
