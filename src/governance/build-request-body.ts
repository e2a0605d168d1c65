import type { AssignmentExpiration } from "../domain/model/assignment-expiration.js";
import type { DraftAnswer, DraftSchedule } from "../domain/requests/request-draft.js";
import { formatIsoDuration } from "../domain/time/iso-duration.js";

/** What a person's own request carries besides which assignment it is about. */
export interface RequestContent {
  readonly schedule: DraftSchedule;
  readonly justification?: string;
  readonly answers: readonly DraftAnswer[];
}

/**
 * The body of a person's own assignment request (`userAdd`, `userUpdate`). The schedule goes only when
 * the person chose it: otherwise Entra applies the policy's own, which a policy without custom
 * schedules insists on anyway.
 */
export function buildRequestBody(requestType: "userAdd" | "userUpdate", assignment: Record<string, string>, content: RequestContent): Record<string, unknown> {
  const justification = content.justification?.trim();
  return {
    requestType,
    assignment,
    ...(justification ? { justification } : {}),
    ...(content.schedule.isCustom
      ? { schedule: { startDateTime: content.schedule.start.toISOString(), expiration: expirationJson(content.schedule.expiration) } }
      : {}),
    ...(content.answers.length > 0
      ? {
          answers: content.answers.map((a) => ({
            "@odata.type": "#microsoft.graph.accessPackageAnswerString",
            value: a.value,
            displayValue: a.displayValue,
            answeredQuestion: { id: a.questionId },
          })),
        }
      : {}),
  };
}

function expirationJson(expiration: AssignmentExpiration): Record<string, string> {
  switch (expiration.kind) {
    case "afterDuration":
      return { type: "afterDuration", duration: formatIsoDuration(expiration.durationMs) };
    case "afterDateTime":
      return { type: "afterDateTime", endDateTime: expiration.end.toISOString() };
    case "noExpiration":
      return { type: "noExpiration" };
  }
}
