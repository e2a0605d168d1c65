import { z } from "zod";
import type { UserRecord } from "../state/model.js";
import type { ScenarioContext } from "./scenario-context.js";

const tenantDoc = z.object({
  tenant: z.object({
    id: z.string(),
    displayName: z.string(),
    defaultDomain: z.string(),
    pageSize: z.number().int().positive().max(999).default(100),
    deliveryDelay: z.string().default("PT10S"),
  }),
  bot: z.object({
    appId: z.string(),
    id: z.string(),
    displayName: z.string(),
    clientSecret: z.string(),
    identifierUri: z.string(),
    teamsAppExternalId: z.string(),
    applicationPermissions: z.array(z.string()),
    delegatedPermissions: z.array(z.string()),
  }),
  applications: z
    .array(
      z.object({
        alias: z.string(),
        appId: z.string(),
        id: z.string(),
        displayName: z.string(),
        appRoles: z.array(z.object({ id: z.string(), value: z.string(), displayName: z.string(), description: z.string() })).default([]),
      }),
    )
    .default([]),
  teamsApps: z
    .array(
      z.object({
        id: z.string(),
        externalId: z.string().nullable(),
        displayName: z.string(),
        distributionMethod: z.enum(["store", "organization", "sideloaded"]),
        version: z.string(),
      }),
    )
    .default([]),
  installedFor: z.array(z.string()).default([]),
});

const peopleDoc = z.object({
  users: z.array(
    z.object({
      alias: z.string(),
      id: z.string(),
      displayName: z.string(),
      givenName: z.string().optional(),
      surname: z.string().optional(),
      userPrincipalName: z.string().optional(),
      mail: z.string().optional(),
      jobTitle: z.string().optional(),
      department: z.string().optional(),
      officeLocation: z.string().optional(),
      manager: z.string().optional(),
      sponsors: z.array(z.string()).default([]),
      userType: z.enum(["Member", "Guest"]).default("Member"),
      accountEnabled: z.boolean().default(true),
      timeZone: z.string().default("UTC"),
      /** Offset of the last sign-in from the anchor, e.g. `-P3D`. */
      lastSignIn: z.string().optional(),
      automaticReplies: z.object({ status: z.enum(["disabled", "alwaysEnabled", "scheduled"]), message: z.string() }).optional(),
    }),
  ),
  groups: z
    .array(
      z.object({
        alias: z.string(),
        id: z.string(),
        displayName: z.string(),
        description: z.string().optional(),
        members: z.array(z.string()).default([]),
        owners: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

export type TenantDocument = z.input<typeof tenantDoc>;
export type PeopleDocument = z.input<typeof peopleDoc>;

/** Tenant settings, the bot's registration, enterprise apps and the Teams app catalog. */
export function seedTenant(ctx: ScenarioContext, raw: unknown): void {
  const doc = tenantDoc.parse(raw);
  ctx.state.settings = {
    tenantId: doc.tenant.id,
    displayName: doc.tenant.displayName,
    defaultDomain: doc.tenant.defaultDomain,
    pageSize: doc.tenant.pageSize,
    deliveryDelay: doc.tenant.deliveryDelay,
    botAppId: doc.bot.appId,
    teamsAppExternalId: doc.bot.teamsAppExternalId,
  };
  ctx.state.applications.insert({
    appId: doc.bot.appId,
    id: doc.bot.id,
    displayName: doc.bot.displayName,
    clientSecret: doc.bot.clientSecret,
    applicationPermissions: doc.bot.applicationPermissions,
    delegatedPermissions: doc.bot.delegatedPermissions,
    identifierUri: doc.bot.identifierUri,
    appRoles: [],
  });
  for (const app of doc.applications) {
    const record = ctx.state.applications.insert({
      appId: app.appId,
      id: app.id,
      displayName: app.displayName,
      clientSecret: null,
      applicationPermissions: [],
      delegatedPermissions: [],
      identifierUri: null,
      appRoles: app.appRoles,
    });
    ctx.appAliases.set(app.alias.toLowerCase(), record);
  }
  for (const teamsApp of doc.teamsApps) ctx.state.teamsApps.insert({ ...teamsApp });
  ctx.objectAliases.set("installedFor", JSON.stringify(doc.installedFor));
}

/** People (with managers, sponsors, time zones, out-of-office) and groups. */
export function seedPeople(ctx: ScenarioContext, raw: unknown): void {
  const doc = peopleDoc.parse(raw);
  const domain = ctx.state.settings.defaultDomain;
  for (const u of doc.users) ctx.userAliases.set(u.alias.toLowerCase(), u.id);
  for (const g of doc.groups) ctx.groupAliases.set(g.alias.toLowerCase(), g.id);
  for (const u of doc.users) {
    const upn = u.userPrincipalName ?? (u.userType === "Guest" ? `${u.alias}_ext#EXT#@${domain}` : `${u.alias}@${domain}`);
    ctx.state.users.insert(buildUser(ctx, u, upn));
  }
  for (const g of doc.groups) {
    ctx.state.groups.insert({
      id: g.id,
      displayName: g.displayName,
      description: g.description ?? null,
      mailNickname: g.alias,
      mail: null,
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      memberIds: g.members.map((m) => ctx.userId(m)),
      ownerIds: g.owners.map((m) => ctx.userId(m)),
      createdDateTime: ctx.at("-P400D"),
    });
  }
  // Installed apps need people, so they come after them.
  const installedFor = JSON.parse(ctx.objectAliases.get("installedFor") ?? "[]") as string[];
  const teamsApp = ctx.state.teamsApps.all().find((a) => a.externalId === ctx.state.settings.teamsAppExternalId);
  if (teamsApp) {
    for (const alias of installedFor) {
      const userId = ctx.userId(alias);
      ctx.state.installedApps.insert({
        id: installationId(userId, teamsApp.id),
        userId,
        teamsAppId: teamsApp.id,
        chatId: oneOnOneChatId(userId, ctx.state.settings.botAppId),
        installedDateTime: ctx.at("-P30D"),
      });
    }
  }
}

type PeopleUser = z.infer<typeof peopleDoc>["users"][number];

function buildUser(ctx: ScenarioContext, u: PeopleUser, upn: string): UserRecord {
  const replies = u.automaticReplies;
  return {
    id: u.id,
    displayName: u.displayName,
    givenName: u.givenName ?? null,
    surname: u.surname ?? null,
    mail: u.mail ?? (u.userType === "Guest" ? null : upn),
    userPrincipalName: upn,
    jobTitle: u.jobTitle ?? null,
    department: u.department ?? null,
    officeLocation: u.officeLocation ?? null,
    accountEnabled: u.accountEnabled,
    userType: u.userType,
    usageLocation: "US",
    preferredLanguage: "en-US",
    managerId: u.manager ? ctx.userId(u.manager) : null,
    sponsorIds: u.sponsors.map((s) => ctx.userId(s)),
    mailboxSettings: {
      timeZone: u.timeZone,
      automaticRepliesSetting: {
        status: replies?.status ?? "disabled",
        externalAudience: replies ? "all" : "none",
        internalReplyMessage: replies?.message ?? "",
        externalReplyMessage: replies?.message ?? "",
        scheduledStartDateTime: { dateTime: ctx.at("-P1D").replace("Z", ""), timeZone: "UTC" },
        scheduledEndDateTime: { dateTime: ctx.at("P6D").replace("Z", ""), timeZone: "UTC" },
      },
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        startTime: "09:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: { name: u.timeZone },
      },
      language: { locale: "en-US", displayName: "English (United States)" },
      dateFormat: "M/d/yyyy",
      timeFormat: "h:mm tt",
    },
    lastSignInDateTime: u.lastSignIn ? ctx.at(u.lastSignIn) : ctx.at("-PT3H"),
    createdDateTime: ctx.at("-P700D"),
  };
}

/** Graph's id of an app installation in a user's personal scope. */
export function installationId(userId: string, teamsAppId: string): string {
  return Buffer.from(`${userId}##${teamsAppId}`).toString("base64url");
}

/** The id Teams gives the 1:1 chat between a user and a bot. */
export function oneOnOneChatId(userId: string, botAppId: string): string {
  return `19:${userId}_${botAppId}@unq.gbl.spaces`;
}
