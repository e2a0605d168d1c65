import type { TeamsApp, UserScopeTeamsAppInstallation, Chat } from "@microsoft/microsoft-graph-types";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import type { AppInstallation, AppInstaller } from "../use-cases/nudges/personal-chats.js";
import { readBatchItem } from "./batch-item.js";
import { GovernanceError } from "./governance-error.js";
import type { GraphHttp } from "./graph-http.js";

/** Graph's limit of requests in one `$batch`. */
const BATCH_LIMIT = 20;
/** How long an install waits for others to share its `$batch`. */
const INSTALL_GATHER_MS = 5;

/** Options of {@link TeamsAppGateway}. */
export interface TeamsAppGatewayOptions {
  /** The Teams app's manifest id (TEAMS_APP_ID): its `externalId` in the org app catalog. */
  externalId: string;
  /**
   * The Graph address the `teamsApp@odata.bind` link names (`https://graph.microsoft.com` unless Graph
   * is served elsewhere, as in demo mode).
   */
  graphBaseUrl?: string;
}

/** How long "the app is not in the org catalog" is believed before asking again. */
const NOT_FOUND_RETRY_MS = 10 * 60_000;

/** The bot's app in the org catalog. */
export interface CatalogApp {
  /** The catalog id (not the manifest id). */
  id: string;
  displayName: string;
}

/**
 * The bot's own Teams app through Graph, app-only (TeamsAppInstallation.ReadWriteSelfForUser.All and
 * AppCatalog.Read.All): find it in the org catalog by its manifest id, install it in a person's personal
 * scope so the bot can reach them, and read the 1:1 chat that installation gives.
 */
export class TeamsAppGateway implements AppInstaller {
  private catalogApp: Promise<CatalogApp | null> | null = null;
  private notFoundAt: number | null = null;
  private readonly graphBaseUrl: string;

  constructor(
    private readonly graph: GraphHttp,
    private readonly app: GraphTokenSource,
    private readonly options: TeamsAppGatewayOptions,
  ) {
    if (!options.externalId.trim()) throw new Error("TeamsAppGateway needs the Teams app's manifest id (TEAMS_APP_ID).");
    this.graphBaseUrl = (options.graphBaseUrl ?? "https://graph.microsoft.com").replace(/\/+$/, "");
  }

  /**
   * The app in the org catalog, or null when it was not published there. Found once per process; "not
   * published" is asked again after ten minutes, so an admin publishing it is noticed without a restart.
   */
  findCatalogApp(): Promise<CatalogApp | null> {
    if (this.catalogApp && this.notFoundAt !== null && Date.now() - this.notFoundAt > NOT_FOUND_RETRY_MS) this.catalogApp = null;
    this.catalogApp ??= this.readCatalogApp().then(
      (app) => {
        this.notFoundAt = app ? null : Date.now();
        return app;
      },
      (error: unknown) => {
        this.catalogApp = null; // a failed read is tried again next time
        throw error;
      },
    );
    return this.catalogApp;
  }

  /**
   * Installs the app for the person (already installed is fine: Graph answers 409). One request, in a
   * `$batch` with the others asked for within a few milliseconds; nothing is read back: the bot opens the 1:1 conversation through the Bot Connector, which needs neither the installation's id nor
   * Graph's chat id, so they are not read back (use findInstallation / chatIdOf when they are wanted).
   * Throws GovernanceError: NotFound when the app is not in the catalog, Forbidden when Graph refuses (a
   * permission missing, or the person may not have the app).
   */
  installFor(userId: string): Promise<AppInstallation> {
    // Installs asked for at about the same time (the nudge sender's workers, each reaching someone new)
    // go out together, up to 20 in one $batch, instead of one POST each.
    return new Promise((resolve, reject) => {
      this.queued.push({ userId, resolve, reject });
      if (this.queued.length >= BATCH_LIMIT) this.flush();
      else this.flushSoon ??= setTimeout(() => this.flush(), INSTALL_GATHER_MS);
    });
  }

  private readonly queued: { userId: string; resolve: (installation: AppInstallation) => void; reject: (error: unknown) => void }[] = [];
  private flushSoon: NodeJS.Timeout | null = null;

  private flush(): void {
    if (this.flushSoon) clearTimeout(this.flushSoon);
    this.flushSoon = null;
    const waiting = this.queued.splice(0, this.queued.length);
    for (let i = 0; i < waiting.length; i += BATCH_LIMIT) void this.installMany(waiting.slice(i, i + BATCH_LIMIT));
  }

  private async installMany(waiting: typeof this.queued): Promise<void> {
    try {
      const app = await this.findCatalogApp();
      if (!app) {
        throw new GovernanceError(
          "NotFound",
          `The Teams app with manifest id '${this.options.externalId}' is not in the organization's app catalog: publish the Gatepass app package there (or check TEAMS_APP_ID).`,
        );
      }
      const bind = `${this.graphBaseUrl}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(app.id)}`;
      const answers = await this.graph.batch(
        this.app,
        waiting.map((w, i) => ({ id: `i${i}`, method: "POST" as const, url: `/users/${encodeURIComponent(w.userId)}/teamwork/installedApps`, body: { "teamsApp@odata.bind": bind } })),
      );
      waiting.forEach((w, i) => {
        const answer = answers[i]!;
        // Already installed is fine: Graph answers 409.
        if (answer.status === 409) w.resolve({ installationId: null, chatId: null, alreadyInstalled: true });
        else {
          try {
            readBatchItem(answer, `Installing Gatepass for ${w.userId}`);
            w.resolve({ installationId: null, chatId: null, alreadyInstalled: false });
          } catch (error) {
            w.reject(error);
          }
        }
      });
    } catch (error) {
      waiting.forEach((w) => w.reject(error));
    }
  }

  /** The id of the app's installation in the person's personal scope, or null when it is not installed for them. */
  async findInstallation(userId: string): Promise<string | null> {
    const filter = encodeURIComponent(`teamsApp/externalId eq '${odataString(this.options.externalId)}'`);
    const installs = await this.graph.listAll<UserScopeTeamsAppInstallation>(
      this.app,
      `/users/${encodeURIComponent(userId)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
    );
    const install = installs.find((i) => i.teamsApp?.externalId === this.options.externalId) ?? installs[0];
    return install?.id ?? null;
  }

  /** The 1:1 chat between the person and the bot that an installation gives (Graph's chat id). */
  async chatIdOf(userId: string, installationId: string): Promise<string> {
    const chat = await this.graph.get<Chat>(this.app, `/users/${encodeURIComponent(userId)}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`);
    if (!chat.id) throw new GovernanceError("Unexpected", "Graph returned the installation's chat without an id.");
    return chat.id;
  }

  private async readCatalogApp(): Promise<CatalogApp | null> {
    const filter = encodeURIComponent(`externalId eq '${odataString(this.options.externalId)}'`);
    const apps = await this.graph.listAll<TeamsApp>(this.app, `/appCatalogs/teamsApps?$filter=${filter}`);
    // Organization-published apps first: a sideloaded copy with the same manifest id cannot be installed for others.
    const app = apps.find((a) => a.distributionMethod === "organization") ?? apps[0];
    return app?.id ? { id: app.id, displayName: app.displayName ?? "" } : null;
  }
}

function odataString(value: string): string {
  return value.replace(/'/g, "''");
}
