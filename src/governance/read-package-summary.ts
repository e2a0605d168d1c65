import type { AccessPackage, AccessPackageAssignmentPolicy, AccessPackageResourceRoleScope } from "@microsoft/microsoft-graph-types";
import { deriveRiskTier } from "../domain/model/derive-risk-tier.js";
import type { PackageSummary } from "../domain/model/package-summary.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { EM } from "./entitlement-paths.js";
import type { GraphHttp } from "./graph-http.js";
import { mapGrant, mapQuestion } from "./map-graph-offer.js";

type PackageWithDetails = AccessPackage & {
  assignmentPolicies?: AccessPackageAssignmentPolicy[];
  resourceRoleScopes?: AccessPackageResourceRoleScope[];
};

/** A package's name, catalog, grants, risk and question texts in one app-only call. */
export async function readPackageSummary(graph: GraphHttp, app: GraphTokenSource, packageId: string): Promise<PackageSummary> {
  const pkg = await graph.get<PackageWithDetails>(
    app,
    `${EM}/accessPackages/${encodeURIComponent(packageId)}?$expand=catalog,assignmentPolicies($expand=questions),resourceRoleScopes($expand=role($expand=resource),scope)`,
  );
  const policies = (pkg.assignmentPolicies ?? []).map((p) => {
    const stages = p.requestApprovalSettings?.stages ?? [];
    const required = p.requestApprovalSettings?.isApprovalRequiredForAdd ?? false;
    return { isApprovalRequired: required, approvalStageCount: required ? stages.length : 0 };
  });
  // Direct-assignment policies nobody can request through do not make a package riskier.
  const requestable = (pkg.assignmentPolicies ?? []).filter((p) => p.requestorSettings?.enableTargetsToSelfAddAccess !== false);
  const tierPolicies = requestable.length > 0 ? policies.filter((_, i) => requestable.includes(pkg.assignmentPolicies![i]!)) : policies;
  const catalogName = pkg.catalog?.displayName ?? "";
  const questions = new Map<string, string>();
  for (const policy of pkg.assignmentPolicies ?? []) {
    for (const q of policy.questions ?? []) {
      const mapped = mapQuestion(q);
      questions.set(mapped.id, mapped.text);
    }
  }
  return {
    packageId: pkg.id ?? packageId,
    displayName: pkg.displayName ?? "",
    catalogName,
    riskTier: deriveRiskTier({ policies: tierPolicies, catalogName }),
    grants: (pkg.resourceRoleScopes ?? []).map(mapGrant),
    questions,
  };
}
