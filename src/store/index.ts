// The store's public surface, for the composition root and the adapters that use repositories.
export type { Db, Queryable, QueryResult, Transaction } from "./db.js";
export { openDb, type OpenDbOptions } from "./open-db.js";
export { migrate, type MigrateOptions, type MigrateResult } from "./migrate.js";
export { StoreError, isStoreError, type StoreErrorCode } from "./store-error.js";
export type { JsonObject, JsonValue } from "./json.js";
export { ConversationReferences, type ConversationReferenceInput, type StoredConversationReference } from "./conversation-references.js";
export {
  PostedCards,
  type CardRecipientRole,
  type CardSubjectType,
  type PostedCard,
  type PostedCardInput,
  type PostedCardKey,
} from "./posted-cards.js";
export { IdempotencyKeys, type ClaimOutcome } from "./idempotency-keys.js";
export {
  AuditTrail,
  type AuditAction,
  type AuditEntry,
  type AuditEntryInput,
  type AuditListOptions,
  type AuditOutcome,
} from "./audit-trail.js";
export { TokenCache } from "./token-cache.js";
export { WriteTogether, type Statement } from "./write-together.js";
export { deriveTokenCacheKey } from "./token-cache-key.js";
export { Preferences, type StoredPreferences } from "./preferences.js";
export {
  NudgeLedger,
  NudgePacing,
  NudgeReachability,
  type NudgeClaim,
  type NudgeClaimOptions,
  type NudgeKeyInput,
  type NudgeRecord,
  type NudgeState,
  type ReachabilityRecord,
  type ReachabilityStatus,
} from "./nudge-ledger.js";
