import type { Logger } from "pino";
import { resolveStageApprovers } from "../domain/approvals/resolve-stage-approvers.js";
import type { AccessAssignment } from "../domain/model/access-assignment.js";
import type { ReviewInstance } from "../domain/model/access-review.js";
import { groupIntoDigests, type NudgeDigest } from "../domain/nudges/group-into-digests.js";
import { mapInTurns } from "../domain/async/map-in-turns.js";
import { nudgeRecipientOf } from "../domain/nudges/nudge-recipient.js";
import type { ApprovalStageSubject, AssignmentExpirySubject, NudgeSubject } from "../domain/nudges/nudge-subject.js";
import { planNudges } from "../domain/nudges/plan-nudges.js";
import type { PlannedNudge } from "../domain/nudges/planned-nudge.js";
import type { NudgeRecipient } from "../domain/nudges/nudge-recipient.js";
import { formatInstant } from "../domain/time/format-instant.js";
import { formatTimeLeft } from "../domain/time/format-time-left.js";
import { remindersView, type ReminderItem } from "../domain/views/reminders-view.js";
import type { NudgeLedger } from "../store/nudge-ledger.js";
import type { PostedCard } from "../store/posted-cards.js";
import type { Preferences } from "../store/preferences.js";
import type { CardSpec } from "./card-spec.js";
import type { Gatepass } from "./gatepass.js";
import { emptyOwnerDigestFacts, ownerDigestMessage, type OwnerDigestPlan, type OwnerDigests } from "./owner-digests.js";
import type { NudgeDelivery, NudgeSender, NudgeSendReport } from "./nudges/nudge-sender.js";
import type { PostedMessage } from "./notifier.js";

/** The audit trail's subject type of a single nudge, by kind. */
const SUBJECT_TYPES: Record<NudgeSubject["kind"], string> = {
  approvalStage: "request",
  assignmentExpiry: "assignment",
  reviewInstance: "review",
  pimApproval: "pim",
  pimActivation: "pim",
  ownerDigest: "ownerDigest",
};

/** Something the pass can say about one planned nudge: its card, and what to record once it is sent. */
interface Rendered {
  card: CardSpec;
  item: ReminderItem;
  afterSent?: (message: PostedMessage) => Promise<void>;
}

export interface NudgePassReport extends NudgeSendReport {
  subjects: number;
  planned: number;
}

/**
 * One pass of the nudge loop (design.md: planned, then claimed, then sent): read what is pending from
 * Entra, plan who is due a nudge now in their own time and preferences (pure), leave out what the
 * ledger says is done, and hand one message per person (a decision card, or a digest of several) to the
 * sender, which claims, renders, paces and sends each exactly once.
 */
export class NudgePass {
  constructor(
    private readonly gatepass: Gatepass,
    private readonly sender: NudgeSender,
    private readonly ledger: NudgeLedger,
    private readonly preferences: Preferences,
    private readonly log: Logger,
    /** Owners' periodic progress digests; null when OWNER_DIGEST_PERIOD is `off`. */
    private readonly ownerDigests: OwnerDigests | null = null,
  ) {}

  async run(): Promise<NudgePassReport> {
    const { clock } = this.gatepass.deps;
    const now = clock.now();
    const subjects = await this.subjects(now);
    const recipients = await this.recipients(subjects);
    const planned = planNudges(subjects, recipients, { has: () => false }, now);
    const done = await this.ledger.doneOrBusyKeys(planned.map((p) => p.key), now);
    const due = await this.withoutCardsAlreadyPosted(
      planned.filter((p) => !done.has(p.key) && (p.sendBefore === null || p.sendBefore.getTime() > now.getTime())),
      now,
    );
    const after = new Map<string, (message: PostedMessage) => Promise<void>>();
    // An owner's digest is a card of its own, never an item of the reminders batch.
    const digests = [...groupIntoDigests(due.filter((p) => p.kind !== "ownerDigest")), ...due.filter((p) => p.kind === "ownerDigest").map(ownerDigestMessage)];
    // Each message is rendered by the sender once its key is claimed, not all before the first send:
    // rendering reads Entra (a review digest is a delegated read with the reviewer's own token), so
    // rendering 10,000 digests up front held every send back by minutes and every card in memory. Now
    // rendering overlaps the pacing, and a message that is already sent elsewhere is never rendered.
    const deliveries = digests.map((digest) => this.lazyDelivery(digest, after));
    const report = await this.sender.send(deliveries, {
      onSent: async (delivery, message) => {
        await after.get(delivery.key)?.(message);
      },
    });
    return { ...report, subjects: subjects.length, planned: due.length };
  }

  /**
   * An approver whose approval card the reconciler posted when the stage began has had the stage's
   * first nudge: that card is it. Such "posted" nudges are recorded as sent with that card (so no pass
   * plans them again) and left out, instead of the same card arriving twice within a minute.
   */
  private async withoutCardsAlreadyPosted(due: PlannedNudge[], now: Date): Promise<PlannedNudge[]> {
    const out: PlannedNudge[] = [];
    const cardsOf = new Map<string, Promise<PostedCard[]>>();
    for (const nudge of due) {
      const subject = nudge.subject;
      if (subject.kind !== "approvalStage" || nudge.window !== "posted") {
        out.push(nudge);
        continue;
      }
      try {
        let cards = cardsOf.get(subject.requestId);
        if (!cards) cardsOf.set(subject.requestId, (cards = this.gatepass.deps.cards.listBySubject("request", subject.requestId)));
        const posted = (await cards).find(
          (c) => c.role === "approver" && c.recipientAadObjectId === nudge.recipientId && c.createdAt.getTime() >= subject.startedAt.getTime(),
        );
        if (!posted) {
          out.push(nudge);
          continue;
        }
        const claim = await this.ledger.claim(
          { key: nudge.key, recipientAadObjectId: nudge.recipientId, kind: nudge.kind, subjectId: nudge.subjectId, window: nudge.window },
          { leaseMs: 60_000, now },
        );
        if (claim.status === "claimed") await this.ledger.markSent(nudge.key, claim.token, posted, now);
      } catch (error) {
        // One request's store read must not cost the whole pass; this nudge waits for the next one.
        this.log.warn({ err: error, key: nudge.key }, "could not check whether the approval card was posted; the next pass will");
      }
    }
    return out;
  }

  /** What may deserve a nudge now: pending stages, assignments that end, PIM approvals and outcomes. */
  private async subjects(now: Date): Promise<NudgeSubject[]> {
    const { entitlement, log } = this.gatepass.deps;
    const out: NudgeSubject[] = [];
    const ownerFacts = emptyOwnerDigestFacts();
    // This pass's facts only: kept across passes they would hold everything ever seen.
    this.assignments.clear();
    this.instances.clear();
    for (const request of await entitlement.listOpenRequests()) {
      try {
        const snap = await this.gatepass.reconciler.snapshot(request.id);
        if (snap.progress.phase !== "waiting") continue;
        const index = snap.progress.stageIndex;
        const stagePolicy = snap.policy.stages[index];
        const approvers = snap.approvers.get(index) ?? [];
        const facts = stagePolicy ? await this.gatepass.deps.directory.getApproverFacts(request.targetUserId, stagePolicy) : null;
        const everyone = stagePolicy && facts ? resolveStageApprovers(stagePolicy, facts, true) : [];
        const subject: ApprovalStageSubject = {
          kind: "approvalStage",
          requestId: request.id,
          stageIndex: index,
          startedAt: snap.progress.stageStartedAt,
          autoDenyAt: snap.progress.autoDenyAt,
          escalationAt: snap.progress.escalationAt,
          escalated: snap.progress.escalated,
          approvers,
          fallbackApproverIds: everyone.filter((a) => !approvers.some((b) => b.userId === a.userId)).map((a) => a.userId),
        };
        out.push(subject);
        ownerFacts.waiting.push({ request: snap.request, stageIndex: index, stageCount: snap.policy.stages.length, approverIds: approvers.map((a) => a.userId) });
      } catch (error) {
        log.warn({ err: error, requestId: request.id }, "skipped a request while planning nudges");
      }
    }
    for (const assignment of await entitlement.listDeliveredAssignments()) {
      if (!assignment.end || !assignment.start || assignment.end.getTime() <= now.getTime()) continue;
      const subject: AssignmentExpirySubject = {
        kind: "assignmentExpiry",
        assignmentId: assignment.id,
        requesterId: assignment.targetUserId,
        start: assignment.start,
        end: assignment.end,
        canExtend: true,
      };
      out.push(subject);
      this.assignments.set(assignment.id, assignment);
      ownerFacts.assignments.push(assignment);
    }
    const reviews = this.gatepass.deps.reviews;
    if (reviews && this.gatepass.reviews) {
      for (const instance of await reviews.listInstancesInProgress()) {
        try {
          const pending = await reviews.listPendingByReviewer(instance.definitionId, instance.id);
          this.instances.set(instance.id, instance);
          ownerFacts.reviews.push(pending);
          out.push({
            kind: "reviewInstance",
            instanceId: instance.id,
            definitionName: instance.displayName,
            startAt: instance.startAt,
            endAt: instance.endAt,
            reviewers: [...pending.byReviewer.entries()].map(([reviewerId, items]) => ({ reviewerId, pendingCount: items.length })),
            ownerIds: [...pending.ownerIds],
            fallbackReviewerIds: [...pending.fallbackReviewerIds],
          });
        } catch (error) {
          log.warn({ err: error, instanceId: instance.id }, "skipped an access review while planning nudges");
        }
      }
    }
    const pim = this.gatepass.pim;
    if (pim) {
      out.push(...(await pim.approvalSubjects()));
      out.push(...(await pim.outcomeSubjects(new Date(now.getTime() - 24 * 3600_000))));
    }
    if (this.ownerDigests) {
      // Owners are told about what this pass just read: their digests reuse it.
      this.ownerPlan = await this.ownerDigests.plan(ownerFacts);
      out.push(...this.ownerPlan.subjects);
    }
    return out;
  }

  /** What each owner owns that is in progress, as of this pass (null before the first). */
  private ownerPlan: OwnerDigestPlan | null = null;
  private readonly assignments = new Map<string, AccessAssignment>();
  /** Each review instance seen this pass, so digests are rendered without reading it again per reviewer. */
  private readonly instances = new Map<string, ReviewInstance>();

  private async recipients(subjects: readonly NudgeSubject[]): Promise<Map<string, NudgeRecipient>> {
    const ids = new Set<string>();
    for (const s of subjects) {
      if (s.kind === "approvalStage") {
        s.approvers.forEach((a) => ids.add(a.userId));
        s.fallbackApproverIds.forEach((id) => ids.add(id));
      } else if (s.kind === "assignmentExpiry") ids.add(s.requesterId);
      else if (s.kind === "pimApproval") s.approverIds.forEach((id) => ids.add(id));
      else if (s.kind === "reviewInstance") {
        s.reviewers.forEach((r) => ids.add(r.reviewerId));
        s.fallbackReviewerIds.forEach((id) => ids.add(id));
        s.ownerIds.forEach((id) => ids.add(id));
      }
      else if (s.kind === "pimActivation") ids.add(s.principalId);
      else if (s.kind === "ownerDigest") ids.add(s.ownerId);
    }
    const out = new Map<string, NudgeRecipient>();
    // Everyone's time zone and automatic replies, ten people to a $batch, before the lookups below.
    await this.gatepass.deps.directory.preloadPeople?.([...ids]);
    // Everyone's preferences in one query, not a query per person.
    const preferences = await this.preferences.getMany([...ids]).catch((error: unknown) => {
      this.log.warn({ err: error }, "could not read nudge preferences; defaults apply this pass");
      return new Map<string, { preferences: unknown }>();
    });
    let unread = 0;
    // Sixteen at a time: the preload above has read nearly everyone, but after it failed (Graph
    // throttling) ten thousand single reads at once would only make it worse.
    await mapInTurns(
      [...ids],
      16,
      async (id) => {
        // Someone the directory could not read now keeps their own settings (quiet hours, snoozes) in UTC:
        // left out, the planner would give them the defaults, and a person who turned quiet hours off
        // could wait a whole night for a read that failed once.
        const person = await this.gatepass.people.get(id).catch(() => {
          unread++;
          return { id, timeZone: "UTC", isOutOfOffice: false };
        });
        out.set(id, nudgeRecipientOf(person, preferences.get(id)?.preferences ?? null));
      },
    );
    if (unread > 0) this.log.warn({ unread }, "could not read some people's time zone and automatic replies; planned them in UTC");
    return out;
  }

  /**
   * The delivery of one message, its card rendered when the sender has claimed it. Its key and kind
   * follow the plan (one nudge: its own key; several: the digest's), so they are known before rendering.
   */
  private lazyDelivery(digest: NudgeDigest, after: Map<string, (message: PostedMessage) => Promise<void>>): NudgeDelivery {
    const single = digest.items.length === 1 ? digest.items[0]! : null;
    const key = single ? single.key : digest.key;
    return {
      key,
      recipientId: digest.recipientId,
      kind: single ? `${single.kind}.${single.window}` : "digest",
      subjectId: single ? single.subjectId : digest.key,
      subjectType: single ? SUBJECT_TYPES[single.kind] : "nudge",
      window: single ? single.window : "digest",
      card: async () => {
        const rendered = await this.render(digest);
        if (!rendered) return null;
        after.set(key, rendered.afterSent);
        return rendered.card;
      },
    };
  }

  private async render(digest: NudgeDigest): Promise<{ card: CardSpec; afterSent: (m: PostedMessage) => Promise<void> } | null> {
    const rendered: { nudge: PlannedNudge; r: Rendered }[] = [];
    for (const nudge of digest.items) {
      const r = await this.renderOne(nudge);
      if (r) rendered.push({ nudge, r });
    }
    if (rendered.length === 0) return null;
    // What is left to say about a digest may be one item (the others were settled meanwhile): its own card then.
    const only = rendered.length === 1 ? rendered[0]! : null;
    const card: CardSpec = only
      ? only.r.card
      : { template: "reminders", summary: `${rendered.length} things are waiting for you`, data: remindersView(rendered.map((x) => x.r.item), digest.urgency) };
    const afterSent = async (message: PostedMessage) => {
      // Every item of a digest is done once the digest is sent: record each key, so the next pass
      // does not plan them again under another digest.
      if (digest.items.length > 1) {
        for (const { nudge } of rendered) {
          const claim = await this.ledger.claim(
            { key: nudge.key, recipientAadObjectId: nudge.recipientId, kind: nudge.kind, subjectId: nudge.subjectId, window: nudge.window },
            { leaseMs: 60_000, now: this.gatepass.deps.clock.now() },
          );
          if (claim.status === "claimed") await this.ledger.markSent(nudge.key, claim.token, message, this.gatepass.deps.clock.now());
        }
      }
      if (only) await only.r.afterSent?.(message);
    };
    return { card, afterSent };
  }

  private async renderOne(nudge: PlannedNudge): Promise<Rendered | null> {
    const subject = nudge.subject;
    const userId = nudge.recipientId;
    // Someone the directory cannot read now is planned in UTC (see recipients); the card says times in UTC too.
    const person = await this.gatepass.people.get(userId).catch(() => ({ timeZone: "UTC" }));
    const at = (d: Date) => formatInstant(d, person.timeZone);
    const left = (d: Date) => formatTimeLeft(d.getTime() - this.gatepass.deps.clock.now().getTime());
    switch (subject.kind) {
      case "approvalStage": {
        const snap = await this.gatepass.reconciler.snapshot(subject.requestId);
        if (snap.progress.phase !== "waiting") return null;
        const source = subject.approvers.find((a) => a.userId === userId)?.source ?? (nudge.reroutedFrom ? "fallbackPrimary" : "primary");
        const card = await this.gatepass.reconciler.approverCard(snap, subject.stageIndex, userId, source);
        const stageKey = snap.stages[subject.stageIndex]?.id ?? `stage-${subject.stageIndex}`;
        let why = "";
        if (nudge.reroutedFrom?.length) {
          const away = await this.gatepass.people.names(nudge.reroutedFrom.map((r) => r.userId));
          why = `${[...away.values()].join(", ")} ${nudge.reroutedFrom.length > 1 ? "are" : "is"} out of office, so you're asked instead.`;
          (card.data.notes as string[]).unshift(why);
        }
        return {
          card,
          item: {
            heading: `${snap.request.targetDisplayName} asks for ${snap.request.packageDisplayName}`,
            detail: `Decide by ${at(snap.progress.autoDenyAt)} (${left(snap.progress.autoDenyAt)} left)${why ? `. ${why}` : ""}`,
            action: "Open",
            verb: "nudge.open",
            data: { kind: "approvalStage", requestId: subject.requestId, stageIndex: subject.stageIndex },
          },
          afterSent: async (message) => {
            // The newest reminder is the card that reconcile keeps current.
            await this.gatepass.deps.cards.upsert(
              { subjectType: "request", subjectId: subject.requestId, stageId: stageKey, recipientAadObjectId: userId, role: "approver", activityId: message.activityId, conversationId: message.conversationId, cardHash: "unrendered" },
              this.gatepass.deps.clock.now(),
            );
          },
        };
      }
      case "assignmentExpiry": {
        const assignment = this.assignments.get(subject.assignmentId);
        if (!assignment) return null;
        const card = await this.gatepass.expiry.warningCard(assignment);
        return {
          card,
          item: {
            heading: `Your ${assignment.packageDisplayName} access ends soon`,
            detail: `Ends ${at(subject.end)} (${left(subject.end)} left)`,
            action: "Extend or let it end",
            verb: "nudge.open",
            data: { kind: "assignmentExpiry", assignmentId: subject.assignmentId },
          },
        };
      }
      case "reviewInstance": {
        const flow = this.gatepass.reviews;
        const instance = this.instances.get(subject.instanceId);
        if (!flow || !instance) return null;
        const definitionId = instance.definitionId;
        // The instance from this pass and the zone already read for planning: one delegated read each.
        const card = await flow.digests.digestOfKnown(userId, instance, person.timeZone);
        return {
          card,
          item: { heading: `Review: ${subject.definitionName}`, detail: `Due ${at(subject.endAt)} (${left(subject.endAt)} left)`, action: "Open", verb: "review.refresh", data: { definitionId, instanceId: subject.instanceId } },
          afterSent: (message) => flow.digests.recordPosted(userId, subject.instanceId, message, card),
        };
      }
      case "pimApproval": {
        const pim = this.gatepass.pim;
        if (!pim) return null;
        const card = await pim.approvalCard(subject.requestId, userId);
        return {
          card,
          item: { heading: card.summary, detail: `Entra times it out ${at(new Date(subject.createdAt.getTime() + 24 * 3600_000))}`, action: "Open", verb: "nudge.open", data: { kind: "pimApproval", requestId: subject.requestId } },
          afterSent: (message) => pim.recordApprovalCard(subject.requestId, userId, message, card),
        };
      }
      case "ownerDigest": {
        if (!this.ownerDigests || !this.ownerPlan) return null;
        const card = await this.ownerDigests.card(this.ownerPlan, subject.ownerId, person.timeZone);
        if (!card) return null;
        // Never batched (see run), so the item is only for completeness.
        return { card, item: { heading: card.summary, detail: "", action: "Open", verb: "nudge.open", data: { kind: "ownerDigest" } } };
      }
      case "pimActivation": {
        const pim = this.gatepass.pim;
        if (!pim) return null;
        // The same subject speaks twice: when the request is settled, and shortly before the activation ends.
        const card = nudge.window === "endingSoon" ? await pim.endingSoonForRequest(subject.requestId) : await pim.noticeFor(subject.requestId);
        if (!card) return null;
        return { card, item: { heading: card.summary, detail: "", action: "Open", verb: "nudge.open", data: { kind: "pimActivation", requestId: subject.requestId } } };
      }
      default:
        return null;
    }
  }
}
