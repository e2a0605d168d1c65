import type {
  AccessPackage,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentRequestRequirements,
  AccessPackageResourceRoleScope,
} from "@microsoft/microsoft-graph-types";
import type { ApproverNames } from "../domain/approvals/summarize-approvers.js";
import type { AccessPackageOffer } from "../domain/model/access-package-offer.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { isBatchSuccess, readBatchItem } from "./batch-item.js";
import { EM } from "./entitlement-paths.js";
import type { BatchResponse, GraphHttp } from "./graph-http.js";
import { mapSubjectSets } from "./map-graph-policy.js";
import { mapOffer, type PackageReading } from "./map-graph-offer.js";

/**
 * The packages a person may request, as offers. Graph calls, in at most three rounds:
 * 1. delegated: the packages the person may request, with their catalogs;
 * 2. at once, in two `$batch`es: delegated `getApplicablePolicyRequirements` per package (what the person
 *    must supply under which policy) and app-only each package with its policies (approval stages) and
 *    resource role scopes (what it grants) — the requirements name no approvers;
 * 3. app-only, one `$batch`: the names of the users and groups the stages name as approvers.
 * Up to 20 packages and 20 names that is four HTTP calls.
 */
export async function readOffers(graph: GraphHttp, app: GraphTokenSource, user: GraphTokenSource): Promise<AccessPackageOffer[]> {
  const packages = await graph.listAll<AccessPackage>(user, `${EM}/accessPackages/filterByCurrentUser(on='allowedRequestor')?$expand=catalog`);
  if (packages.length === 0) return [];
  const [requirementAnswers, detailAnswers] = await Promise.all([
    graph.batch(
      user,
      packages.map((p, i) => ({ id: `r${i}`, method: "POST" as const, url: `${EM}/accessPackages/${p.id}/getApplicablePolicyRequirements` })),
    ),
    graph.batch(
      app,
      packages.map((p, i) => ({
        id: `d${i}`,
        method: "GET" as const,
        url: `${EM}/accessPackages/${p.id}?$select=id&$expand=assignmentPolicies,resourceRoleScopes($expand=role($expand=resource),scope)`,
      })),
    ),
  ]);

  const readings: PackageReading[] = [];
  packages.forEach((accessPackage, i) => {
    // A package removed between the calls is simply no longer offered; other failures fail the listing.
    const requirements = readOrNothing<{ value?: AccessPackageAssignmentRequestRequirements[] }>(requirementAnswers[i]!, `read what ${accessPackage.displayName} requires`);
    const details = readOrNothing<{ assignmentPolicies?: AccessPackageAssignmentPolicy[]; resourceRoleScopes?: AccessPackageResourceRoleScope[] }>(
      detailAnswers[i]!,
      `read the policies of ${accessPackage.displayName}`,
    );
    if (!requirements || !details) return;
    readings.push({ accessPackage, requirements: requirements.value ?? [], policies: details.assignmentPolicies ?? [], roleScopes: details.resourceRoleScopes ?? [] });
  });

  const names = await readApproverNames(graph, app, readings);
  return readings.map((r) => mapOffer(r, names)).filter((o): o is AccessPackageOffer => o !== null);
}

function readOrNothing<T>(response: BatchResponse, doing: string): T | null {
  return response.status === 404 ? null : readBatchItem<T>(response, `Could not ${doing}`);
}

/** Display names of the single users and groups the applicable policies' stages name, in one app-only `$batch`. */
async function readApproverNames(graph: GraphHttp, app: GraphTokenSource, readings: readonly PackageReading[]): Promise<ApproverNames> {
  const userIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const reading of readings) {
    const applicable = new Set(reading.requirements.map((r) => r.policyId));
    for (const policy of reading.policies.filter((p) => applicable.has(p.id))) {
      for (const stage of policy.requestApprovalSettings?.stages ?? []) {
        // As summarizeApprovers describes them: the primary approvers, or the fallbacks when there are none.
        const primary = mapSubjectSets(stage.primaryApprovers);
        for (const ref of primary.length > 0 ? primary : mapSubjectSets(stage.fallbackPrimaryApprovers)) {
          if (ref.kind === "user") userIds.add(ref.userId);
          if (ref.kind === "groupMembers") groupIds.add(ref.groupId);
        }
      }
    }
  }
  const lookups = [
    ...[...userIds].map((id) => ({ kind: "users" as const, id })),
    ...[...groupIds].map((id) => ({ kind: "groups" as const, id })),
  ];
  const names = { users: new Map<string, string>(), groups: new Map<string, string>() };
  if (lookups.length === 0) return names;
  const answers = await graph.batch(
    app,
    lookups.map((l, i) => ({ id: `n${i}`, method: "GET" as const, url: `/${l.kind}/${l.id}?$select=id,displayName` })),
  );
  lookups.forEach((lookup, i) => {
    const answer = answers[i]!;
    // A name that cannot be read is described generically ("a named approver"); the offer still stands.
    if (!isBatchSuccess(answer)) return;
    const name = (answer.body as { displayName?: string | null }).displayName;
    if (name) names[lookup.kind].set(lookup.id, name);
  });
  return names;
}
