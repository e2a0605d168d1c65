import { z } from "zod";
import { GraphError } from "../../http/graph-error.js";
import type { ExpirationPattern, RequestType } from "../../state/model.js";

/** The request types a caller may submit; Entra itself files the `system*` ones. */
export const SUBMITTABLE_TYPES = ["userAdd", "userUpdate", "userRemove", "adminAdd", "adminUpdate", "adminRemove"] as const;
export type SubmittableType = (typeof SUBMITTABLE_TYPES)[number];

const ALL_TYPES: readonly RequestType[] = [...SUBMITTABLE_TYPES, "systemAdd", "systemUpdate", "systemRemove", "onBehalfAdd"];
const EXPIRATION_TYPES = ["notSpecified", "noExpiration", "afterDateTime", "afterDuration"] as const;

const nullableString = z.string().nullable().optional();

// Graph ignores properties it does not use (`@odata.type`, `isValidationOnly`...), hence passthrough.
const assignmentBody = z
  .object({
    id: nullableString,
    accessPackageId: nullableString,
    assignmentPolicyId: nullableString,
    targetId: nullableString,
    target: z.object({ objectId: nullableString, email: nullableString }).passthrough().nullable().optional(),
  })
  .passthrough();

const expirationBody = z
  .object({
    type: z.enum(EXPIRATION_TYPES).nullable().optional(),
    duration: nullableString,
    endDateTime: nullableString,
  })
  .passthrough();

const answerBody = z
  .object({
    "@odata.type": z.string().optional(),
    value: z.string({ message: "each answer needs a string value" }).nullable(),
    displayValue: nullableString,
    answeredQuestion: z.object({ id: z.string({ message: "answeredQuestion.id is required" }) }).passthrough(),
  })
  .passthrough();

const body = z
  .object({
    requestType: z.string({ message: "requestType is required (userAdd, userUpdate, userRemove, adminAdd, adminUpdate or adminRemove)" }),
    assignment: assignmentBody.nullable().optional(),
    // Older examples in Graph's docs send `accessPackageAssignment`; Graph still accepts it.
    accessPackageAssignment: assignmentBody.nullable().optional(),
    justification: nullableString,
    schedule: z.object({ startDateTime: nullableString, expiration: expirationBody.nullable().optional() }).passthrough().nullable().optional(),
    answers: z.array(answerBody).nullable().optional(),
  })
  .passthrough();

/** A request body, checked for shape and normalized. */
export interface RequestInput {
  requestType: SubmittableType;
  accessPackageId: string | null;
  assignmentPolicyId: string | null;
  targetId: string | null;
  /** The existing assignment an update or removal is about. */
  assignmentId: string | null;
  schedule: { startDateTime: string | null; expiration: ExpirationPattern | null } | null;
  answers: { questionId: string; value: string; displayValue: string | null }[];
  justification: string | null;
}

/** Reads a POST body of `assignmentRequests`; a malformed body is Graph's 400. */
export function parseRequestBody(raw: unknown): RequestInput {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw GraphError.badRequest("The request body must be a JSON accessPackageAssignmentRequest object.");
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw GraphError.badRequest(`Invalid accessPackageAssignmentRequest: ${detail}.`);
  }
  const b = parsed.data;
  const requestType = ALL_TYPES.find((t) => t.toLowerCase() === b.requestType.toLowerCase());
  if (!requestType) {
    throw GraphError.badRequest(`'${b.requestType}' is not a valid requestType. Use userAdd, userUpdate or userRemove for the signed-in user, or adminAdd, adminUpdate or adminRemove.`);
  }
  if (!(SUBMITTABLE_TYPES as readonly string[]).includes(requestType)) {
    throw GraphError.badRequest(`Requests of type '${requestType}' are created by Entra itself and cannot be submitted.`);
  }
  const a = b.assignment ?? b.accessPackageAssignment ?? null;
  if (!a) throw GraphError.badRequest("The request needs an 'assignment' object with accessPackageId (and assignmentPolicyId, targetId) or, to update or remove, the assignment's id.");
  if (a.target?.email && !a.target.objectId && !a.targetId) {
    throw GraphError.badRequest("Requests for people not yet in the directory (target by email) are not supported by the demo tenant; use targetId.");
  }
  const expiration = b.schedule?.expiration;
  return {
    requestType: requestType as SubmittableType,
    accessPackageId: a.accessPackageId ?? null,
    assignmentPolicyId: a.assignmentPolicyId ?? null,
    targetId: a.targetId ?? a.target?.objectId ?? null,
    assignmentId: a.id ?? null,
    schedule: b.schedule
      ? {
          startDateTime: b.schedule.startDateTime ?? null,
          expiration: expiration
            ? { type: expiration.type ?? (expiration.duration ? "afterDuration" : expiration.endDateTime ? "afterDateTime" : "notSpecified"), duration: expiration.duration ?? null, endDateTime: expiration.endDateTime ?? null }
            : null,
        }
      : null,
    answers: (b.answers ?? []).map((x) => ({ questionId: x.answeredQuestion.id, value: x.value ?? "", displayValue: x.displayValue ?? null })),
    justification: b.justification ?? null,
  };
}
