import { randomUUID } from "node:crypto";
import type { AccessPackageOffer } from "../domain/model/access-package-offer.js";
import type { AccessRequest } from "../domain/model/access-request.js";
import type { PolicyRequirements } from "../domain/model/policy-requirements.js";
import type { RequestedDuration } from "../domain/intent/access-intent.js";
import { validateRequestDraft } from "../domain/requests/validate-request-draft.js";
import type { DraftIssue } from "../domain/requests/request-draft.js";
import { formatDuration } from "../domain/time/format-duration.js";
import { questionInputId, requestFormView, type RequestFormPrefill } from "../domain/views/request-form-view.js";
import { chooseOfferView } from "../domain/views/offers-view.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import type { Statement } from "../store/write-together.js";
import { fingerprintCard, type CardSpec } from "./card-spec.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import type { OfferCatalog } from "./offer-catalog.js";
import type { PeopleDirectory } from "./person-context.js";
import type { RequestReconciler } from "./reconcile-request.js";
import { cardReply, textReply, type Reply } from "./reply.js";

const SUBMIT_LEASE_MS = 2 * 60_000;

/** What the request card sends back: its own inputs plus the ids it was built with. */
export interface RequestFormInput {
  packageId?: unknown;
  policyId?: unknown;
  draftId?: unknown;
  durationText?: unknown;
  justification?: unknown;
  [input: string]: unknown;
}

/** Where a click came from in Teams: the card's message, for the live status card to replace it. */
export interface ClickOrigin {
  conversationId: string;
  /** The message the clicked card is in (the invoke's `replyToId`). */
  cardActivityId: string | null;
}

/** From "I need ChatGPT for 2 hours" to a request in Entra, through the request card. */
export class RequestFlow {
  constructor(
    private readonly deps: GatepassDeps,
    private readonly offers: OfferCatalog,
    private readonly people: PeopleDirectory,
    private readonly reconciler: RequestReconciler,
  ) {}

  /** The request card for a package, filled in with what the person already said. */
  async openForm(userId: string, packageId: string, prefill: RequestFormPrefill, issues: readonly DraftIssue[] = [], policyId?: string): Promise<Reply> {
    const offer = await this.offers.find(userId, packageId);
    if (!offer) {
      return textReply("That package isn't one you can request any more (or it never was). Say \"what can I request?\" to see what is open to you.");
    }
    const policy = offer.policies.find((p) => p.policyId === policyId) ?? offer.policies[0];
    if (!policy) return textReply(`${offer.displayName} has no policy you can request it through right now.`);
    const person = await this.people.get(userId);
    return cardReply(this.formSpec(offer, policy, prefill, issues, person.timeZone));
  }

  private formSpec(offer: AccessPackageOffer, policy: PolicyRequirements, prefill: RequestFormPrefill, issues: readonly DraftIssue[], timeZone: string): CardSpec {
    return {
      template: "request-form",
      summary: `Request ${offer.displayName}`,
      data: requestFormView(offer, policy, prefill, issues, timeZone, randomUUID()),
    };
  }

  /** When a message named several packages: ask which one, keeping the duration and reason. */
  chooseOffer(query: string, matches: readonly AccessPackageOffer[], prefill: { durationText: string; justification: string }): Reply {
    return cardReply({ template: "choose-offer", summary: "Which one did you mean?", data: chooseOfferView(query, matches, prefill) });
  }

  /** Prefill text for a duration the message gave. */
  static durationText(duration: RequestedDuration | undefined, timeZone: string): string {
    if (!duration) return "";
    if (duration.kind === "for") return formatDuration(duration.ms);
    return `until ${duration.end.toLocaleString("en-GB", { timeZone, weekday: "long", hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" })}`;
  }

  /**
   * Submits the request card: checks it against the policy (pointing out problems on the card with
   * everything typed kept), files `userAdd` as the person, and turns the card into the live status card.
   * A double click or a repeated invoke files once: the card's draft id is claimed first.
   */
  async submit(userId: string, input: RequestFormInput, origin: ClickOrigin): Promise<Reply> {
    const packageId = typeof input.packageId === "string" ? input.packageId : "";
    const offer = packageId ? await this.offers.find(userId, packageId) : undefined;
    if (!offer) return textReply("That package isn't one you can request any more. Say \"what can I request?\" to see what is open to you.");
    const policy = offer.policies.find((p) => p.policyId === input.policyId) ?? offer.policies[0];
    if (!policy) return textReply(`${offer.displayName} has no policy you can request it through right now.`);
    const person = await this.people.get(userId);
    const prefill = readPrefill(input, policy);
    const checked = validateRequestDraft(
      {
        policyId: policy.policyId,
        duration: policy.allowCustomAssignmentSchedule ? prefill.durationText || undefined : undefined,
        justification: prefill.justification,
        answers: prefill.answers,
      },
      policy,
      { now: this.deps.clock.now(), timeZone: person.timeZone, locale: "en-US" },
    );
    if (!checked.ok) return cardReply(this.formSpec(offer, policy, prefill, checked.errors, person.timeZone));

    const { idempotency, entitlement, audit, together, clock, userTokens, log } = this.deps;
    const draftId = typeof input.draftId === "string" && input.draftId ? input.draftId : randomUUID();
    const key = `submit:${userId}:${draftId}`;
    const claim = await idempotency.claim(key, SUBMIT_LEASE_MS, clock.now());
    if (claim.status === "done") {
      const requestId = (claim.result as { requestId?: string } | null)?.requestId;
      if (requestId) return this.statusCard(requestId);
    }
    if (claim.status !== "claimed") return textReply("I'm already sending this request: give me a moment, then look at \"my access\".");

    let request: AccessRequest;
    try {
      const target = { packageId: offer.packageId, packageDisplayName: offer.displayName, requesterDisplayName: person.displayName };
      request = await entitlement.submitRequest(userTokens(userId), target, checked.draft);
    } catch (error) {
      await idempotency.release(key, claim.token);
      const governance = error instanceof GovernanceError ? error : null;
      await audit.append({
        occurredAt: clock.now(),
        actorAadObjectId: userId,
        action: "request.failed",
        subjectType: "accessPackage",
        subjectId: offer.packageId,
        outcome: governance?.code === "Forbidden" || governance?.code === "BadRequest" ? "refused" : "failed",
        reason: (error as Error).message,
        details: { code: governance?.code ?? "Unexpected", status: governance?.details.status ?? null },
        conversationId: origin.conversationId,
        activityId: origin.cardActivityId,
      });
      if (!governance) throw error;
      const sentence = describeGovernanceError(governance, `file your request for ${offer.displayName}`);
      return cardReply(this.formSpec(offer, policy, prefill, [{ field: "submit", message: `${sentence} Your answers are kept below.` }], person.timeZone));
    }

    // Filed in Entra: from here the person is told so, whatever the bookkeeping below does (a failed
    // write is logged; the claim's lease keeps a second click from filing again meanwhile).
    this.offers.forget(userId);
    // Answer the click with the requester's card, worked out from Entra's answer to the filing (a new
    // request waits on its first stage: no stage read, no approver's token); the approvers' cards go
    // out after the answer (Teams gives an invoke a few seconds), a few at a time, from a fresh reading
    // of the stages, and the reconcile loop retries them if this first attempt fails.
    const spec = await this.reconciler
      .snapshot(request.id, undefined, request, "first")
      .then((snap) => this.reconciler.requesterCard(snap))
      .catch((error: unknown) => {
        log.error({ err: error, requestId: request.id }, "after submit: could not render the status card");
        return null;
      });
    // What the filing leaves behind, written as one (built inside the promise, so a statement refusing
    // its arguments is logged like a failed write).
    await Promise.resolve()
      .then(() => together.run(this.filingRecords({ key, token: claim.token, userId, request, offer, policyId: policy.policyId, justification: checked.draft.justification ?? null, origin, spec })))
      .catch((error: unknown) => log.error({ err: error, requestId: request.id }, "after submit: could not record the filing (key, audit row, card)"));
    this.reconciler.reconcileLater(request.id);
    if (!spec) return textReply(`Your request for ${offer.displayName} is filed in Entra. I'll update you here as it moves.`);
    return cardReply(spec);
  }

  /**
   * The records of a filing: the submit's key done, its audit row, and the card the answer shows (with
   * its fingerprint, so reconciling does not send the same card again).
   */
  private filingRecords(filing: {
    key: string;
    token: string;
    userId: string;
    request: AccessRequest;
    offer: AccessPackageOffer;
    policyId: string;
    justification: string | null;
    origin: ClickOrigin;
    spec: CardSpec | null;
  }): Statement[] {
    const { idempotency, audit, cards, clock } = this.deps;
    const { key, token, userId, request, offer, origin, spec } = filing;
    const now = clock.now();
    return [
      idempotency.completeStatement(key, token, { requestId: request.id }, now),
      audit.appendStatement({
        occurredAt: now,
        actorAadObjectId: userId,
        action: "request.submitted",
        subjectType: "request",
        subjectId: request.id,
        outcome: "ok",
        reason: filing.justification,
        details: { packageId: offer.packageId, policyId: filing.policyId, state: request.state },
        conversationId: origin.conversationId,
        activityId: origin.cardActivityId,
      }),
      ...(origin.cardActivityId
        ? [
            cards.upsertStatement(
              { subjectType: "request", subjectId: request.id, stageId: null, recipientAadObjectId: userId, role: "requester", activityId: origin.cardActivityId, conversationId: origin.conversationId, cardHash: spec ? fingerprintCard(spec) : "unrendered" },
              now,
            ),
          ]
        : []),
    ];
  }

  /** The requester's status card for a request, freshly read. */
  async statusCard(requestId: string): Promise<Reply> {
    const snap = await this.reconciler.reconcile(requestId);
    if (!snap) return textReply("That request no longer exists in Entra.");
    return cardReply(await this.reconciler.requesterCard(snap));
  }
}

/** What the person typed on the card, kept as typed so a failed submit loses nothing. */
function readPrefill(input: RequestFormInput, policy: PolicyRequirements): RequestFormPrefill & { answers: Record<string, string> } {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const answers: Record<string, string> = {};
  for (const q of policy.questions) {
    const value = text(input[questionInputId(q.id)]);
    if (value !== "") answers[q.id] = value;
  }
  return { durationText: text(input.durationText), justification: text(input.justification), answers };
}
