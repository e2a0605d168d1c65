import { plainProjection, type Projection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type { RoleManagementPolicyRecord } from "../../state/model.js";
import { filterEqualities } from "./filter-equalities.js";

/**
 * Role management policies and their assignments. Entra lists directory-role policies under either
 * scope type, `DirectoryRole` or `Directory`, and writes the one asked for into the ids and `scopeType`
 * (`DirectoryRole_<tenant>_<guid>` or `Directory_<tenant>_<guid>`); records keep `DirectoryRole`.
 */
export function scopeTypeShown(policy: RoleManagementPolicyRecord, ctx: RouteContext): string {
  if (policy.scopeType !== "DirectoryRole") return policy.scopeType;
  const asked = filterEqualities(ctx.query.get("$filter")).get("scopetype");
  return asked?.toLowerCase() === "directory" ? "Directory" : "DirectoryRole";
}

export function policyIdShown(policy: RoleManagementPolicyRecord, ctx: RouteContext): string {
  return scopeTypeShown(policy, ctx) === "Directory" ? policy.id.replace(/^DirectoryRole_/, "Directory_") : policy.id;
}

/** Finds a policy by either form of its id. */
export function policyById(policies: Iterable<RoleManagementPolicyRecord>, id: string): RoleManagementPolicyRecord | undefined {
  const wanted = id.toLowerCase().replace(/^directory_/, "directoryrole_");
  for (const p of policies) if (p.id.toLowerCase() === wanted) return p;
  return undefined;
}

const ruleProjection = plainProjection("unifiedRoleManagementPolicyRule");

export const policyProjection: Projection<RoleManagementPolicyRecord> = {
  typeName: "unifiedRoleManagementPolicy",
  toGraph: (p, ctx) => ({
    id: policyIdShown(p, ctx),
    displayName: p.displayName,
    description: p.description,
    isOrganizationDefault: p.isOrganizationDefault,
    scopeId: p.scopeId,
    scopeType: scopeTypeShown(p, ctx),
    lastModifiedDateTime: p.lastModifiedDateTime,
    lastModifiedBy: { displayName: null, id: null },
  }),
  navigations: {
    rules: (p) => ({ projection: ruleProjection, value: p.rules }),
    effectiveRules: (p) => ({ projection: ruleProjection, value: p.rules }),
  },
};

/** One assignment per policy: the policy applied to its role (or to a group's `member`/`owner`). */
export const policyAssignmentProjection: Projection<RoleManagementPolicyRecord> = {
  typeName: "unifiedRoleManagementPolicyAssignment",
  toGraph: (p, ctx) => ({
    id: `${policyIdShown(p, ctx)}_${p.roleDefinitionId}`,
    policyId: policyIdShown(p, ctx),
    scopeId: p.scopeId,
    scopeType: scopeTypeShown(p, ctx),
    roleDefinitionId: p.roleDefinitionId,
  }),
  navigations: {
    policy: (p) => ({ projection: policyProjection, value: p }),
  },
};
