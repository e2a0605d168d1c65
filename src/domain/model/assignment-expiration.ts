/**
 * When an assignment ends, as a policy grants it or a request asks for it. Mirrors Graph's
 * `expirationPattern` (`afterDuration`, `afterDateTime`, `noExpiration`) with the duration already in
 * milliseconds, so rules compare numbers instead of ISO 8601 strings.
 */
export type AssignmentExpiration =
  | { readonly kind: "afterDuration"; readonly durationMs: number }
  | { readonly kind: "afterDateTime"; readonly end: Date }
  | { readonly kind: "noExpiration" };
