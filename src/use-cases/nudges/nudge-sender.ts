import type { Logger } from "pino";
import type { Clock } from "../../domain/clock.js";
import type { AuditTrail } from "../../store/audit-trail.js";
import type { NudgeClaim, NudgeLedger, NudgeReachability, ReachabilityRecord } from "../../store/nudge-ledger.js";
import type { CardSpec } from "../card-spec.js";
import type { PostedMessage } from "../notifier.js";
import type { ConversationSpacing } from "./conversation-spacing.js";
import { DeliveryError } from "./delivery-error.js";
import { openPersonalChat } from "./open-personal-chat.js";
import type { AppInstaller, PersonalChat, PersonalChats } from "./personal-chats.js";
import type { RateLimiter } from "./rate-limiter.js";
import { systemTimer, type Timer } from "./timer.js";

/**
 * A card worked out only once its nudge is claimed: rendering may read Entra (a review digest is a
 * delegated read per reviewer), so the sender renders each message just before it posts it, while the
 * pace allows, instead of every message before the first send. Null: nothing to say any more (decided
 * meanwhile); the key is given back.
 */
export type LazyCard = () => Promise<CardSpec | null>;

/** One planned nudge: what to post to whom, under which idempotency key. */
export interface NudgeDelivery {
  /** Stable per (recipient, subject, kind, window): a retry, a second pass or another instance uses the same key. */
  key: string;
  /** The recipient's Entra object id. */
  recipientId: string;
  card: CardSpec | LazyCard;
  /** e.g. `approval.reminder`, `review.digest`; recorded in the ledger and the audit trail. */
  kind: string;
  /** The Entra object the nudge is about (request, review instance, PIM request, assignment). */
  subjectId: string;
  /** The audit trail's subject type for `subjectId` (e.g. `request`); `nudge` when not given. */
  subjectType?: string;
  /** The planning window, for the ledger (the key already contains it). */
  window?: string;
}

/** What happened to one delivery. */
export type NudgeOutcome =
  | { key: string; recipientId: string; status: "sent"; message: PostedMessage; attempts: number; openedChat: boolean }
  /** Nothing was done now: sent before, under way elsewhere, waiting for a retry instant, or given up on. */
  | { key: string; recipientId: string; status: "skipped"; reason: "already_sent" | "in_progress" | "retry_later" | "given_up" | "nothing_to_say" }
  | { key: string; recipientId: string; status: "blocked" | "unreachable"; reason: string }
  /** Released for a later pass (from `retryAt` when set). */
  | { key: string; recipientId: string; status: "failed"; reason: string; retryAt: Date | null };

/** The outcome of one `send`. */
export interface NudgeSendReport {
  outcomes: NudgeOutcome[];
  sent: number;
  skipped: number;
  blocked: number;
  unreachable: number;
  failed: number;
  /** Wall-clock time the pass took. */
  elapsedMs: number;
}

/** Options of one `send`. */
export interface NudgeSendOptions {
  /**
   * Called right after each message is posted and marked sent (e.g. to record the posted card so clicks
   * and refreshes update it). A failure here is logged; the nudge stays sent.
   */
  onSent?: (delivery: NudgeDelivery, message: PostedMessage) => Promise<void>;
}

/** Tuning; the defaults suit Teams. */
export interface NudgeSenderOptions {
  /** How long a claim holds a key before another process may take it over (default 2 minutes). */
  leaseMs?: number;
  /** Tries of one message within one claim when the connector answers 429 (default 4). */
  maxSendAttempts?: number;
  /** Claims of one key, over passes, before giving up on it (default 5). */
  maxClaims?: number;
  /**
   * Deliveries in flight at once (default 48); the rate limiter, not this, sets the pace. Each renders its
   * card once claimed (a review digest is a delegated read, a first one an on-behalf-of exchange), so
   * enough must be under way that rendering never leaves the limiter idle: with 16, a pass at 50/s sent 45/s.
   */
  concurrency?: number;
  /** After installing or opening a chat failed, the person is tried again after this long (default a day). */
  unreachableRetryMs?: number;
  /** A Retry-After longer than this releases the claim for a later pass instead of holding it (default 60 s). */
  maxRetryAfterMs?: number;
  /** The first wait after a 429 without Retry-After, doubled each time (default 1 s). */
  backoffMs?: number;
}

/** What the sender needs; the composition root builds it once and shares the limiter with every sender of the tenant. */
export interface NudgeSenderDeps {
  ledger: NudgeLedger;
  reachability: NudgeReachability;
  chats: PersonalChats;
  /** Installs the app for people who never opened the bot; null when not configured. */
  installer: AppInstaller | null;
  limiter: RateLimiter;
  spacing: ConversationSpacing;
  audit: AuditTrail;
  /** The bot's clock (the demo tenant's in demo mode): claims, leases and audit times. */
  clock: Clock;
  /** Real time for pacing and Retry-After waits. */
  timer?: Timer;
  log: Logger;
  /** Told when a person is marked blocked or unreachable (Gatepass then writes their next message's reference again, which clears the mark). */
  onUnreachable?: (aadObjectId: string) => void;
}

type Claimed = Extract<NudgeClaim, { status: "claimed" }>;

/**
 * Sends planned nudges, each exactly once: claim the key in the ledger (skip it when sent, under way
 * elsewhere, or closed), skip people who blocked the bot, open a chat with people who never talked to
 * it, post at the tenant's pace and each conversation's, mark sent, audit. On a 429 the shared limiter
 * pauses for the Retry-After and the same message is tried again; a 403 marks the person blocked; other
 * failures release the key for a later pass; a crash between claim and send is picked up by whoever
 * claims the key after its lease.
 *
 * The one gap no ledger can close: a crash after Teams accepted a message but before `markSent`
 * sends it again after the lease (the Bot Connector has no idempotency key). Everything else sends once.
 */
export class NudgeSender {
  private readonly timer: Timer;
  private readonly leaseMs: number;
  private readonly maxSendAttempts: number;
  private readonly maxClaims: number;
  private readonly concurrency: number;
  private readonly unreachableRetryMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly backoffMs: number;

  constructor(
    private readonly deps: NudgeSenderDeps,
    options: NudgeSenderOptions = {},
  ) {
    this.timer = deps.timer ?? systemTimer;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxSendAttempts = options.maxSendAttempts ?? 4;
    this.maxClaims = options.maxClaims ?? 5;
    this.concurrency = Math.max(1, options.concurrency ?? 48);
    this.unreachableRetryMs = options.unreachableRetryMs ?? 24 * 60 * 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.backoffMs = options.backoffMs ?? 1_000;
  }

  /** The tenant's ceiling this sender paces under. */
  get ratePerSecond(): number {
    return this.deps.limiter.ratePerSecond;
  }

  /**
   * Delivers each of `deliveries` at most once (the first of repeated keys counts). One person's
   * deliveries go one after another, in the order given; different people's go in parallel.
   */
  async send(deliveries: readonly NudgeDelivery[], options: NudgeSendOptions = {}): Promise<NudgeSendReport> {
    const started = this.timer.now();
    const byRecipient = new Map<string, NudgeDelivery[]>();
    const seen = new Set<string>();
    for (const delivery of deliveries) {
      if (seen.has(delivery.key)) continue;
      seen.add(delivery.key);
      const queue = byRecipient.get(delivery.recipientId);
      if (queue) queue.push(delivery);
      else byRecipient.set(delivery.recipientId, [delivery]);
    }
    const recipients = [...byRecipient.keys()];
    const [reach, chats] = await Promise.all([this.deps.reachability.getMany(recipients), this.deps.chats.findChats(recipients)]);
    const groups = [...byRecipient.values()];
    const outcomes: NudgeOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < groups.length) {
        const group = groups[next++]!;
        for (const delivery of group) {
          const outcome = await this.deliverSafely(delivery, reach, chats);
          outcomes.push(outcome);
          if (outcome.status === "sent" && options.onSent) await this.notifySent(options.onSent, delivery, outcome.message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, groups.length) }, worker));
    const count = (status: NudgeOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
    return {
      outcomes,
      sent: count("sent"),
      skipped: count("skipped"),
      blocked: count("blocked"),
      unreachable: count("unreachable"),
      failed: count("failed"),
      elapsedMs: this.timer.now() - started,
    };
  }

  private async notifySent(onSent: NonNullable<NudgeSendOptions["onSent"]>, delivery: NudgeDelivery, message: PostedMessage): Promise<void> {
    try {
      await onSent(delivery, message);
    } catch (error) {
      this.deps.log.error({ err: error, key: delivery.key }, "recording a sent nudge failed; the nudge stays sent");
    }
  }

  private async deliverSafely(delivery: NudgeDelivery, reach: Map<string, ReachabilityRecord>, chats: Map<string, PersonalChat>): Promise<NudgeOutcome> {
    try {
      return await this.deliver(delivery, reach, chats);
    } catch (error) {
      // The store or the audit trail failed. Before posting: the key stays claimed and is taken over after
      // its lease. After posting: the message is out; at worst the lease's expiry sends it again.
      this.deps.log.error({ err: error, key: delivery.key, recipient: delivery.recipientId }, "nudge delivery failed outside the connector");
      return { key: delivery.key, recipientId: delivery.recipientId, status: "failed", reason: (error as Error)?.message ?? String(error), retryAt: null };
    }
  }

  private async deliver(delivery: NudgeDelivery, reach: Map<string, ReachabilityRecord>, chats: Map<string, PersonalChat>): Promise<NudgeOutcome> {
    const { ledger, clock } = this.deps;
    const base = { key: delivery.key, recipientId: delivery.recipientId };
    const claim = await ledger.claim(
      { key: delivery.key, recipientAadObjectId: delivery.recipientId, kind: delivery.kind, subjectId: delivery.subjectId, window: delivery.window },
      { leaseMs: this.leaseMs, now: clock.now(), maxAttempts: this.maxClaims },
    );
    if (claim.status !== "claimed") return { ...base, status: "skipped", reason: skipReason(claim) };

    const known = reach.get(delivery.recipientId);
    if (known?.status === "blocked") return this.close(delivery, claim, "blocked", known.reason);
    if (known?.status === "unreachable" && known.retryAt !== null && known.retryAt.getTime() > clock.now().getTime()) {
      return this.close(delivery, claim, "unreachable", known.reason);
    }

    let card: CardSpec | null;
    try {
      card = typeof delivery.card === "function" ? await delivery.card() : delivery.card;
    } catch (error) {
      // Reading what to say failed (Entra throttled, a token could not be had): a later pass tries again.
      const reason = `Could not prepare the message: ${(error as Error)?.message ?? String(error)}`;
      await ledger.markFailed(delivery.key, claim.token, reason, clock.now());
      this.deps.log.warn({ err: error, key: delivery.key, recipient: delivery.recipientId }, "could not render a nudge; a later pass retries it");
      await this.audit(delivery, "nudge.failed", "failed", reason, { claim: claim.attempt, code: "RenderFailed" });
      return { ...base, status: "failed", reason, retryAt: null };
    }
    if (card === null) {
      await ledger.markFailed(delivery.key, claim.token, "Nothing to say any more: it was settled before the nudge went out.", clock.now());
      return { ...base, status: "skipped", reason: "nothing_to_say" };
    }

    let attempts = 0;
    let openedChat = false;
    let posted: PostedMessage;
    try {
      let chat = chats.get(delivery.recipientId);
      if (chat === undefined) {
        const opened = await openPersonalChat(delivery.recipientId, this.deps.chats, this.deps.installer, this.deps.limiter);
        chat = opened.chat;
        chats.set(delivery.recipientId, chat);
        openedChat = true;
        this.deps.log.info({ recipient: delivery.recipientId, chatId: opened.installation.chatId, alreadyInstalled: opened.installation.alreadyInstalled }, "opened a chat to deliver a nudge");
      }
      posted = await this.post(delivery, card, chat, () => ++attempts);
    } catch (error) {
      return this.handleFailure(delivery, claim, asDeliveryError(error), reach, attempts);
    }
    // Posted: from here on a failure must not look like a failed send (deliverSafely logs it).
    if (!(await ledger.markSent(delivery.key, claim.token, posted, clock.now()))) {
      // Our lease ran out and someone took the key over: they may post it too. Say so loudly.
      this.deps.log.warn({ key: delivery.key, recipient: delivery.recipientId }, "a nudge was posted after its claim was taken over; it may show twice");
    }
    if (known !== undefined) {
      await this.deps.reachability.clear(delivery.recipientId);
      reach.delete(delivery.recipientId);
    }
    await this.audit(delivery, "nudge.sent", "ok", null, { attempts, claim: claim.attempt, openedChat }, posted);
    return { ...base, status: "sent", message: posted, attempts, openedChat };
  }

  /** Posts, honouring 429s: the tenant's limiter pauses for the Retry-After, then the same message goes again. */
  private async post(delivery: NudgeDelivery, card: CardSpec, chat: PersonalChat, countAttempt: () => number): Promise<PostedMessage> {
    for (;;) {
      await this.deps.limiter.acquire();
      await this.deps.spacing.acquire(chat.conversationId);
      const attempt = countAttempt();
      try {
        return await this.deps.chats.sendCard(chat, card);
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.code !== "Throttled" || attempt >= this.maxSendAttempts) throw error;
        const waitMs = error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : this.backoffMs * 2 ** (attempt - 1) * (1 + Math.random() / 4);
        if (waitMs > this.maxRetryAfterMs) throw error;
        this.deps.log.info({ key: delivery.key, attempt, waitMs }, "connector answered 429; pausing the tenant's sends");
        await this.deps.limiter.pause(waitMs);
      }
    }
  }

  private async handleFailure(
    delivery: NudgeDelivery,
    claim: Claimed,
    error: DeliveryError,
    reach: Map<string, ReachabilityRecord>,
    attempts: number,
  ): Promise<NudgeOutcome> {
    const { clock, reachability, ledger } = this.deps;
    const now = clock.now();
    if (error.code === "Blocked") {
      const reason = `Teams refused messages to them (${error.status ?? 403} ${error.connectorCode ?? "Forbidden"}): they blocked or removed Gatepass.`;
      reach.set(delivery.recipientId, await reachability.markBlocked(delivery.recipientId, reason, now));
      this.deps.onUnreachable?.(delivery.recipientId);
      return this.close(delivery, claim, "blocked", reason);
    }
    if (error.code === "Unreachable") {
      reach.set(delivery.recipientId, await reachability.markUnreachable(delivery.recipientId, error.message, now, new Date(now.getTime() + this.unreachableRetryMs)));
      this.deps.onUnreachable?.(delivery.recipientId);
      return this.close(delivery, claim, "unreachable", error.message);
    }
    const reason = `${error.code}${error.status !== null ? ` ${error.status}` : ""}${error.connectorCode ? ` ${error.connectorCode}` : ""}: ${error.message}`;
    const retryAt = error.retryAfterSeconds !== null ? new Date(now.getTime() + error.retryAfterSeconds * 1000) : null;
    await ledger.markFailed(delivery.key, claim.token, reason, now, retryAt ?? undefined);
    this.deps.log.warn({ key: delivery.key, recipient: delivery.recipientId, code: error.code, status: error.status, reason }, "nudge not delivered; a later pass retries it");
    await this.audit(delivery, "nudge.failed", "failed", reason, { attempts, claim: claim.attempt, code: error.code, status: error.status, retryAt: retryAt?.toISOString() ?? null });
    return { key: delivery.key, recipientId: delivery.recipientId, status: "failed", reason, retryAt };
  }

  private async close(delivery: NudgeDelivery, claim: Claimed, state: "blocked" | "unreachable", reason: string): Promise<NudgeOutcome> {
    await this.deps.ledger.close(delivery.key, claim.token, state, reason, this.deps.clock.now());
    await this.audit(delivery, state === "blocked" ? "nudge.blocked" : "nudge.unreachable", state === "blocked" ? "refused" : "failed", reason, { claim: claim.attempt });
    return { key: delivery.key, recipientId: delivery.recipientId, status: state, reason };
  }

  private async audit(
    delivery: NudgeDelivery,
    action: "nudge.sent" | "nudge.failed" | "nudge.blocked" | "nudge.unreachable",
    outcome: "ok" | "failed" | "refused",
    reason: string | null,
    details: Record<string, unknown>,
    message?: PostedMessage,
  ): Promise<void> {
    await this.deps.audit.append({
      occurredAt: this.deps.clock.now(),
      actorAadObjectId: null,
      action,
      subjectType: delivery.subjectType ?? "nudge",
      subjectId: delivery.subjectId,
      outcome,
      reason,
      details: { key: delivery.key, kind: delivery.kind, window: delivery.window ?? null, recipient: delivery.recipientId, ...details },
      conversationId: message?.conversationId ?? null,
      activityId: message?.activityId ?? null,
    });
  }
}

function skipReason(claim: Exclude<NudgeClaim, Claimed>): "already_sent" | "in_progress" | "retry_later" | "given_up" {
  switch (claim.status) {
    case "sent":
      return "already_sent";
    case "busy":
      return "in_progress";
    case "deferred":
      return "retry_later";
    case "closed":
      return "given_up";
  }
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError("Unexpected", (error as Error)?.message ?? String(error), {}, { cause: error });
}
