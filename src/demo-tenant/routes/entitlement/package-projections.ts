import { plainProjection, type Projection } from "../../http/projection.js";
import type {
  AccessPackageQuestion,
  AccessPackageRecord,
  AssignmentPolicyRecord,
  CatalogRecord,
  ResourceRecord,
  ResourceRoleScopeRecord,
} from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { stableId } from "./stable-id.js";

/*
 * How catalogs, access packages, their resources and policies appear in Graph. Navigation properties
 * (`assignmentPolicies`, `catalog`, `resourceRoleScopes`, `questions`...) appear only with `$expand`,
 * as in Graph; the ones Entra has but the demo does not model expand to empty collections.
 */

type Role = ResourceRecord["roles"][number];
interface RoleOfResource {
  resource: ResourceRecord;
  role: Role;
}

const none = (typeName: string) => () => ({ projection: plainProjection(typeName), value: [] });

export const catalogProjection: Projection<CatalogRecord> = {
  typeName: "accessPackageCatalog",
  toGraph: (c) => ({
    id: c.id,
    displayName: c.displayName,
    description: c.description,
    catalogType: c.catalogType,
    state: c.state,
    isExternallyVisible: c.isExternallyVisible,
    createdDateTime: c.createdDateTime,
    modifiedDateTime: c.modifiedDateTime,
  }),
  navigations: {
    accessPackages: (c, ctx) => ({ projection: accessPackageProjection, value: ctx.state.accessPackages.by("catalogId", c.id) }),
    resources: (c, ctx) => ({ projection: resourceProjection, value: ctx.state.resources.by("catalogId", c.id) }),
    resourceRoles: (c, ctx) => ({
      projection: resourceRoleProjection,
      value: ctx.state.resources.by("catalogId", c.id).flatMap((resource) => resource.roles.map((role) => ({ resource, role }))),
    }),
    resourceScopes: (c, ctx) => ({ projection: resourceScopeProjection, value: ctx.state.resources.by("catalogId", c.id) }),
    customWorkflowExtensions: none("customCalloutExtension"),
  },
};

/** Graph's resource: a group or app the catalog holds. Its one scope is the root scope. */
export const resourceProjection: Projection<ResourceRecord> = {
  typeName: "accessPackageResource",
  toGraph: (r) => ({
    id: r.id,
    displayName: r.displayName,
    description: r.description,
    originId: r.originId,
    originSystem: r.originSystem,
    attributes: [],
    createdDateTime: r.createdDateTime,
    modifiedDateTime: r.createdDateTime,
  }),
  navigations: {
    roles: (r) => ({ projection: resourceRoleProjection, value: r.roles.map((role) => ({ resource: r, role })) }),
    scopes: (r) => ({ projection: resourceScopeProjection, value: [r] }),
  },
};

export const resourceRoleProjection: Projection<RoleOfResource> = {
  typeName: "accessPackageResourceRole",
  toGraph: ({ resource, role }) => ({
    id: role.id,
    displayName: role.displayName,
    description: role.description,
    originId: role.originId,
    originSystem: resource.originSystem,
  }),
  navigations: {
    resource: ({ resource }) => ({ projection: resourceProjection, value: resource }),
  },
};

/** The root scope of a resource (groups and apps have only that one). */
export const resourceScopeProjection: Projection<ResourceRecord> = {
  typeName: "accessPackageResourceScope",
  toGraph: (r) => ({
    id: stableId("accessPackageResourceScope", r.id),
    displayName: "Root",
    description: "Root Scope",
    originId: r.originId,
    originSystem: r.originSystem,
    isRootScope: true,
  }),
  navigations: {
    resource: (r) => ({ projection: resourceProjection, value: r }),
  },
};

/** Which resource a role scope of a package grants, and which of its roles. */
export function roleOfScope(state: TenantState, scope: ResourceRoleScopeRecord): RoleOfResource | undefined {
  const resource = state.resources.get(scope.resourceId);
  const role = resource?.roles.find((r) => r.originId === scope.roleOriginId);
  return resource && role ? { resource, role } : undefined;
}

export const resourceRoleScopeProjection: Projection<ResourceRoleScopeRecord> = {
  typeName: "accessPackageResourceRoleScope",
  toGraph: (s) => ({ id: s.id, createdDateTime: s.createdDateTime }),
  navigations: {
    role: (s, ctx) => ({ projection: resourceRoleProjection, value: roleOfScope(ctx.state, s) ?? null }),
    scope: (s, ctx) => ({ projection: resourceScopeProjection, value: ctx.state.resources.get(s.resourceId) ?? null }),
  },
};

export const accessPackageProjection: Projection<AccessPackageRecord> = {
  typeName: "accessPackage",
  toGraph: (p) => ({
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    isHidden: p.isHidden,
    createdDateTime: p.createdDateTime,
    modifiedDateTime: p.modifiedDateTime,
  }),
  navigations: {
    assignmentPolicies: (p, ctx) => ({ projection: assignmentPolicyProjection, value: ctx.state.policies.by("accessPackageId", p.id) }),
    catalog: (p, ctx) => ({ projection: catalogProjection, value: ctx.state.catalogs.get(p.catalogId) ?? null }),
    resourceRoleScopes: (p) => ({ projection: resourceRoleScopeProjection, value: p.resourceRoleScopes }),
    accessPackagesIncompatibleWith: none("accessPackage"),
    incompatibleAccessPackages: none("accessPackage"),
    incompatibleGroups: none("group"),
  },
};

/** Questions are stored as Graph JSON already (with their `@odata.type`). */
export const questionProjection: Projection<AccessPackageQuestion> = {
  typeName: "accessPackageQuestion",
  toGraph: (q) => ({ ...q }),
};

export const assignmentPolicyProjection: Projection<AssignmentPolicyRecord> = {
  typeName: "accessPackageAssignmentPolicy",
  toGraph: (p) => ({
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    allowedTargetScope: p.allowedTargetScope,
    specificAllowedTargets: p.specificAllowedTargets,
    expiration: p.expiration,
    requestorSettings: p.requestorSettings,
    requestApprovalSettings: p.requestApprovalSettings,
    automaticRequestSettings: p.automaticRequestSettings,
    reviewSettings: null,
    createdDateTime: p.createdDateTime,
    modifiedDateTime: p.modifiedDateTime,
  }),
  navigations: {
    accessPackage: (p, ctx) => ({ projection: accessPackageProjection, value: ctx.state.accessPackages.get(p.accessPackageId) ?? null }),
    catalog: (p, ctx) => {
      const pkg = ctx.state.accessPackages.get(p.accessPackageId);
      return { projection: catalogProjection, value: (pkg && ctx.state.catalogs.get(pkg.catalogId)) ?? null };
    },
    questions: (p) => ({ projection: questionProjection, value: [...p.questions].sort((a, b) => a.sequence - b.sequence) }),
    customExtensionStageSettings: none("customExtensionStageSetting"),
  },
};
