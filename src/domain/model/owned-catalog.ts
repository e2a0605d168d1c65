/** An access package in a catalog, as owners' digests name it. */
export interface CatalogPackage {
  readonly id: string;
  readonly displayName: string;
}

/**
 * An access package catalog and the people Entra makes answer for it: its catalog owners and access
 * package managers (entitlement management role assignments scoped to the catalog). Only users: a
 * role held by a group or a service principal reaches nobody in Teams.
 */
export interface OwnedCatalog {
  readonly id: string;
  readonly displayName: string;
  readonly ownerIds: readonly string[];
  readonly packageManagerIds: readonly string[];
  readonly packages: readonly CatalogPackage[];
}
