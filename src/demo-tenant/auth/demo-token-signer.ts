import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** Who a token speaks for: the app itself (client credentials) or a person (delegated). */
export type Caller =
  | { kind: "app"; appId: string; roles: ReadonlySet<string>; tenantId: string }
  | { kind: "user"; appId: string; userId: string; scopes: ReadonlySet<string>; tenantId: string };

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  idtyp: "app" | "user";
  oid: string;
  sub: string;
  roles?: string[];
  scp?: string;
  iat: number;
  nbf: number;
  exp: number;
  uti: string;
  ver: "1.0";
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * Mints and checks the demo tenant's access tokens: JWTs shaped like Entra's v1 Graph tokens
 * (`aud`, `tid`, `oid`, `idtyp`, `roles` or `scp`), signed with HS256 under a per-tenant secret.
 * Real Entra signs with RS256 against published keys; the bot never validates Graph tokens itself, so
 * only the emulator needs to read them. Lifetimes are wall-clock time, not the demo clock: moving the
 * demo clock ages Entra objects, not the bot's cached credentials.
 */
export class DemoTokenSigner {
  constructor(
    private readonly secret: string,
    private readonly tenantId: string,
    private readonly lifetimeSeconds = 3600,
    private readonly wallClock: () => number = Date.now,
  ) {}

  mintApp(appId: string, roles: readonly string[], audience = "https://graph.microsoft.com"): string {
    return this.sign({ idtyp: "app", oid: appId, sub: appId, appid: appId, roles: [...roles], aud: audience });
  }

  mintUser(appId: string, userId: string, scopes: readonly string[], audience = "https://graph.microsoft.com"): string {
    return this.sign({ idtyp: "user", oid: userId, sub: userId, appid: appId, scp: scopes.join(" "), aud: audience });
  }

  get expiresIn(): number {
    return this.lifetimeSeconds;
  }

  /** Returns the claims of a valid, unexpired token of this tenant, or a sentence saying why not. */
  verify(token: string): { ok: true; claims: TokenClaims } | { ok: false; reason: string } {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "IDX14100: JWT is not well formed." };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = this.signature(`${header}.${payload}`);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: "Access token validation failure. Invalid signature." };
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return { ok: false, reason: "IDX14100: JWT is not well formed." };
    }
    if (claims.tid !== this.tenantId) return { ok: false, reason: "Access token is from another tenant." };
    if (claims.exp * 1000 <= this.wallClock()) {
      return { ok: false, reason: "Lifetime validation failed, the token is expired." };
    }
    return { ok: true, claims };
  }

  toCaller(claims: TokenClaims): Caller {
    return claims.idtyp === "app"
      ? { kind: "app", appId: claims.appid, roles: new Set(claims.roles ?? []), tenantId: claims.tid }
      : {
          kind: "user",
          appId: claims.appid,
          userId: claims.oid,
          scopes: new Set((claims.scp ?? "").split(" ").filter(Boolean)),
          tenantId: claims.tid,
        };
  }

  private sign(fields: Pick<TokenClaims, "idtyp" | "oid" | "sub" | "appid" | "aud"> & Partial<TokenClaims>): string {
    const now = Math.floor(this.wallClock() / 1000);
    const claims: TokenClaims = {
      iss: `https://sts.windows.net/${this.tenantId}/`,
      tid: this.tenantId,
      iat: now,
      nbf: now,
      exp: now + this.lifetimeSeconds,
      uti: randomUUID(),
      ver: "1.0",
      ...fields,
    };
    const header = b64url(JSON.stringify({ typ: "JWT", alg: "HS256", kid: "demo-tenant" }));
    const payload = b64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.signature(`${header}.${payload}`).toString("base64url")}`;
  }

  private signature(input: string): Buffer {
    return createHmac("sha256", this.secret).update(input).digest();
  }
}
