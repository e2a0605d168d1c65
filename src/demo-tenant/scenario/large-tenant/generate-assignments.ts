import { parseIsoDuration } from "../../clock/iso-duration.js";
import { ENTITLEMENT_EVENTS } from "../../routes/entitlement/request-lifecycle.js";
import type { AssignmentPolicyRecord, AssignmentRecord } from "../../state/model.js";
import type { ScenarioContext } from "../scenario-context.js";
import type { GeneratedPackage } from "./generate-catalogs.js";
import type { GeneratedPeople } from "./generate-people.js";
import { ID_KIND, scaleId, type SeededRandom } from "./seeded-random.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Assignments the access review covers: each is held by a direct report of its reviewer. */
export interface ReviewedAssignment {
  assignment: AssignmentRecord;
  targetIndex: number;
  reviewerIndex: number;
}

export interface GeneratedAssignments {
  /** `targetIndex * packages + packageIndex` of every delivered assignment, so requests do not duplicate one. */
  held: Set<number>;
  reviewed: ReviewedAssignment[];
  /** Every generated assignment, in creation order (for historical requests). */
  all: AssignmentRecord[];
}

/**
 * Delivered assignments. First the broad package (the first one) for direct reports of up to
 * `reviewers` distinct managers, taken one report per manager in turn, `reviewed` of them: the access
 * review covers exactly these, each manager reviewing their reports. Then the rest, of the other
 * packages, to random active people, popular packages getting most. About 3% of expiring ones end
 * within the next seven days; every expiry (and Entra's one-day warning) is on the timeline.
 */
export function generateAssignments(
  ctx: ScenarioContext,
  random: SeededRandom,
  people: GeneratedPeople,
  packages: GeneratedPackage[],
  options: { assignments: number; reviewed: number; reviewers: number },
): GeneratedAssignments {
  const now = ctx.now.getTime();
  const held = new Set<number>();
  const reviewed: ReviewedAssignment[] = [];
  const all: AssignmentRecord[] = [];
  const P = packages.length;
  const activeUsers: number[] = [];
  for (let i = 0; i < people.ids.length; i++) if (people.active[i]) activeUsers.push(i);
  if (P === 0 || options.assignments <= 0 || activeUsers.length === 0) return { held, reviewed, all };

  const add = (target: number, pkg: number, policy: AssignmentPolicyRecord, reviewerIndex: number) => {
    held.add(target * P + pkg);
    const p = packages[pkg]!;
    // Reviewed access existed before the review started (ten days ago), or the review would not cover it.
    const assignment = buildAssignment(random, now, all.length + 1, people.ids[target]!, policy, reviewerIndex >= 0 ? 11 : 1);
    ctx.state.assignments.insert(assignment);
    ctx.state.groups.get(p.groupId)?.memberIds.push(assignment.targetId);
    scheduleEnd(ctx, assignment);
    all.push(assignment);
    if (reviewerIndex >= 0) reviewed.push({ assignment, targetIndex: target, reviewerIndex });
  };

  // Round robin over the reviewers' teams: everyone gets a first decision before anyone gets a second.
  const teams = chooseReviewers(random, people, options.reviewers).map((m) => ({ manager: m, left: shuffled(random, activeReports(people, m)) }));
  const reviewedCount = Math.min(options.reviewed, options.assignments);
  while (reviewed.length < reviewedCount) {
    let progressed = false;
    for (const team of teams) {
      const target = team.left.pop();
      if (target === undefined) continue;
      add(target, 0, packages[0]!.requestPolicy, team.manager);
      progressed = true;
      if (reviewed.length >= reviewedCount) break;
    }
    if (!progressed) break;
  }

  const others = P - 1;
  const total = Math.min(options.assignments, all.length + Math.floor(activeUsers.length * others * 0.9));
  while (all.length < total) {
    let target = -1;
    let pkg = -1;
    // A few tries find a (person, package) pair nobody holds yet; the tenant is far from saturated.
    for (let attempt = 0; attempt < 50 && pkg < 0; attempt++) {
      target = random.pick(activeUsers);
      pkg = 1 + random.skewed(others, 1.6);
      if (held.has(target * P + pkg)) pkg = -1;
    }
    if (pkg < 0) break;
    const p = packages[pkg]!;
    add(target, pkg, p.adminPolicy && random.chance(0.15) ? p.adminPolicy : p.requestPolicy, -1);
  }
  return { held, reviewed, all };
}

/**
 * Managers with at least one active report, in a stable shuffled order, at most `count`. A manager
 * review asks each principal's manager, so these are the review's reviewers.
 */
function chooseReviewers(random: SeededRandom, people: GeneratedPeople, count: number): number[] {
  const managers: number[] = [];
  for (const m of people.reports.keys()) {
    if (people.active[m] && activeReports(people, m).length > 0) managers.push(m);
  }
  return shuffled(random, managers).slice(0, Math.max(0, count));
}

function activeReports(people: GeneratedPeople, manager: number): number[] {
  return (people.reports.get(manager) ?? []).filter((r) => people.active[r]);
}

function shuffled<T>(random: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * The end of an assignment and Entra's warning a day before, as entitlement delivery schedules them.
 * A warning already due fires when the tenant plays the timeline up to now, right after generation.
 */
function scheduleEnd(ctx: ScenarioContext, assignment: AssignmentRecord): void {
  const end = assignment.schedule.expiration?.endDateTime;
  if (!end) return;
  const endMs = Date.parse(end);
  ctx.state.schedule(end, ENTITLEMENT_EVENTS.assignmentExpiry, assignment.id);
  if (endMs - Date.parse(assignment.schedule.startDateTime!) > DAY) ctx.state.schedule(new Date(endMs - DAY), ENTITLEMENT_EVENTS.assignmentNearExpiry, assignment.id);
}

function buildAssignment(random: SeededRandom, now: number, n: number, targetId: string, policy: AssignmentPolicyRecord, minAgeDays: number): AssignmentRecord {
  const duration = policy.expiration.type === "afterDuration" && policy.expiration.duration ? parseIsoDuration(policy.expiration.duration) : null;
  let start: number;
  let end: number | null = null;
  if (duration === null) {
    start = now - random.between(minAgeDays, 730) * DAY;
  } else {
    // Time left: a short-lived grant can end any time; otherwise 3% end within a week ("expiring soon").
    const left = duration <= 7 * DAY || random.chance(0.03) ? random.between(1, Math.min(duration, 7 * DAY) / 60_000) * 60_000 : random.between(7 * DAY, duration);
    end = now + left;
    start = end - duration;
  }
  const startIso = new Date(start).toISOString();
  return {
    id: scaleId(ID_KIND.assignment, n),
    accessPackageId: policy.accessPackageId,
    assignmentPolicyId: policy.id,
    targetId,
    state: "delivered",
    status: "Delivered",
    schedule: {
      startDateTime: startIso,
      expiration: end === null ? { type: "noExpiration", duration: null, endDateTime: null } : { type: "afterDateTime", duration: null, endDateTime: new Date(end).toISOString() },
      recurrence: null,
    },
    expiredDateTime: null,
    createdDateTime: startIso,
  };
}
