import { randomUUID } from "node:crypto";
import type { DemoTenant } from "../demo-tenant.js";

export interface TokenEndpointResult {
  status: number;
  body: Record<string, unknown>;
}

const GRAPH_RESOURCE = "https://graph.microsoft.com";

/**
 * An OAuth 2.0 token endpoint shaped like Entra's v2.0 one (`/{tenant}/oauth2/v2.0/token`): client
 * credentials for the app, and on-behalf-of (jwt-bearer) to turn a user's assertion into a delegated
 * Graph token. Failures use Entra's error JSON with AADSTS codes, which MSAL and @azure/identity parse.
 */
export function handleTokenRequest(tenant: DemoTenant, tenantSegment: string, form: URLSearchParams): TokenEndpointResult {
  const state = tenant.state;
  if (!sameTenant(tenantSegment, state.settings.tenantId, state.settings.defaultDomain)) {
    return aadError(400, "invalid_request", 90002, `Tenant '${tenantSegment}' not found. This demo tenant is '${state.settings.tenantId}'.`);
  }
  const grantType = form.get("grant_type");
  const clientId = form.get("client_id") ?? "";
  const app = state.applications.by("appId", clientId)[0];
  if (!app) {
    return aadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${state.settings.displayName}'.`);
  }
  if (!app.clientSecret || form.get("client_secret") !== app.clientSecret) {
    return aadError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
  }
  const scope = form.get("scope") ?? "";
  if (!scope.split(" ").some((s) => s.startsWith(`${GRAPH_RESOURCE}/`))) {
    return aadError(400, "invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid. Ask for '${GRAPH_RESOURCE}/.default'.`);
  }

  if (grantType === "client_credentials") {
    if (!scope.endsWith("/.default")) {
      return aadError(400, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
    }
    return issued(tenant.signer.mintApp(app.appId, app.applicationPermissions), tenant.signer.expiresIn, scope);
  }

  if (grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    if (form.get("requested_token_use") !== "on_behalf_of") {
      return aadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'requested_token_use' with the value 'on_behalf_of'.");
    }
    const verified = tenant.signer.verify(form.get("assertion") ?? "");
    if (!verified.ok) return aadError(400, "invalid_grant", 50013, `Assertion failed signature validation or is expired: ${verified.reason}`);
    const claims = verified.claims;
    if (claims.idtyp !== "user") return aadError(400, "invalid_grant", 50013, "The assertion is not a user token; on-behalf-of needs a signed-in user's token.");
    const audiences = [app.appId, app.identifierUri].filter(Boolean);
    if (!audiences.includes(claims.aud)) {
      return aadError(400, "invalid_grant", 50013, `The assertion's audience '${claims.aud}' is not this application ('${audiences.join("' or '")}').`);
    }
    const user = state.users.get(claims.oid);
    if (!user || !user.accountEnabled) {
      return aadError(400, "invalid_grant", 50057, "The user account is disabled or does not exist.");
    }
    return issued(tenant.signer.mintUser(app.appId, user.id, app.delegatedPermissions), tenant.signer.expiresIn, scope);
  }

  return aadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType ?? ""}'. Use client_credentials or on-behalf-of (jwt-bearer).`);
}

function issued(accessToken: string, expiresIn: number, scope: string): TokenEndpointResult {
  return {
    status: 200,
    body: { token_type: "Bearer", scope, expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken },
  };
}

function aadError(status: number, error: string, code: number, description: string): TokenEndpointResult {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

function sameTenant(segment: string, tenantId: string, domain: string): boolean {
  const s = segment.toLowerCase();
  return s === tenantId.toLowerCase() || s === domain.toLowerCase() || s === "organizations";
}

/** OpenID metadata, so MSAL's authority discovery works against the demo tenant. */
export function openIdConfiguration(baseUrl: string, tenantId: string): Record<string, unknown> {
  const root = `${baseUrl}/${tenantId}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${baseUrl}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${baseUrl}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "tid", "oid"],
    tenant_region_scope: "EU",
    cloud_instance_name: new URL(baseUrl).host,
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  };
}
