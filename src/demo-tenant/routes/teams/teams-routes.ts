import { GraphError } from "../../http/graph-error.js";
import type { Projection } from "../../http/projection.js";
import { respondWithCollection, respondWithEntity } from "../../http/render.js";
import { noContent, ok, type Route, type RouteContext } from "../../http/route.js";
import type { InstalledAppRecord, TeamsAppRecord } from "../../state/model.js";
import { installationId, oneOnOneChatId } from "../../scenario/seed-directory.js";
import { findUser } from "../directory/user-projection.js";

const READ_CATALOG = { app: ["AppCatalog.Read.All", "AppCatalog.ReadWrite.All", "Directory.Read.All"], user: ["AppCatalog.Read.All", "AppCatalog.ReadWrite.All", "Directory.Read.All"] } as const;
const READ_INSTALLS = {
  app: ["TeamsAppInstallation.ReadWriteSelfForUser.All", "TeamsAppInstallation.ReadForUser.All", "TeamsAppInstallation.ReadWriteForUser.All"],
  user: ["TeamsAppInstallation.ReadForUser", "TeamsAppInstallation.ReadWriteSelfForUser", "TeamsAppInstallation.ReadWriteForUser"],
} as const;
const WRITE_INSTALLS = {
  app: ["TeamsAppInstallation.ReadWriteSelfForUser.All", "TeamsAppInstallation.ReadWriteForUser.All"],
  user: ["TeamsAppInstallation.ReadWriteSelfForUser", "TeamsAppInstallation.ReadWriteForUser"],
} as const;

function appDefinition(app: TeamsAppRecord): Record<string, unknown> {
  return {
    id: Buffer.from(`${app.id}##${app.version}`).toString("base64url"),
    teamsAppId: app.id,
    displayName: app.displayName,
    version: app.version,
    publishingState: "published",
    description: null,
    lastModifiedDateTime: null,
    shortDescription: null,
    createdBy: null,
  };
}

const teamsAppProjection: Projection<TeamsAppRecord> = {
  typeName: "teamsApp",
  toGraph: (app) => ({ id: app.id, externalId: app.externalId, displayName: app.displayName, distributionMethod: app.distributionMethod }),
  navigations: {
    appDefinitions: (app) => ({ projection: { typeName: "teamsAppDefinition", toGraph: (d: Record<string, unknown>) => d }, value: [appDefinition(app)] }),
  },
};

const installedAppProjection: Projection<InstalledAppRecord> = {
  typeName: "userScopeTeamsAppInstallation",
  toGraph: (install) => ({ "@odata.type": "#microsoft.graph.userScopeTeamsAppInstallation", id: install.id, consentedPermissionSet: null }),
  navigations: {
    teamsApp: (install, ctx) => ({ projection: teamsAppProjection, value: ctx.state.teamsApps.get(install.teamsAppId) ?? null }),
    teamsAppDefinition: (install, ctx) => {
      const app = ctx.state.teamsApps.get(install.teamsAppId);
      return { projection: { typeName: "teamsAppDefinition", toGraph: (d: Record<string, unknown>) => d }, value: app ? appDefinition(app) : null };
    },
    chat: (install, ctx) => ({ projection: { typeName: "chat", toGraph: (c: Record<string, unknown>) => c }, value: chatOf(install, ctx) }),
  },
};

function chatOf(install: InstalledAppRecord, ctx: RouteContext): Record<string, unknown> {
  return {
    id: install.chatId,
    topic: null,
    createdDateTime: install.installedDateTime,
    lastUpdatedDateTime: install.installedDateTime,
    chatType: "oneOnOne",
    webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(install.chatId)}/0?tenantId=${ctx.state.settings.tenantId}`,
    tenantId: ctx.state.settings.tenantId,
    onlineMeetingInfo: null,
    viewpoint: null,
    isHiddenForAllMembers: false,
  };
}

function requireUser(ctx: RouteContext) {
  const user = findUser(ctx, ctx.params.userId!);
  if (!user) throw GraphError.notFound(`User '${ctx.params.userId}' was not found.`, "NotFound");
  if (ctx.caller.kind === "user" && ctx.caller.userId !== user.id) {
    throw GraphError.forbidden("A delegated token may only manage the signed-in user's own apps.", "Forbidden");
  }
  return user;
}

function requireInstall(ctx: RouteContext): InstalledAppRecord {
  const user = requireUser(ctx);
  const install = ctx.state.installedApps.get(ctx.params.installId!);
  if (!install || install.userId !== user.id) throw GraphError.notFound(`No app installation '${ctx.params.installId}' for this user.`, "NotFound");
  return install;
}

/** The org app catalog and per-user app installations, through which the bot reaches people proactively. */
export function teamsRoutes(): Route[] {
  return [
    { method: "GET", pattern: "/appCatalogs/teamsApps", permissions: READ_CATALOG, handler: (ctx) => respondWithCollection(ctx, ctx.state.teamsApps.all(), teamsAppProjection) },
    {
      method: "GET",
      pattern: "/appCatalogs/teamsApps/{id}",
      permissions: READ_CATALOG,
      handler: (ctx) => respondWithEntity(ctx, ctx.state.teamsApps.get(ctx.params.id!), teamsAppProjection),
    },
    {
      method: "GET",
      pattern: "/users/{userId}/teamwork/installedApps",
      permissions: READ_INSTALLS,
      handler: (ctx) => respondWithCollection(ctx, ctx.state.installedApps.by("userId", requireUser(ctx).id), installedAppProjection),
    },
    {
      method: "POST",
      pattern: "/users/{userId}/teamwork/installedApps",
      permissions: WRITE_INSTALLS,
      handler: (ctx) => {
        const user = requireUser(ctx);
        const bind = (ctx.body as Record<string, unknown> | undefined)?.["teamsApp@odata.bind"];
        const appId = typeof bind === "string" ? /teamsApps\/([^/?]+)$/.exec(bind)?.[1] : undefined;
        if (!appId) throw GraphError.badRequest("The body needs 'teamsApp@odata.bind' set to https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.");
        const app = ctx.state.teamsApps.get(decodeURIComponent(appId));
        if (!app) throw GraphError.notFound(`Teams app '${appId}' is not in the organization's app catalog.`, "NotFound");
        const selfOnly = ctx.caller.kind === "app" ? !ctx.caller.roles.has("TeamsAppInstallation.ReadWriteForUser.All") : !ctx.caller.scopes.has("TeamsAppInstallation.ReadWriteForUser");
        if (selfOnly && app.externalId !== ctx.state.settings.teamsAppExternalId) {
          throw GraphError.forbidden("TeamsAppInstallation.ReadWriteSelfForUser only allows an app to install itself.", "Forbidden");
        }
        const id = installationId(user.id, app.id);
        if (ctx.state.installedApps.has(id)) throw GraphError.conflict("The app is already installed for this user.", "Conflict");
        ctx.state.installedApps.insert({ id, userId: user.id, teamsAppId: app.id, chatId: oneOnOneChatId(user.id, ctx.state.settings.botAppId), installedDateTime: ctx.nowIso });
        // Graph answers 201 with no body; the installation is read back with GET.
        return { status: 201 };
      },
    },
    {
      method: "GET",
      pattern: "/users/{userId}/teamwork/installedApps/{installId}",
      permissions: READ_INSTALLS,
      handler: (ctx) => respondWithEntity(ctx, requireInstall(ctx), installedAppProjection),
    },
    {
      method: "GET",
      pattern: "/users/{userId}/teamwork/installedApps/{installId}/chat",
      permissions: READ_INSTALLS,
      handler: (ctx) => {
        const install = requireInstall(ctx);
        return ok({ "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#chats/$entity`, ...chatOf(install, ctx) });
      },
    },
    {
      method: "DELETE",
      pattern: "/users/{userId}/teamwork/installedApps/{installId}",
      permissions: WRITE_INSTALLS,
      handler: (ctx) => {
        ctx.state.installedApps.delete(requireInstall(ctx).id);
        return noContent();
      },
    },
  ];
}
