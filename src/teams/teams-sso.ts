import { randomUUID } from "node:crypto";
import { ActivityTypes, MemoryStorage, tokenExchangeOperationName, verifyStateOperationName, type Storage, type TurnContext } from "botbuilder";
import type { Application, AuthenticationOptions, TeamsAdapter, TurnState } from "@microsoft/teams-ai";
import type { Logger } from "pino";
import { SignInRequiredError } from "../identity/graph-token-source.js";
import type { ProductionUserTokenSources } from "../identity/production-user-token-source.js";
import { turnPerson } from "./turn-person.js";

/** The name of the one teams-ai authentication setting (its token lands in `state.temp.authTokens.graph`). */
export const SSO_SETTING = "graph";

const ACTION_INVOKE = "adaptiveCard/action";
const SIGNIN_FAILURE_INVOKE = "signin/failure";

export interface TeamsSsoOptions {
  tokens: ProductionUserTokenSources;
  botAppId: string;
  tenantId: string;
  /** The page Teams opens when the person must consent (SSO_SIGN_IN_LINK); see docs/production-sso.md. */
  signInLink: string;
  log: Logger;
}

/**
 * Teams SSO for production, on top of teams-ai 1.7's TeamsSsoSettings.
 *
 * - Messages: teams-ai's sign-in runs only when Gatepass has no delegated token for the person
 *   (`autoSignIn`). It sends the SSO OAuth card; Teams answers with `signin/tokenExchange`, which teams-ai
 *   exchanges on behalf of the person with its own MSAL client, whose cache is the shared store (the
 *   turn's person picks the row); then the message the person sent is handled as if it had just arrived.
 * - Card buttons (Action.Execute): teams-ai 1.7 has no SSO for them (TeamsSsoAdaptiveCardAuthentication
 *   is a stub), so this answers the invoke itself as Teams documents: a 401 loginRequest carrying a
 *   tokenExchangeResource, after which Teams sends the same click again with `authentication.token`;
 *   that token is exchanged here (412 when that fails, so Teams shows its sign-in and consent).
 * - Handlers stay unaware of all this: by the time one runs, the person's token is in the cache and the
 *   use cases' `userTokens(id).getToken()` finds it.
 */
export class TeamsSso {
  constructor(private readonly options: TeamsSsoOptions) {}

  /** The Application options SSO needs: teams-ai's `authentication`, and turn-state storage for its sign-in dialog. */
  applicationOptions(): { authentication: AuthenticationOptions; storage: Storage } {
    const { tokens, signInLink } = this.options;
    return {
      authentication: {
        settings: { [SSO_SETTING]: { scopes: tokens.delegatedScopes, msalConfig: tokens.sharedClientConfiguration(), signInLink } },
        autoSignIn: (context) => this.startsSignIn(context),
      },
      // teams-ai keeps the sign-in dialog (and the message that started it) in conversation state, and
      // dedups token exchanges in this storage. In memory: the exchange must reach the instance that
      // sent the OAuth card (see docs/production-sso.md, "More than one instance").
      storage: new MemoryStorage(),
    };
  }

  /**
   * Wires the turn's cache partition, the card-button sign-in, and what happens after a message's
   * sign-in; `replayMessage` handles the message that was waiting for it.
   */
  attach(app: Application<TurnState>, adapter: TeamsAdapter, replayMessage: (context: TurnContext) => Promise<void>): void {
    const { tokens, log } = this.options;
    // Everything MSAL does during a turn (teams-ai's exchange included) reads and writes the row of the
    // person Teams says is acting.
    adapter.use(async (context, next) => tokens.actingFor(context.activity.from?.aadObjectId ?? null, next));

    app.turn("beforeTurn", (context) => this.signInForCardAction(context));

    const auth = app.authentication.get(SSO_SETTING);
    auth.onUserSignInSuccess(async (context) => {
      await replayMessage(context);
    });
    auth.onUserSignInFailure(async (context, _state, error) => {
      log.warn({ reason: error.cause, message: error.message }, "Teams sign-in did not complete");
      await context.sendActivity("Signing in didn't finish, so I did nothing. Send your message again to retry.");
    });

    // Teams reports SSO failures on its side (e.g. `resourcematchfailed` when the manifest's
    // webApplicationInfo does not match the app registration) with this invoke.
    app.addRoute(
      async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === SIGNIN_FAILURE_INVOKE,
      async (context) => {
        const value = (context.activity.value ?? {}) as { code?: string; message?: string };
        log.warn({ code: value.code, message: value.message }, "Teams could not get an SSO token for the bot");
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
      },
      true,
    );
  }

  /** teams-ai's `autoSignIn`: which activities go through its SSO sign-in. */
  private async startsSignIn(context: TurnContext): Promise<boolean> {
    const a = context.activity;
    if (a.type === ActivityTypes.Invoke && (a.name === tokenExchangeOperationName || a.name === verifyStateOperationName)) {
      // teams-ai routes these to its SSO prompt only when sign-in is started for them. An exchange whose
      // token is not the acting person's is not started, so no one's tokens land in another's row.
      if (a.name === tokenExchangeOperationName && this.tokenIsSomeoneElses(context)) {
        this.options.log.warn("refused an SSO token exchange whose token is not the acting person's");
        return false;
      }
      return true;
    }
    if (a.type !== ActivityTypes.Message || !a.text?.trim()) return false;
    const person = turnPerson(context);
    if (!person) return false;
    return (await this.options.tokens.trySilent(person.aadObjectId)) === null;
  }

  /** beforeTurn for card buttons: true to go on to the handler, false when an invoke response was sent instead. */
  private async signInForCardAction(context: TurnContext): Promise<boolean> {
    const a = context.activity;
    if (a.type !== ActivityTypes.Invoke || a.name !== ACTION_INVOKE) return true;
    const person = turnPerson(context);
    if (!person) return true;
    const { tokens, log } = this.options;
    const ssoToken = (a.value as { authentication?: { token?: string } } | undefined)?.authentication?.token;
    if (ssoToken) {
      try {
        await tokens.exchange(person.aadObjectId, ssoToken);
        return true;
      } catch (error) {
        if (!(error instanceof SignInRequiredError)) throw error;
        log.info({ err: error.cause }, "SSO token exchange for a card action failed; asking Teams for sign-in");
        await sendInvokeResponse(context, {
          statusCode: 412,
          type: "application/vnd.microsoft.error.preconditionFailed",
          value: { code: "412", message: "The sign-in token could not be exchanged." },
        });
        return false;
      }
    }
    if ((await tokens.trySilent(person.aadObjectId)) !== null) return true;
    await sendInvokeResponse(context, this.loginRequest());
    return false;
  }

  /** Teams' Universal Actions login request: SSO through the bot's resource, with sign-in as the fallback. */
  private loginRequest(): Record<string, unknown> {
    return {
      statusCode: 401,
      type: "application/vnd.microsoft.activity.loginRequest",
      value: {
        text: "Sign in to Gatepass",
        connectionName: SSO_SETTING,
        tokenExchangeResource: { id: randomUUID(), uri: `api://botid-${this.options.botAppId}` },
        buttons: [{ title: "Sign in", text: "Sign in", type: "signin", value: this.signInUrl() }],
      },
    };
  }

  /** The sign-in page with the same query teams-ai's SSO prompt gives it, so one page serves both. */
  private signInUrl(): string {
    const url = new URL(this.options.signInLink);
    url.searchParams.set("scope", this.options.tokens.delegatedScopes.join(" "));
    url.searchParams.set("clientId", this.options.botAppId);
    url.searchParams.set("tenantId", this.options.tenantId);
    return url.toString();
  }

  /** An exchange carrying a token whose `oid` is not the person Teams says is acting (absent or unreadable tokens are left to teams-ai and Entra to refuse). */
  private tokenIsSomeoneElses(context: TurnContext): boolean {
    const token = (context.activity.value as { token?: unknown } | undefined)?.token;
    if (typeof token !== "string") return false;
    let claims: { oid?: unknown };
    try {
      claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { oid?: unknown };
    } catch {
      return false;
    }
    const person = context.activity.from?.aadObjectId ?? "";
    return typeof claims.oid !== "string" || claims.oid.toLowerCase() !== person.toLowerCase();
  }
}

async function sendInvokeResponse(context: TurnContext, body: Record<string, unknown>): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}
