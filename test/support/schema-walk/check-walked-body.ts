/**
 * Checks one demo tenant response body against Graph's schemas, whatever kind of path it came from:
 *
 * - **v1.0 paths the shared OpenAPI files describe**: `validateGraphResponse` (status, body, function
 *   arguments; errors against `microsoft.graph.ODataErrors.ODataError`).
 * - **v1.0 paths the shared files do not describe** (no Groups YAML was shared, so `/groups...`): each
 *   entity of the body is validated with `validateGraphType` against the Graph type listed in
 *   {@link UNDOCUMENTED_V1_TYPES} for its route, the collection envelope is checked for its keys, and an
 *   error body against `ODataErrors.ODataError`. A route that is neither documented nor listed there is a
 *   mismatch, so a new undocumented route cannot slip through unchecked.
 * - **`/beta` paths** (the v1.0 files cannot describe them; see {@link checkBetaBody}).
 */
import { checkGraphResponse, validateGraphType } from "../graph-schema/validate-graph-response.js";

export type CheckKind = "openapi" | "graph-type" | "beta";

export interface WalkedBodyCheck {
  kind: CheckKind;
  problems: string[];
}

/** Graph types of the v1.0 routes the shared OpenAPI files do not describe, by route pattern. */
export const UNDOCUMENTED_V1_TYPES: Readonly<Record<string, string>> = {
  "/groups": "microsoft.graph.group",
  "/groups/{id}": "microsoft.graph.group",
  // directoryObject collections: each member's "@odata.type" (#microsoft.graph.user) picks its schema.
  "/groups/{id}/members": "microsoft.graph.directoryObject",
  "/groups/{id}/transitiveMembers": "microsoft.graph.directoryObject",
  "/groups/{id}/owners": "microsoft.graph.directoryObject",
};

/**
 * Answers Graph documents without a body where the OpenAPI files (generated from the generic "create a
 * navigation property" shape) declare one. Only an empty body with exactly this status is excused.
 */
export const BODYLESS_BY_DOCS: readonly { method: string; template: string; status: number; docs: string }[] = [
  {
    method: "POST",
    template: "/users/{user-id}/teamwork/installedApps",
    status: 201,
    // "If successful, this method returns a 201 Created response code. It doesn't return anything in the response body."
    docs: "https://learn.microsoft.com/graph/api/userteamwork-post-installedapps",
  },
];

const ERROR_TYPE = "microsoft.graph.ODataErrors.ODataError";
const COLLECTION_KEYS = new Set(["@odata.context", "@odata.nextLink", "@odata.count", "@odata.deltaLink", "value"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const isEmptyBody = (body: unknown) => body === undefined || body === null || body === "";

/** The body's entities: a collection's `value` items (after checking the envelope), or the body itself. */
function entitiesOf(body: unknown, problems: string[]): { pointer: string; value: Json }[] {
  if (!isObject(body)) {
    problems.push(`/: expected a JSON object, got ${Array.isArray(body) ? "an array" : typeof body}`);
    return [];
  }
  if (!Array.isArray(body.value)) return [{ pointer: "", value: body }];
  for (const key of Object.keys(body)) {
    if (!COLLECTION_KEYS.has(key)) problems.push(`/${key}: unexpected property on a collection response`);
  }
  return body.value.map((item, i) => {
    if (!isObject(item)) problems.push(`/value/${i}: expected an object`);
    return { pointer: `/value/${i}`, value: isObject(item) ? item : {} };
  });
}

/** Moves `validateGraphType`'s pointers (relative to one entity) under the entity's place in the body. */
function prefixed(pointer: string, mismatches: string[]): string[] {
  if (!pointer) return mismatches;
  return mismatches.map((m) => (m.startsWith("/:") ? `${pointer}${m.slice(1)}` : m.startsWith("/") ? `${pointer}${m}` : m));
}

/** Entities validated one by one against a Graph type (plus the 204 / error rules). */
function checkByType(typeName: string, status: number, body: unknown): string[] {
  const problems: string[] = [];
  if (status === 204) return isEmptyBody(body) ? [] : ["/: a 204 No Content response must not have a body"];
  if (status >= 400) return validateGraphType(ERROR_TYPE, body);
  if (isEmptyBody(body)) return status === 201 || status === 202 ? [] : [`/: expected a ${typeName} body, got none`];
  for (const { pointer, value } of entitiesOf(body, problems)) {
    problems.push(...prefixed(pointer, validateGraphType(typeName, value)));
  }
  return problems;
}

/**
 * Beta bodies. The demo tenant's beta routes are the approvals of PIM (`roleAssignmentApprovals`, and
 * `group/assignmentApprovals`, which v1.0 also has). What is validated:
 *   - an approval with `stages`: the whole object against v1.0 `microsoft.graph.approval`;
 *   - an approval with beta's `steps`: the same, with `steps` checked in the place of `stages`. Beta's
 *     `approvalStep` is not in the v1.0 schemas, but it has exactly v1.0 `approvalStage`'s properties
 *     (assignedToMe, displayName, justification, reviewedBy, reviewedDateTime, reviewResult, status), so
 *     each step is validated as an approvalStage: property names, JSON types, formats and nullability;
 *   - a stage or step on its own (`.../stages[/{id}]`, `.../steps[/{id}]`): against `approvalStage`;
 *   - envelope keys of collections; 204 answers have no body; errors against `ODataErrors.ODataError`.
 * Not validated: anything beta has that v1.0 lacks (there is no beta schema here), and `reviewResult` /
 * `status` values, which are plain strings in the schema.
 */
export function checkBetaBody(routePattern: string, status: number, body: unknown): string[] {
  if (status === 204) return isEmptyBody(body) ? [] : ["/: a 204 No Content response must not have a body"];
  if (status >= 400) return validateGraphType(ERROR_TYPE, body);
  const problems: string[] = [];
  const isStageRoute = /\/(steps|stages)(\/\{[^}]+\})?$/.test(routePattern);
  const isApprovalRoute = /Approvals(\/filterByCurrentUser\([^)]*\)|\/\{[^}]+\})$/.test(routePattern);
  if (!isStageRoute && !isApprovalRoute) return [`/: no beta check is defined for route ${routePattern}`];
  for (const { pointer, value } of entitiesOf(body, problems)) {
    if (isStageRoute) {
      problems.push(...prefixed(pointer, validateGraphType("microsoft.graph.approvalStage", value)));
      continue;
    }
    const { steps, ...rest } = value;
    if (steps !== undefined && rest.stages !== undefined) problems.push(`${pointer || "/"}: an approval with both steps and stages`);
    const asV1 = steps === undefined ? rest : { ...rest, stages: steps };
    const mismatches = validateGraphType("microsoft.graph.approval", asV1).map((m) => (steps === undefined ? m : m.replace(/^\/stages/, "/steps")));
    problems.push(...prefixed(pointer, mismatches));
  }
  return problems;
}

/** Validates a response of the demo tenant; `routePattern` is the pattern of the route that answered. */
export function checkWalkedBody(
  method: string,
  version: "v1.0" | "beta",
  path: string,
  routePattern: string | undefined,
  status: number,
  body: unknown,
): WalkedBodyCheck {
  const pathOnly = path.split("?")[0]!;
  if (version === "beta") {
    return { kind: "beta", problems: routePattern ? checkBetaBody(routePattern, status, body) : [`no beta route answers ${method} ${pathOnly}`] };
  }
  const result = checkGraphResponse(method, `/v1.0${pathOnly}`, status, body);
  if (result.outcome === "validated") {
    const excused = isEmptyBody(body) && BODYLESS_BY_DOCS.some((b) => b.method === method.toUpperCase() && b.template === result.template && b.status === status);
    return { kind: "openapi", problems: excused ? [] : result.mismatches };
  }
  const typeName = routePattern ? UNDOCUMENTED_V1_TYPES[routePattern] : undefined;
  if (!typeName) {
    return { kind: "graph-type", problems: [...result.mismatches, `no Graph type is listed in UNDOCUMENTED_V1_TYPES for route ${routePattern ?? "(none)"}`] };
  }
  return { kind: "graph-type", problems: checkByType(typeName, status, body) };
}
