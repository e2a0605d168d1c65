import type { Projection } from "../../http/projection.js";
import type { GroupRecord, UserRecord } from "../../state/model.js";
import type { TenantState } from "../../state/tenant-state.js";

/**
 * Directory objects as PIM's `principal`, `group` and `createdBy` show them: the identifying properties
 * of a user or group, with `@odata.type` because the navigation is typed `directoryObject`.
 */
export const principalProjection: Projection<UserRecord | GroupRecord> = {
  typeName: "directoryObject",
  toGraph: (record) =>
    "userPrincipalName" in record
      ? {
          "@odata.type": "#microsoft.graph.user",
          id: record.id,
          displayName: record.displayName,
          userPrincipalName: record.userPrincipalName,
          mail: record.mail,
          jobTitle: record.jobTitle,
          department: record.department,
        }
      : { "@odata.type": "#microsoft.graph.group", ...groupJson(record) },
};

/** A group as the `group` navigation of PIM for Groups shows it. */
export const groupProjection: Projection<GroupRecord> = {
  typeName: "group",
  toGraph: (record) => groupJson(record),
};

function groupJson(g: GroupRecord): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description,
    mailNickname: g.mailNickname,
    mail: g.mail,
    mailEnabled: g.mailEnabled,
    securityEnabled: g.securityEnabled,
    groupTypes: g.groupTypes,
    createdDateTime: g.createdDateTime,
  };
}

export function principalOf(state: TenantState, id: string): UserRecord | GroupRecord | null {
  return state.users.get(id) ?? state.groups.get(id) ?? null;
}

/** `createdBy` of a request: the user who sent it, or the application when an app token did. */
export function createdByIdentitySet(state: TenantState, id: string): Record<string, unknown> {
  const user = state.users.get(id);
  if (user) return { user: { id: user.id, displayName: user.displayName } };
  const app = state.applications.by("appId", id)[0];
  return { application: { id, displayName: app?.displayName ?? null } };
}
