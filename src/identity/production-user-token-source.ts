import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "pino";
import type { Clock } from "../domain/clock.js";
import { SignInRequiredError, type GraphTokenSource } from "./graph-token-source.js";
import {
  createMsalClient,
  isInteractionRequired,
  msalConfiguration,
  type MsalAccount,
  type MsalClient,
  type MsalConfiguration,
  type MsalResult,
  type MsalSettings,
} from "./msal-client.js";
import { TokenCachePlugin, tokenCachePartitionKey, type SealedKeyValue } from "./token-cache-plugin.js";

/** What the delegated tokens are for: Microsoft Graph, with whatever the admin consented to. */
export const DELEGATED_GRAPH_SCOPES: readonly string[] = ["https://graph.microsoft.com/.default"];

export interface ProductionUserTokenOptions {
  settings: MsalSettings;
  /** The store's TokenCache: one encrypted row per person. */
  store: SealedKeyValue;
  /** For the rows' `updated_at`. Token lifetimes are wall-clock time and read from `Date.now`. */
  clock: Clock;
  log: Logger;
  /** How many people's MSAL clients (and remembered tokens) to keep in memory. */
  maxPeople?: number;
}

// A token this close to its expiry is not handed out from memory (Graph calls may still run for a while).
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/**
 * Delegated Graph tokens in production: Teams SSO exchanged on behalf of the person, kept in MSAL's
 * token cache, which lives in the shared store (one encrypted row per person).
 *
 * - A turn in Teams fills the cache: teams-ai's sign-in exchanges the SSO token for messages (through the
 *   shared MSAL client, `sharedClientConfiguration`), `exchange` does it for card actions.
 * - Everything else asks `forUser(id).getToken()`: the token remembered in memory while fresh, else
 *   MSAL silently from the person's row (the access token, or a new one through the refresh token),
 *   else a SignInRequiredError. Background work (the reconcile loop reading approval stages as an
 *   approver) thus acts for people who signed in before, on any instance, after restarts.
 *
 * Each person gets their own MSAL client, whose in-memory cache only ever holds that person's row, as
 * MSAL advises for a distributed cache: a token can never be served to the wrong person, even for
 * tokens without an account record.
 */
export class ProductionUserTokenSources {
  private readonly clients: Lru<MsalClient>;
  private readonly fresh: Lru<{ token: string; expiresAt: number }>;
  private readonly turnPerson = new AsyncLocalStorage<string | null>();
  private readonly scopes = [...DELEGATED_GRAPH_SCOPES];

  constructor(private readonly options: ProductionUserTokenOptions) {
    this.clients = new Lru(options.maxPeople ?? 1000);
    this.fresh = new Lru(options.maxPeople ?? 1000);
  }

  /** The token source the use cases get for one person (`GatepassDeps.userTokens`). */
  forUser(userId: string): GraphTokenSource {
    return { kind: "user", principal: userId, getToken: () => this.getToken(userId) };
  }

  async getToken(userId: string): Promise<string> {
    const token = await this.trySilent(userId);
    if (token === null) throw new SignInRequiredError(userId);
    return token;
  }

  /** A delegated token without asking the person, or null when they have to sign in (first time, consent revoked, refresh token gone). */
  async trySilent(userId: string): Promise<string | null> {
    const id = normalize(userId);
    const remembered = this.fresh.get(id);
    if (remembered && remembered.expiresAt - Date.now() > EXPIRY_MARGIN_MS) return remembered.token;
    const client = this.clientFor(id);
    try {
      const cache = client.getTokenCache();
      const accounts = await cache.getAllAccounts();
      const account = accounts.length > 0 ? (accounts.find((a) => normalize(a.localAccountId ?? "") === id) ?? null) : accountOfCachedTokens(cache.serialize(), id, this.options.settings.tenantId);
      if (!account) return null;
      const result = await client.acquireTokenSilent({ account, scopes: this.scopes });
      return result?.accessToken ? this.remember(id, result) : null;
    } catch (error) {
      if (isInteractionRequired(error)) return null;
      throw error;
    }
  }

  /**
   * Exchanges a Teams SSO token (audience `api://botid-<appId>`) on behalf of the person and keeps the
   * result in their row. Refuses a token that is not the person's: the row is chosen by who Teams says
   * is acting, and must never receive someone else's tokens.
   */
  async exchange(userId: string, ssoToken: string): Promise<string> {
    const id = normalize(userId);
    const claims = unverifiedClaims(ssoToken);
    if (normalize(claims?.oid ?? "") !== id || normalize(claims?.tid ?? "") !== normalize(this.options.settings.tenantId)) {
      throw new SignInRequiredError(userId, new Error("The SSO token is not for the person acting in this turn, or not from this tenant."));
    }
    try {
      const result = await this.clientFor(id).acquireTokenOnBehalfOf({ oboAssertion: ssoToken, scopes: this.scopes });
      if (!result?.accessToken) throw new Error("MSAL returned no token for the on-behalf-of exchange.");
      return this.remember(id, result);
    } catch (error) {
      if (isInteractionRequired(error)) throw new SignInRequiredError(userId, error);
      throw error;
    }
  }

  /** Drops what is kept for the person (sign-out, or their access was revoked). */
  async forget(userId: string): Promise<void> {
    const id = normalize(userId);
    this.fresh.delete(id);
    this.clients.delete(id);
    await this.options.store.delete(tokenCachePartitionKey(this.options.settings.tenantId, id));
  }

  /**
   * Runs `fn` as one person's turn: the shared MSAL client (teams-ai's) reads and writes that person's
   * row while inside. Outside any turn it sees an empty cache and keeps nothing.
   */
  actingFor<T>(userId: string | null, fn: () => T): T {
    return this.turnPerson.run(userId === null ? null : normalize(userId), fn);
  }

  /**
   * The MSAL configuration for a client shared by everyone (teams-ai builds one for its SSO prompt):
   * its cache partition is the person of the current turn (`actingFor`).
   */
  sharedClientConfiguration(): MsalConfiguration {
    const { settings, store, clock, log } = this.options;
    const partition = () => {
      const person = this.turnPerson.getStore();
      return person ? tokenCachePartitionKey(settings.tenantId, person) : null;
    };
    return msalConfiguration(settings, new TokenCachePlugin({ store, partition, clock, log }), log);
  }

  get delegatedScopes(): string[] {
    return [...this.scopes];
  }

  private clientFor(id: string): MsalClient {
    let client = this.clients.get(id);
    if (!client) {
      const { settings, store, clock, log } = this.options;
      const key = tokenCachePartitionKey(settings.tenantId, id);
      client = createMsalClient(msalConfiguration(settings, new TokenCachePlugin({ store, partition: () => key, clock, log }), log));
      this.clients.set(id, client);
    }
    return client;
  }

  private remember(id: string, result: MsalResult): string {
    if (result.expiresOn) this.fresh.set(id, { token: result.accessToken, expiresAt: result.expiresOn.getTime() });
    return result.accessToken;
  }
}

function normalize(id: string): string {
  return id.trim().toLowerCase();
}

/**
 * The account MSAL's silent call needs when the cache holds the person's tokens but no account record:
 * Entra adds one only when its on-behalf-of answer carries an ID token. The row is this person's alone,
 * so its tokens are theirs; MSAL's serialization format (shared by all MSALs) names where they were issued.
 */
function accountOfCachedTokens(serialized: string, userId: string, tenantId: string): MsalAccount | null {
  type Entity = { home_account_id?: string; environment?: string; realm?: string };
  let cache: { AccessToken?: Record<string, Entity>; RefreshToken?: Record<string, Entity> };
  try {
    cache = JSON.parse(serialized) as typeof cache;
  } catch {
    return null;
  }
  const entity = Object.values(cache.AccessToken ?? {})[0] ?? Object.values(cache.RefreshToken ?? {})[0];
  if (!entity?.environment) return null;
  return { homeAccountId: entity.home_account_id ?? "", environment: entity.environment, tenantId: entity.realm || tenantId, username: "", localAccountId: userId };
}

/** The claims of a JWT without checking its signature (Entra checks it during the exchange). */
function unverifiedClaims(jwt: string): { oid?: string; tid?: string } | null {
  const payload = jwt.split(".")[1];
  if (!payload) return null;
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { oid?: string; tid?: string };
  } catch {
    return null;
  }
}

/** A small least-recently-used map. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}
