import type { ScenarioContext } from "./scenario-context.js";
import { generateAccessReview } from "./large-tenant/generate-access-review.js";
import { generateAssignments } from "./large-tenant/generate-assignments.js";
import { generateCatalogs } from "./large-tenant/generate-catalogs.js";
import { generatePeople } from "./large-tenant/generate-people.js";
import { generateCompletedRequests, generatePendingRequests } from "./large-tenant/generate-requests.js";
import { SeededRandom } from "./large-tenant/seeded-random.js";

/** How big the generated population is. Counts are added on top of the scenario's own objects. */
export interface LargeTenantOptions {
  users: number;
  accessPackages: number;
  /** Delivered access package assignments. */
  assignments: number;
  /** Decisions of the access review in progress (each covers one of the assignments). */
  reviewDecisions: number;
  /** Distinct reviewers the decisions are spread over; capped by the managers the org chart has (10,000 by default). */
  reviewers?: number;
  /** Requests waiting for approval (3,000 by default). */
  pendingRequests?: number;
  /** Finished requests (delivered, denied, canceled) kept as history (10,000 by default). */
  completedRequests?: number;
  /** PRNG seed: the same seed and counts give the same tenant, ids included. */
  seed?: number;
}

export const LARGE_TENANT_DEFAULTS: Required<LargeTenantOptions> = {
  users: 50_000,
  accessPackages: 2_000,
  assignments: 100_000,
  reviewDecisions: 20_000,
  reviewers: 10_000,
  pendingRequests: 3_000,
  completedRequests: 10_000,
  seed: 20_260_302,
};

/** What was generated, and how long it took. */
export interface LargeTenantSummary {
  users: number;
  accessPackages: number;
  assignments: number;
  pendingRequests: number;
  requests: number;
  reviewDecisions: number;
  reviewers: number;
  elapsedMs: number;
}

/**
 * Adds a large, realistic, deterministic population to a seeded scenario, for benchmarks: people in an
 * org chart under the scenario's executives, catalogs of access packages with varied policies, delivered
 * assignments (some expiring soon), pending and historical requests, and an access review in progress.
 * Records go through the state's tables (so indexes hold) and lifecycle events onto its timeline, as
 * the area seeders do; generated ids (`5ca1e…`) never collide with the scenario's.
 */
export function generateLargeTenant(ctx: ScenarioContext, options: LargeTenantOptions): LargeTenantSummary {
  const started = performance.now();
  const o = { ...LARGE_TENANT_DEFAULTS, ...options };
  const random = new SeededRandom(o.seed);
  const requestsBefore = ctx.state.requests.size;

  const people = generatePeople(ctx, random, o.users);
  const packages = generateCatalogs(ctx, random, people, o.users > 0 ? o.accessPackages : 0);
  const assignments = generateAssignments(ctx, random, people, packages, {
    assignments: o.assignments,
    reviewed: o.reviewDecisions,
    reviewers: o.reviewers,
  });
  const numbers = generatePendingRequests(ctx, random, people, packages, assignments, o.pendingRequests);
  const pending = numbers.request;
  generateCompletedRequests(ctx, random, people, packages, assignments, o.completedRequests, numbers);
  generateAccessReview(ctx, random, people, packages, assignments);

  return {
    users: people.ids.length,
    accessPackages: packages.length,
    assignments: assignments.all.length,
    pendingRequests: pending,
    requests: ctx.state.requests.size - requestsBefore,
    reviewDecisions: assignments.reviewed.length,
    reviewers: new Set(assignments.reviewed.map((r) => r.reviewerIndex)).size,
    elapsedMs: Math.round(performance.now() - started),
  };
}
