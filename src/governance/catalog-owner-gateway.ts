import type { AccessPackage, AccessPackageCatalog, DirectoryObject, UnifiedRoleAssignment } from "@microsoft/microsoft-graph-types";
import { mapInTurns } from "../domain/async/map-in-turns.js";
import type { OwnedCatalog } from "../domain/model/owned-catalog.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { EM } from "./entitlement-paths.js";
import type { GraphHttp } from "./graph-http.js";

/** Entitlement management's RBAC provider: role assignments scoped to catalogs. */
export const ENTITLEMENT_ROLE_ASSIGNMENTS = "/roleManagement/entitlementManagement/roleAssignments";

/** Built-in entitlement management role definition ids (the same in every tenant). */
export const CATALOG_OWNER_ROLE = "ae79f266-94d4-4dab-b730-feca7e132178";
export const ACCESS_PACKAGE_MANAGER_ROLE = "7f480852-ebdc-47d4-87de-0d8498384a83";

const CATALOG_SCOPE = /^\/AccessPackageCatalog\/([^/]+)$/i;

/**
 * Who answers for which access package catalog, read app-only (EntitlementManagement.Read.All): the
 * catalog owners and access package managers Entra lists as role assignments scoped to a catalog
 * (`appScopeId` `/AccessPackageCatalog/{id}`), with each catalog's name and packages.
 */
export class CatalogOwnerGateway {
  constructor(
    private readonly graph: GraphHttp,
    private readonly app: GraphTokenSource,
  ) {}

  /**
   * Every catalog in which a user holds the catalog owner or access package manager role, with its
   * packages. Calls: the pages of the two roles' assignments (Graph lists them only filtered, here by
   * role definition), the pages of catalogs, and the pages of each owned catalog's packages. Roles held
   * by groups or service principals are left out: nobody to message.
   */
  async listOwnedCatalogs(): Promise<OwnedCatalog[]> {
    const filter = encodeURIComponent(`roleDefinitionId in ('${CATALOG_OWNER_ROLE}','${ACCESS_PACKAGE_MANAGER_ROLE}')`);
    const assignments = await this.graph.listAll<UnifiedRoleAssignment>(
      this.app,
      `${ENTITLEMENT_ROLE_ASSIGNMENTS}?$filter=${filter}&$expand=principal($select=id)`,
    );
    const roles = new Map<string, { owners: Set<string>; managers: Set<string> }>();
    for (const assignment of assignments) {
      const catalogId = CATALOG_SCOPE.exec(assignment.appScopeId ?? "")?.[1];
      const userId = userIdOf(assignment);
      if (!catalogId || !userId) continue;
      let held = roles.get(catalogId.toLowerCase());
      if (!held) roles.set(catalogId.toLowerCase(), (held = { owners: new Set(), managers: new Set() }));
      if (assignment.roleDefinitionId === CATALOG_OWNER_ROLE) held.owners.add(userId);
      else if (assignment.roleDefinitionId === ACCESS_PACKAGE_MANAGER_ROLE) held.managers.add(userId);
    }
    if (roles.size === 0) return [];
    const catalogs = (await this.graph.listAll<AccessPackageCatalog>(this.app, `${EM}/catalogs?$select=id,displayName`)).filter((c) =>
      roles.has((c.id ?? "").toLowerCase()),
    );
    // Four catalogs' packages at a time: a tenant with hundreds of catalogs would otherwise be throttled on every pass.
    return mapInTurns(catalogs, 4, async (catalog): Promise<OwnedCatalog> => {
        const id = catalog.id ?? "";
        const held = roles.get(id.toLowerCase())!;
        const packages = await this.graph.listAll<AccessPackage>(this.app, `${EM}/catalogs/${encodeURIComponent(id)}/accessPackages?$select=id,displayName`);
        return {
          id,
          displayName: catalog.displayName ?? "",
          ownerIds: [...held.owners],
          packageManagerIds: [...held.managers],
          packages: packages.map((p) => ({ id: p.id ?? "", displayName: p.displayName ?? "" })).filter((p) => p.id !== ""),
        };
    });
  }
}

/** The assignment's principal when it is a user (an expanded principal without a type is taken as one). */
function userIdOf(assignment: UnifiedRoleAssignment): string | null {
  const principal = assignment.principal as (DirectoryObject & { "@odata.type"?: string }) | null | undefined;
  if (!principal) return null;
  const type = principal["@odata.type"];
  if (type !== undefined && type.toLowerCase() !== "#microsoft.graph.user") return null;
  return principal.id ?? assignment.principalId ?? null;
}
