import { z } from "zod";
import { GraphError } from "../../http/graph-error.js";
import type { PimRequestRecord, PimScheduleInfo } from "../../state/model.js";
import type { PimTarget } from "./pim-policy.js";

/** A PIM schedule request body, checked and normalized (enum casing as Graph echoes it back). */
export interface PimRequestInput {
  action: PimRequestRecord["action"];
  principalId: string;
  target: PimTarget;
  justification: string | null;
  scheduleInfo: PimScheduleInfo;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null };
  isValidationOnly: boolean;
}

const ACTIONS = ["adminAssign", "adminUpdate", "adminRemove", "selfActivate", "selfDeactivate", "adminExtend", "adminRenew", "selfExtend", "selfRenew"] as const;
const EXPIRATION_TYPES = ["notSpecified", "noExpiration", "afterDateTime", "afterDuration"] as const;

const nullableString = z.string().nullable().optional();
const dateTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date-time such as 2026-03-02T17:00:00Z")
  .nullable()
  .optional();

const schedule = z
  .object({
    startDateTime: dateTime,
    expiration: z
      .object({ type: z.string().optional(), duration: nullableString, endDateTime: dateTime })
      .nullable()
      .optional(),
    recurrence: z.null().optional(),
  })
  .nullable()
  .optional();

const common = {
  action: z.string(),
  principalId: z.string().min(1),
  justification: nullableString,
  scheduleInfo: schedule,
  ticketInfo: z.object({ ticketNumber: nullableString, ticketSystem: nullableString }).nullable().optional(),
  isValidationOnly: z.boolean().nullable().optional(),
  customData: nullableString,
};

const roleBody = z.object({ ...common, roleDefinitionId: z.string().min(1), directoryScopeId: nullableString, appScopeId: nullableString });
const groupBody = z.object({ ...common, groupId: z.string().min(1), accessId: z.string() });

const KNOWN = {
  role: new Set([...Object.keys(roleBody.shape), "@odata.type"]),
  group: new Set([...Object.keys(groupBody.shape), "@odata.type"]),
};
const TYPE_NAME = { role: "unifiedRoleAssignmentScheduleRequest", group: "privilegedAccessGroupAssignmentScheduleRequest" };

function pickEnum<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw GraphError.badRequest(`'${value}' is not a valid ${what}. Use one of: ${allowed.join(", ")}.`);
  return found;
}

/**
 * Reads a POST body for `roleAssignmentScheduleRequests` (kind `role`) or PIM for Groups
 * `assignmentScheduleRequests` (kind `group`). Unknown properties are refused as Graph refuses them,
 * so a misspelt `justifcation` fails loudly instead of being ignored.
 */
export function parsePimRequest(kind: "role" | "group", body: unknown): PimRequestInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw GraphError.badRequest(`Send a JSON ${TYPE_NAME[kind]} object as the request body.`);
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN[kind].has(key)) {
      throw GraphError.badRequest(
        `The property '${key}' does not exist on type 'microsoft.graph.${TYPE_NAME[kind]}'. Make sure to only use property names that are defined by the type.`,
      );
    }
  }
  const parsed = (kind === "role" ? roleBody : groupBody).safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw GraphError.badRequest(`Invalid ${TYPE_NAME[kind]}: ${detail}.`);
  }
  const b = parsed.data as z.infer<typeof roleBody> & z.infer<typeof groupBody>;
  const exp = b.scheduleInfo?.expiration;
  const target: PimTarget =
    kind === "role"
      ? { kind: "role", roleDefinitionId: b.roleDefinitionId, directoryScopeId: b.directoryScopeId ?? (b.appScopeId ? "" : "/") }
      : { kind: "group", groupId: b.groupId, accessId: pickEnum(b.accessId, ["member", "owner"] as const, "accessId") };
  if (target.kind === "role" && !target.directoryScopeId) {
    throw GraphError.badRequest("directoryScopeId is required: use '/' for the whole tenant. App scopes (appScopeId) are not supported for directory roles in the demo tenant.");
  }
  return {
    action: pickEnum(b.action, ACTIONS, "action"),
    principalId: b.principalId,
    target,
    justification: b.justification ?? null,
    scheduleInfo: {
      startDateTime: b.scheduleInfo?.startDateTime ? new Date(b.scheduleInfo.startDateTime).toISOString() : null,
      expiration: exp
        ? {
            type: exp.type ? pickEnum(exp.type, EXPIRATION_TYPES, "expiration type") : "notSpecified",
            duration: exp.duration ?? null,
            endDateTime: exp.endDateTime ? new Date(exp.endDateTime).toISOString() : null,
          }
        : null,
      recurrence: null,
    },
    ticketInfo: { ticketNumber: b.ticketInfo?.ticketNumber ?? null, ticketSystem: b.ticketInfo?.ticketSystem ?? null },
    isValidationOnly: b.isValidationOnly === true,
  };
}
