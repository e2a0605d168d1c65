import type { Projection } from "../../http/projection.js";
import type { RouteContext } from "../../http/route.js";
import type { GroupRecord, UserRecord } from "../../state/model.js";

/** The properties Graph returns for a user when the request has no `$select`. */
const USER_DEFAULT_PROPERTIES = [
  "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
  "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id",
] as const;

export function userToGraph(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: user.officeLocation,
    preferredLanguage: user.preferredLanguage,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    department: user.department,
    userType: user.userType,
    usageLocation: user.usageLocation,
    createdDateTime: user.createdDateTime,
    mailNickname: user.userPrincipalName.split("@")[0],
  };
}

export function groupToGraph(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    mailNickname: group.mailNickname,
    mail: group.mail,
    mailEnabled: group.mailEnabled,
    securityEnabled: group.securityEnabled,
    groupTypes: group.groupTypes,
    createdDateTime: group.createdDateTime,
    visibility: null,
  };
}

const usersOf = (ctx: RouteContext, ids: readonly string[]) =>
  ids.map((id) => ctx.state.users.get(id)).filter((u): u is UserRecord => u !== undefined);

export const userProjection: Projection<UserRecord> = {
  typeName: "user",
  toGraph: userToGraph,
  defaultSelect: USER_DEFAULT_PROPERTIES,
  navigations: {
    manager: (user, ctx) => ({ projection: directoryUserProjection, value: user.managerId ? ctx.state.users.get(user.managerId) ?? null : null }),
    directReports: (user, ctx) => ({ projection: directoryUserProjection, value: ctx.state.users.by("managerId", user.id) }),
    sponsors: (user, ctx) => ({ projection: directoryUserProjection, value: usersOf(ctx, user.sponsorIds) }),
  },
};

/**
 * Users where Graph returns directoryObjects (manager, members, reports, sponsors): the same JSON with
 * `@odata.type`, because such collections may mix users, groups and service principals.
 */
export const directoryUserProjection: Projection<UserRecord> = {
  ...userProjection,
  toGraph: (user) => ({ "@odata.type": "#microsoft.graph.user", ...userToGraph(user) }),
};

export const groupProjection: Projection<GroupRecord> = {
  typeName: "group",
  toGraph: groupToGraph,
  navigations: {
    members: (group, ctx) => ({ projection: directoryUserProjection, value: usersOf(ctx, group.memberIds) }),
    owners: (group, ctx) => ({ projection: directoryUserProjection, value: usersOf(ctx, group.ownerIds) }),
  },
};

/** A user by object id or user principal name, as `/users/{id | userPrincipalName}` accepts. */
export function findUser(ctx: RouteContext, idOrUpn: string): UserRecord | undefined {
  return ctx.state.users.get(idOrUpn) ?? ctx.state.users.by("upn", idOrUpn.toLowerCase())[0];
}
