import { GraphError } from "../../http/graph-error.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import type { FilterNode } from "../../odata/filter-node.js";
import { parseFilter } from "../../odata/parse-filter.js";
import { ok, type Route, type RouteContext } from "../../http/route.js";
import type { UserRecord } from "../../state/model.js";
import { directoryUserProjection, findUser, groupProjection, userProjection } from "./user-projection.js";

const READ_USERS = {
  app: ["User.Read.All", "User.ReadWrite.All", "User.ReadBasic.All", "Directory.Read.All"],
  user: ["User.Read", "User.ReadBasic.All", "User.Read.All", "Directory.Read.All"],
} as const;
const READ_GROUPS = {
  app: ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"],
  user: ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"],
} as const;
const READ_MAILBOX = {
  app: ["MailboxSettings.Read", "MailboxSettings.ReadWrite"],
  user: ["MailboxSettings.Read", "MailboxSettings.ReadWrite"],
} as const;

/** `User.Read` alone reaches only the signed-in user, as in Graph. */
function requireUser(ctx: RouteContext, id: string): UserRecord {
  const user = findUser(ctx, id);
  const c = ctx.caller;
  if (c.kind === "user" && !["User.ReadBasic.All", "User.Read.All", "Directory.Read.All"].some((s) => c.scopes.has(s)) && user?.id !== c.userId) {
    throw GraphError.forbidden("Insufficient privileges to complete the operation.");
  }
  if (!user) throw GraphError.notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, "Request_ResourceNotFound");
  return user;
}

function requireGroup(ctx: RouteContext, id: string) {
  const group = ctx.state.groups.get(id);
  if (!group) throw GraphError.notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, "Request_ResourceNotFound");
  return group;
}

function mailboxSettings(user: UserRecord): Record<string, unknown> {
  const m = user.mailboxSettings;
  return {
    archiveFolder: null,
    timeZone: m.timeZone,
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
    dateFormat: m.dateFormat,
    timeFormat: m.timeFormat,
    userPurpose: "user",
    automaticRepliesSetting: m.automaticRepliesSetting,
    language: m.language,
    workingHours: m.workingHours,
  };
}

/**
 * `id eq '…'` or `id in (…)` in a `$filter` (alone or and-ed with more) picks those users by key, as
 * Graph's index does, instead of testing every user; the whole filter still applies to what is picked.
 */
function usersNamedBy(ctx: RouteContext, rows: UserRecord[]): UserRecord[] {
  const text = ctx.query.get("$filter");
  if (!text) return rows;
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch {
    return rows; // the generic path reports the syntax error
  }
  const ids = idsIn(node);
  if (!ids) return rows;
  return [...new Set(ids)].map((id) => ctx.state.users.get(id)).filter((u): u is UserRecord => u !== undefined);
}

function idsIn(node: FilterNode): string[] | null {
  const isId = (n: FilterNode) => n.kind === "path" && n.variable === undefined && n.path.length === 1 && n.path[0]!.toLowerCase() === "id";
  if (node.kind === "in" && isId(node.operand)) return node.values.map((v) => String(v.value));
  if (node.kind === "comparison" && node.operator === "eq" && isId(node.left) && node.right.kind === "literal") return [String(node.right.value)];
  if (node.kind === "and") {
    for (const operand of node.operands) {
      const ids = idsIn(operand);
      if (ids) return ids;
    }
  }
  return null;
}

/** Users, managers, reports, sponsors, mailbox settings and groups: what the bot reads of the directory. */
export function directoryRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/users",
      permissions: READ_USERS,
      handler: (ctx) => {
        const c = ctx.caller;
        if (c.kind === "user" && !["User.ReadBasic.All", "User.Read.All", "Directory.Read.All"].some((s) => c.scopes.has(s))) {
          throw GraphError.forbidden("Insufficient privileges to complete the operation.");
        }
        return respondWithCollection(ctx, ctx.state.users.all(), userProjection, { prefilter: (rows) => usersNamedBy(ctx, rows) });
      },
    },
    { method: "GET", pattern: "/users/{id}", permissions: READ_USERS, handler: (ctx) => respondWithEntity(ctx, requireUser(ctx, ctx.params.id!), userProjection) },
    {
      method: "GET",
      pattern: "/users/{id}/manager",
      permissions: READ_USERS,
      handler: (ctx) => {
        const user = requireUser(ctx, ctx.params.id!);
        const manager = user.managerId ? ctx.state.users.get(user.managerId) : undefined;
        if (!manager) {
          throw GraphError.notFound("Resource 'manager' does not exist or one of its queried reference-property objects are not present.", "Request_ResourceNotFound");
        }
        return respondWithEntity(ctx, manager, directoryUserProjection, "/directoryObjects");
      },
    },
    {
      method: "GET",
      pattern: "/users/{id}/directReports",
      permissions: READ_USERS,
      handler: (ctx) => respondWithCollection(ctx, ctx.state.users.by("managerId", requireUser(ctx, ctx.params.id!).id), directoryUserProjection, { contextPath: "/directoryObjects" }),
    },
    {
      method: "GET",
      pattern: "/users/{id}/sponsors",
      permissions: READ_USERS,
      handler: (ctx) => {
        const user = requireUser(ctx, ctx.params.id!);
        const sponsors = user.sponsorIds.map((id) => ctx.state.users.get(id)).filter((u): u is UserRecord => u !== undefined);
        return respondWithCollection(ctx, sponsors, directoryUserProjection, { contextPath: "/directoryObjects" });
      },
    },
    {
      method: "GET",
      pattern: "/users/{id}/mailboxSettings",
      permissions: READ_MAILBOX,
      handler: (ctx) => {
        const user = requireUser(ctx, ctx.params.id!);
        if (ctx.caller.kind === "user" && ctx.caller.userId !== user.id) {
          throw GraphError.forbidden("Access is denied. Check credentials and try again.", "ErrorAccessDenied");
        }
        return ok({ "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#users('${user.id}')/mailboxSettings`, ...mailboxSettings(user) });
      },
    },
    {
      method: "GET",
      pattern: "/users/{id}/memberOf",
      permissions: READ_GROUPS,
      handler: (ctx) => {
        const user = requireUser(ctx, ctx.params.id!);
        const groups = ctx.state.groups.all().filter((g) => g.memberIds.includes(user.id));
        return respondWithCollection(ctx, groups, { ...groupProjection, toGraph: (g) => ({ "@odata.type": "#microsoft.graph.group", ...groupProjection.toGraph(g, ctx) }) }, { contextPath: "/directoryObjects" });
      },
    },
    { method: "GET", pattern: "/groups", permissions: READ_GROUPS, handler: (ctx) => respondWithCollection(ctx, ctx.state.groups.all(), groupProjection) },
    { method: "GET", pattern: "/groups/{id}", permissions: READ_GROUPS, handler: (ctx) => respondWithEntity(ctx, requireGroup(ctx, ctx.params.id!), groupProjection) },
    ...(["members", "transitiveMembers", "owners"] as const).map(
      (relation): Route => ({
        method: "GET",
        pattern: `/groups/{id}/${relation}`,
        permissions: READ_GROUPS,
        handler: (ctx) => {
          const group = requireGroup(ctx, ctx.params.id!);
          // Scenario groups have no nested groups, so transitive members are the members.
          const ids = relation === "owners" ? group.ownerIds : group.memberIds;
          const users = ids.map((id) => ctx.state.users.get(id)).filter((u): u is UserRecord => u !== undefined);
          return respondWithCollection(ctx, users, directoryUserProjection, { contextPath: "/directoryObjects" });
        },
      }),
    ),
  ];
}
