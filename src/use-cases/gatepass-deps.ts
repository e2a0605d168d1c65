import type { Logger } from "pino";
import type { Clock } from "../domain/clock.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import type { AuditTrail } from "../store/audit-trail.js";
import type { ConversationReferences } from "../store/conversation-references.js";
import type { IdempotencyKeys } from "../store/idempotency-keys.js";
import type { PostedCards } from "../store/posted-cards.js";
import type { Preferences } from "../store/preferences.js";
import type { WriteTogether } from "../store/write-together.js";
import type { Notifier } from "./notifier.js";
import type { DirectoryPort, EntitlementPort } from "./ports.js";
import type { PimPort } from "./pim-flow.js";
import type { AccessReviewPort } from "./review-digests.js";

/** Gives the Graph token source that acts for one person (Teams SSO and on-behalf-of, or demo). */
export type UserTokenSources = (userId: string) => GraphTokenSource;

/** Everything the use cases need, built once by the composition root. */
export interface GatepassDeps {
  clock: Clock;
  tenantId: string;
  entitlement: EntitlementPort;
  directory: DirectoryPort;
  userTokens: UserTokenSources;
  conversations: ConversationReferences;
  cards: PostedCards;
  idempotency: IdempotencyKeys;
  audit: AuditTrail;
  /** Runs the repositories' statements as one (the records of one action: its key, audit row and card). */
  together: WriteTogether;
  /** Each person's reminder settings (quiet hours, snoozes, muted kinds), which the nudge pass reads. */
  preferences: Preferences;
  notifier: Notifier;
  /** PIM reads and decisions; absent where the bot is not asked to handle PIM. */
  pim?: PimPort;
  /** Who the bot may not reach (blocked it, or could not be reached); cleared when they talk to it again. */
  reachability?: { clear(aadObjectId: string): Promise<boolean> };
  /** Access reviews; absent where the bot is not asked to handle them. */
  reviews?: AccessReviewPort;
  log: Logger;
}
