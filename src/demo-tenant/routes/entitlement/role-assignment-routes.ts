import { GraphError } from "../../http/graph-error.js";
import { plainProjection, type Projection } from "../../http/projection.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { Route, RouteContext, RoutePermissions } from "../../http/route.js";
import type { CatalogRecord, CatalogRoleAssignment } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";
import { principalOf, principalProjection } from "../pim/principal-projections.js";
import { stableId } from "./stable-id.js";

/** Where entitlement management's role assignments live (the RBAC provider, not `/identityGovernance`). */
export const ENTITLEMENT_ROLE_ASSIGNMENTS = "/roleManagement/entitlementManagement/roleAssignments";

/** The built-in entitlement management roles the demo tenant assigns, by role definition id. */
export const ENTITLEMENT_ROLES: Readonly<Record<string, { displayName: string; description: string }>> = {
  "ae79f266-94d4-4dab-b730-feca7e132178": {
    displayName: "Catalog owner",
    description: "Edit and manage access packages and other resources in a catalog.",
  },
  "7f480852-ebdc-47d4-87de-0d8498384a83": {
    displayName: "Access package manager",
    description: "Edit and manage all access packages in a catalog.",
  },
};

// Graph documents EntitlementManagement.Read.All and ReadWrite.All for both kinds of token.
const READ = ["EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All"] as const;
const ROLE_READ: RoutePermissions = { app: READ, user: READ };

/** One catalog-scoped role assignment, with the catalog it is scoped to. */
interface RoleAssignmentRow {
  id: string;
  catalog: CatalogRecord;
  assignment: CatalogRoleAssignment;
}

const appScopeId = (catalog: CatalogRecord) => `/AccessPackageCatalog/${catalog.id}`;

const roleAssignmentProjection: Projection<RoleAssignmentRow> = {
  typeName: "unifiedRoleAssignment",
  toGraph: ({ id, catalog, assignment }) => ({
    id,
    principalId: assignment.principalId,
    roleDefinitionId: assignment.roleDefinitionId,
    appScopeId: appScopeId(catalog),
    // Catalog roles are scoped by the app scope alone.
    directoryScopeId: null,
    condition: null,
  }),
  navigations: {
    principal: (row, ctx) => ({ projection: principalProjection, value: principalOf(ctx.state, row.assignment.principalId) }),
    roleDefinition: ({ assignment }) => ({ projection: plainProjection("unifiedRoleDefinition"), value: roleDefinitionJson(assignment.roleDefinitionId) }),
    appScope: ({ catalog }) => ({
      projection: plainProjection("appScope"),
      value: { id: appScopeId(catalog), displayName: catalog.displayName, type: "AccessPackageCatalog" },
    }),
  },
};

function roleDefinitionJson(id: string): Record<string, unknown> | null {
  const role = ENTITLEMENT_ROLES[id];
  if (!role) return null;
  return { id, displayName: role.displayName, description: role.description, isBuiltIn: true, isEnabled: true, templateId: id, version: null, resourceScopes: ["/"], rolePermissions: [] };
}

/** Every catalog-scoped role assignment of the tenant, with ids stable across resets. */
function allRoleAssignments(state: TenantState): RoleAssignmentRow[] {
  return state.catalogs.all().flatMap((catalog) =>
    (catalog.roleAssignments ?? []).map((assignment) => ({
      id: stableId("unifiedRoleAssignment", catalog.id, assignment.roleDefinitionId, assignment.principalId),
      catalog,
      assignment,
    })),
  );
}

/**
 * Graph lists entitlement management role assignments only for a given role, principal or scope (its
 * reference: "Only specific instances can be queried"), so the list insists on a `$filter` naming one.
 */
function requireScopingFilter(ctx: RouteContext): void {
  const filter = ctx.query.get("$filter") ?? "";
  if (!/\b(roleDefinitionId|principalId|appScopeId)\b/i.test(filter)) {
    throw GraphError.badRequest(
      "This list requires $filter on roleDefinitionId, principalId or appScopeId, for example roleDefinitionId eq 'ae79f266-94d4-4dab-b730-feca7e132178' for catalog owners.",
    );
  }
}

/** `/roleManagement/entitlementManagement/roleAssignments`: who owns catalogs and manages their access packages. */
export function roleAssignmentRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: ENTITLEMENT_ROLE_ASSIGNMENTS,
      permissions: ROLE_READ,
      handler: (ctx) => {
        requireScopingFilter(ctx);
        return respondWithCollection(ctx, allRoleAssignments(ctx.state), roleAssignmentProjection);
      },
    },
    {
      method: "GET",
      pattern: `${ENTITLEMENT_ROLE_ASSIGNMENTS}/{id}`,
      permissions: ROLE_READ,
      handler: (ctx) => {
        const wanted = (ctx.params.id ?? "").toLowerCase();
        const row = allRoleAssignments(ctx.state).find((r) => r.id === wanted);
        if (!row) throw GraphError.notFound(`No entitlement management role assignment with id '${ctx.params.id}'.`);
        return respondWithEntity(ctx, row, roleAssignmentProjection, ENTITLEMENT_ROLE_ASSIGNMENTS);
      },
    },
  ];
}
