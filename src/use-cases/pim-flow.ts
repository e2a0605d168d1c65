import {
  describePimRequest,
  isPimSettled,
  type PendingPimApproval,
  type PimActivation,
  type PimApproval,
  type PimKind,
  type PimPhase,
  type PimRequest,
} from "../domain/model/pim-request.js";
import type { PimActivationSubject, PimApprovalSubject } from "../domain/nudges/nudge-subject.js";
import { pimApprovalTitle, pimApprovalView, type PimApprovalViewer } from "../domain/views/pim-approval-view.js";
import { pimEndingSoonView, pimOutcomeNoticeView, type PimGrantedWindow } from "../domain/views/pim-notice-view.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import type { PostedCard, PostedCardKey } from "../store/posted-cards.js";
import { fingerprintCard, type CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { PostedMessage } from "./notifier.js";
import { PeopleDirectory } from "./person-context.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import type { ClickOrigin } from "./request-flow.js";

const DECIDE_LEASE_MS = 60_000;

/** The card buttons of PIM approval cards (Action.Execute verbs) that {@link PimFlow.onAction} answers. */
export const PIM_VERBS = ["pim.decide"] as const;
export type PimVerb = (typeof PIM_VERBS)[number];

/**
 * What the PIM use cases need of Entra (implemented by PimGateway). Approvals are read and decided with
 * the approver's own token; everything else with the app's.
 */
export interface PimPort {
  getRequest(id: string, kind?: PimKind): Promise<PimRequest>;
  approversOf(request: PimRequest): Promise<string[]>;
  getApproval(reader: GraphTokenSource, request: PimRequest): Promise<PimApproval>;
  decideRoleActivation(approver: GraphTokenSource, approvalId: string, decision: "Approve" | "Deny", justification: string): Promise<void>;
  decideGroupActivation(approver: GraphTokenSource, approvalId: string, decision: "Approve" | "Deny", justification: string): Promise<void>;
  getActivationOf(request: PimRequest): Promise<PimActivation | null>;
  listPendingActivations(): Promise<PendingPimApproval[]>;
  listSettledActivationRequests(since: Date): Promise<PimRequest[]>;
  listActivations(): Promise<PimActivation[]>;
}

/** Someone clicking in Teams, as Teams vouches for them. */
export interface PimActor {
  aadObjectId: string;
  name: string;
}

/** A request as its cards need it: Entra's state, its approval (as someone could read it) and approvers. */
export interface PimState {
  request: PimRequest;
  approval: PimApproval | null;
  /** Whose token read `approval` (its `assignedToMe` speaks for them only). */
  approvalReader: string | null;
  /** People asked to read the approval who could not, and why (e.g. `SignInRequired`, `Forbidden`). */
  unreadableBy: Map<string, string>;
  /** From the request's PIM setting: who may decide. */
  approverIds: string[];
  phase: PimPhase;
}

/** What the viewer did last, for their card. */
type ViewExtras = Pick<PimApprovalViewer, "error" | "notice" | "typedJustification">;

/**
 * PIM in Teams: approval cards for the approvers of pending role and group activations, the Approve
 * and Deny clicks on them (authorised by Entra, recorded with the approver's own delegated token, once
 * per request and approver, audited), notices for the requester, and the reconcile that keeps every
 * posted approval card in step with Entra, whoever decided and wherever.
 */
export class PimFlow {
  private readonly running = new Map<string, Promise<PimState | null>>();

  constructor(
    private readonly deps: GatepassDeps,
    private readonly pim: PimPort,
    private readonly people: PeopleDirectory = new PeopleDirectory(deps.directory),
  ) {}

  /** One approver's card for a request (given, or by id), read from Entra now. */
  async approvalCard(request: PimRequest | string, approverId: string, view: ViewExtras = {}): Promise<CardSpec> {
    const r = typeof request === "string" ? await this.pim.getRequest(request) : request;
    return this.render(await this.load(r, [approverId]), approverId, view);
  }

  /**
   * Posts the approver's card to their 1:1 chat and records it, so the reconcile keeps it current. Null
   * when the bot cannot reach them yet. Nudges claim their own key and pace themselves; this does neither.
   */
  async postApprovalCard(request: PimRequest | string, approverId: string): Promise<PostedMessage | null> {
    const r = typeof request === "string" ? await this.pim.getRequest(request) : request;
    const spec = await this.approvalCard(r, approverId);
    const message = await this.deps.notifier.postCard(approverId, spec);
    if (!message) {
      await this.auditBot("card.unreachable", r, "failed", `No way to reach ${approverId} in Teams yet.`, { recipient: approverId });
      return null;
    }
    await this.recordApprovalCard(r.id, approverId, message, spec);
    return message;
  }

  /** Records an approval card someone else posted (the nudge sender) as the one to keep current. */
  async recordApprovalCard(requestId: string, approverId: string, message: PostedMessage, spec: CardSpec): Promise<void> {
    const { cards, clock } = this.deps;
    await cards.upsert({ ...approvalCardKey(requestId, approverId), activityId: message.activityId, conversationId: message.conversationId, cardHash: fingerprintCard(spec) }, clock.now());
    await this.deps.audit.append({
      occurredAt: clock.now(),
      actorAadObjectId: null,
      action: "card.posted",
      subjectType: "pim",
      subjectId: requestId,
      outcome: "ok",
      details: { recipient: approverId, template: spec.template, role: "approver" },
      conversationId: message.conversationId,
      activityId: message.activityId,
    });
  }

  /** A button on a PIM approval card: `pim.decide` ({requestId, kind, decision} and the typed `justification`). */
  async onAction(person: PimActor, verb: string, data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    try {
      if ((verb as PimVerb) === "pim.decide") return await this.decide(person.aadObjectId, data, origin);
      return textReply("That button belongs to an older version of this card. Say \"help\" to start again.");
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "open this PIM request"));
      throw error;
    }
  }

  /**
   * The requester's notice of how their activation request ended (approved, denied, lapsed), or null
   * while it waits or when they canceled it themselves.
   */
  async noticeFor(request: PimRequest | string): Promise<CardSpec | null> {
    const r = typeof request === "string" ? await this.pim.getRequest(request) : request;
    const state = await this.load(r, [r.principalId]);
    const window = state.phase.phase === "approved" ? await this.grantedWindow(r) : null;
    const data = pimOutcomeNoticeView(r, state.phase, window, { now: this.deps.clock.now(), timeZone: await this.timeZoneOf(r.principalId) });
    return data ? { template: "pim-notice", summary: String(data.title), data } : null;
  }

  /** The holder's warning that an activation ends soon (the nudge loop sends it about 10 minutes before). */
  /** The "ends soon" warning for the activation a request granted; null when it is no longer active. */
  async endingSoonForRequest(requestId: string): Promise<CardSpec | null> {
    const request = await this.pim.getRequest(requestId);
    const activation = await this.pim.getActivationOf(request).catch(() => null);
    return activation ? this.endingSoonFor(activation) : null;
  }

  async endingSoonFor(activation: PimActivation): Promise<CardSpec> {
    const data = pimEndingSoonView(activation, { now: this.deps.clock.now(), timeZone: await this.timeZoneOf(activation.principalId) });
    return { template: "pim-notice", summary: String(data.title), data };
  }

  /**
   * One pass over every PIM request with approval cards that may still change: each card re-rendered
   * from Entra's state and updated where it changed, so a decision made in the PIM blade, by another
   * approver or by Entra's timeout reaches every approver's card. Settled requests drop out.
   */
  async reconcilePim(): Promise<{ reconciled: number; failed: number }> {
    let reconciled = 0;
    let failed = 0;
    for (const requestId of await this.deps.cards.listUnsettledSubjects("pim")) {
      try {
        await this.reconcileRequest(requestId);
        reconciled++;
      } catch (error) {
        failed++;
        this.deps.log.warn({ err: error, requestId }, "could not reconcile a PIM request's cards; the next pass tries again");
      }
    }
    return { reconciled, failed };
  }

  /**
   * Brings the posted approval cards of one request up to date (calls for one request run one after
   * another). `reader` is tried first for reading the approval. `answeredActivityId` is the clicked card,
   * which Teams replaces with the invoke's answer (the reader's fresh card): only its hash is recorded.
   */
  reconcileRequest(requestId: string, kind?: PimKind, reader?: string, answeredActivityId?: string): Promise<PimState | null> {
    const previous = this.running.get(requestId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.reconcileNow(requestId, kind, reader, answeredActivityId));
    this.running.set(requestId, next);
    void next.finally(() => {
      if (this.running.get(requestId) === next) this.running.delete(requestId);
    });
    return next;
  }

  /** What the nudge planner needs of pending approvals: one subject per request, with its approvers. */
  async approvalSubjects(): Promise<PimApprovalSubject[]> {
    return (await this.pim.listPendingActivations()).map(toApprovalSubject);
  }

  /**
   * Requests that needed approval and were granted or denied since `since`, as the nudge planner's
   * subjects, with the end of the activation a grant started (while it is in force).
   */
  async outcomeSubjects(since: Date): Promise<PimActivationSubject[]> {
    const now = this.deps.clock.now();
    const [settled, activations] = await Promise.all([this.pim.listSettledActivationRequests(since), this.pim.listActivations()]);
    const bySchedule = new Map(activations.map((a) => [a.scheduleId, a]));
    const subjects: PimActivationSubject[] = [];
    for (const request of settled) {
      const phase = describePimRequest(request, null, now);
      if (phase.phase !== "approved" && phase.phase !== "denied") continue;
      const at = request.completedAt ?? now;
      const activation = request.targetScheduleId ? bySchedule.get(request.targetScheduleId) : undefined;
      subjects.push({
        kind: "pimActivation",
        requestId: request.id,
        principalId: request.principalId,
        outcome: { status: phase.phase === "approved" ? "granted" : "denied", at },
        endsAt: phase.phase === "approved" ? (activation?.end ?? null) : null,
      });
    }
    return subjects;
  }

  private async decide(userId: string, data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    const requestId = typeof data.requestId === "string" ? data.requestId : "";
    const kind = data.kind === "role" || data.kind === "group" ? data.kind : undefined;
    const decision = data.decision === "Approve" || data.decision === "Deny" ? data.decision : null;
    const justification = typeof data.justification === "string" ? data.justification.trim() : "";
    if (!requestId || !decision) return textReply("That button is missing what it decides. Open the PIM request again from its latest card.");
    const { idempotency, clock } = this.deps;
    const request = await this.pim.getRequest(requestId, kind);
    const state = await this.load(request, [userId]);
    const typed = { typedJustification: justification };
    const audit = (outcome: "ok" | "failed" | "refused", action: `pim.${string}`, reason: string | null, details: object = {}) =>
      this.auditClick(userId, request, origin, outcome, action, reason, { decision, ...details });
    const refuse = async (sentence: string, why: string): Promise<Reply> => {
      await audit("refused", "pim.refused", why);
      return cardReply(await this.render(state, userId, { ...typed, error: sentence }));
    };

    if (userId === request.principalId) return refuse("You can't approve or deny your own request: one of its approvers decides it. Nothing was changed.", "self-approval");
    // Decided, canceled or lapsed: the card shows what happened instead of failing.
    if (state.phase.phase !== "waiting") return cardReply(await this.render(state, userId, {}));
    // Entra answers for the clicker only with their own token; without one, they sign in first.
    if (state.unreadableBy.get(userId) === "SignInRequired") {
      return textReply(describeGovernanceError(new GovernanceError("SignInRequired", "no delegated token"), "record your decision"));
    }
    const waitsOnMe = state.approvalReader === userId && (state.approval?.stages.some((s) => s.assignedToMe && s.status === "InProgress") ?? false);
    if (!waitsOnMe) return refuse("Entra doesn't list you as an approver of this request, so you can read it but not decide it. Nothing was changed.", "not an approver");
    if (!justification) {
      return refuse(`Give a reason before you ${decision === "Approve" ? "approve" : "deny"}: Entra requires one for every PIM approval.`, "missing justification");
    }

    // One decision per request and approver, however often Teams repeats the invoke or the person clicks.
    const key = `pim.decide:${request.id}:${userId}`;
    const claim = await idempotency.claim(key, DECIDE_LEASE_MS, clock.now());
    if (claim.status !== "claimed") {
      const fresh = (await this.reconcileRequest(request.id, request.kind, userId)) ?? state;
      return cardReply(await this.render(fresh, userId, claim.status === "busy" ? { notice: "Your decision is being recorded." } : {}));
    }
    try {
      const token = this.deps.userTokens(userId);
      if (request.kind === "role") await this.pim.decideRoleActivation(token, request.approvalId ?? "", decision, justification);
      else await this.pim.decideGroupActivation(token, request.approvalId ?? "", decision, justification);
    } catch (error) {
      await idempotency.release(key, claim.token);
      if (!(error instanceof GovernanceError)) throw error;
      await audit(error.code === "Forbidden" ? "refused" : "failed", "pim.failed", error.message, { code: error.code });
      if (error.code === "SignInRequired") return textReply(describeGovernanceError(error, "record your decision"));
      if (error.code === "Conflict") {
        // Someone else decided first, or Entra let it lapse: show the outcome.
        const fresh = (await this.reconcileRequest(request.id, request.kind, userId)) ?? state;
        return cardReply(await this.render(fresh, userId, {}));
      }
      const sentence =
        error.code === "BadRequest" && /justification/i.test(error.message)
          ? "Entra needs a reason for this decision: type one and try again."
          : error.code === "Forbidden"
            ? "Entra says you can't decide this request, so nothing was changed."
            : describeGovernanceError(error, "record your decision");
      return cardReply(await this.render(state, userId, { ...typed, error: sentence }));
    }
    await idempotency.complete(key, claim.token, { decision }, clock.now());
    await audit("ok", "pim.decided", justification, { approvalId: request.approvalId });

    // The one reconcile path updates every approver's card; Teams shows the answer in place of the clicked one.
    const fresh = await this.reconcileRequest(request.id, request.kind, userId, origin.cardActivityId ?? undefined);
    if (!fresh) return textReply("Your decision is recorded in Entra.");
    return cardReply(await this.render(fresh, userId, {}));
  }

  private async reconcileNow(requestId: string, kind: PimKind | undefined, reader: string | undefined, answeredActivityId: string | undefined): Promise<PimState | null> {
    const { cards, log } = this.deps;
    let request: PimRequest;
    try {
      request = await this.pim.getRequest(requestId, kind);
    } catch (error) {
      if (error instanceof GovernanceError && error.code === "NotFound") {
        log.warn({ requestId }, "PIM request no longer exists in Entra; its cards are left as they are");
        await cards.markSettled("pim", requestId);
        return null;
      }
      throw error;
    }
    const posted = (await cards.listBySubject("pim", requestId)).filter((c) => c.role === "approver");
    const state = await this.load(request, [...(reader ? [reader] : []), ...posted.map((c) => c.recipientAadObjectId)]);
    let allCurrent = true;
    for (const card of posted) {
      const spec = await this.render(state, card.recipientAadObjectId, {});
      const shown = card.activityId === answeredActivityId && card.recipientAadObjectId === reader;
      if (!(await this.update(card, spec, shown))) allCurrent = false;
    }
    if (isPimSettled(state.phase) && allCurrent) await cards.markSettled("pim", requestId);
    return state;
  }

  /** Puts a rendering on a posted card when it changed; false when Teams refused (the next pass retries). */
  private async update(card: PostedCard, spec: CardSpec, alreadyShown: boolean): Promise<boolean> {
    const { notifier, cards, clock, log } = this.deps;
    const hash = fingerprintCard(spec);
    if (hash === card.cardHash) return true;
    try {
      if (!alreadyShown) await notifier.updateCard(card.recipientAadObjectId, { conversationId: card.conversationId, activityId: card.activityId }, spec);
      await cards.updateHash(card, hash, clock.now());
      return true;
    } catch (error) {
      log.warn({ err: error, requestId: card.subjectId, recipient: card.recipientAadObjectId }, "could not update a PIM approval card");
      return false;
    }
  }

  /**
   * Reads what a request's cards need. The approval is readable only by its approvers (and requester),
   * so it is read as the first of `readers`, then of the approvers, who may; nobody able to leaves it
   * unread and the cards tell what the status alone says.
   */
  private async load(request: PimRequest, readers: readonly string[]): Promise<PimState> {
    const approverIds = await this.pim.approversOf(request);
    let approval: PimApproval | null = null;
    let approvalReader: string | null = null;
    const unreadableBy = new Map<string, string>();
    if (request.approvalId) {
      for (const id of new Set([...readers, ...approverIds, request.principalId])) {
        try {
          approval = await this.pim.getApproval(this.deps.userTokens(id), request);
          approvalReader = id;
          break;
        } catch (error) {
          if (!(error instanceof GovernanceError && ["Forbidden", "NotFound", "SignInRequired"].includes(error.code))) throw error;
          unreadableBy.set(id, error.code);
        }
      }
    }
    return { request, approval, approvalReader, unreadableBy, approverIds, phase: describePimRequest(request, approval, this.deps.clock.now()) };
  }

  private async render(state: PimState, viewerId: string, view: ViewExtras): Promise<CardSpec> {
    const [timeZone, names] = await Promise.all([this.timeZoneOf(viewerId), this.people.names(state.approverIds)]);
    const assigned = state.approvalReader === viewerId && (state.approval?.stages.some((s) => s.assignedToMe) ?? false);
    const viewer: PimApprovalViewer = {
      userId: viewerId,
      timeZone,
      isApprover: viewerId !== state.request.principalId && (assigned || state.approverIds.includes(viewerId)),
      ...view,
    };
    return {
      template: "pim-approval",
      summary: pimApprovalTitle(state.request),
      data: pimApprovalView(state.request, state.phase, viewer, { now: this.deps.clock.now(), approverNames: state.approverIds.map((id) => names.get(id) ?? "someone") }),
    };
  }

  /** The person's IANA time zone; UTC when they cannot be read (the card still works). */
  private async timeZoneOf(userId: string): Promise<string> {
    try {
      return (await this.people.get(userId)).timeZone;
    } catch {
      return "UTC";
    }
  }

  private async grantedWindow(request: PimRequest): Promise<PimGrantedWindow | null> {
    const activation = await this.pim.getActivationOf(request).catch(() => null);
    if (activation) return { start: activation.start, end: activation.end };
    // Not in force (ended, or not started yet): the window the request asked for, from when it was granted.
    const from = Math.max(request.start?.getTime() ?? 0, request.completedAt?.getTime() ?? 0);
    if (!from) return null;
    return { start: new Date(from), end: request.durationMs !== null ? new Date(from + request.durationMs) : request.end };
  }

  private async auditClick(userId: string, request: PimRequest, origin: ClickOrigin, outcome: "ok" | "failed" | "refused", action: `pim.${string}`, reason: string | null, details: object): Promise<void> {
    await this.deps.audit.append({
      occurredAt: this.deps.clock.now(),
      actorAadObjectId: userId,
      action,
      subjectType: "pim",
      subjectId: request.id,
      outcome,
      reason,
      details: { kind: request.kind, principalId: request.principalId, ...details },
      conversationId: origin.conversationId,
      activityId: origin.cardActivityId,
    });
  }

  private async auditBot(action: `${string}.${string}`, request: PimRequest, outcome: "ok" | "failed", reason: string | null, details: object): Promise<void> {
    await this.deps.audit.append({ occurredAt: this.deps.clock.now(), actorAadObjectId: null, action, subjectType: "pim", subjectId: request.id, outcome, reason, details: { kind: request.kind, ...details } });
  }
}

/** The stored-card key of one approver's card for a PIM request. */
export function approvalCardKey(requestId: string, approverId: string): PostedCardKey {
  return { subjectType: "pim", subjectId: requestId, stageId: null, recipientAadObjectId: approverId, role: "approver" };
}

/** A pending approval as the nudge planner's subject. */
export function toApprovalSubject(pending: PendingPimApproval): PimApprovalSubject {
  return { kind: "pimApproval", requestId: pending.request.id, createdAt: pending.request.createdAt, approverIds: [...pending.approverIds] };
}
