import { commandOf, parseAccessIntent } from "../domain/intent/parse-access-intent.js";
import { offersView } from "../domain/views/offers-view.js";
import { welcomeView } from "../domain/views/welcome-view.js";
import { describeGovernanceError, GovernanceError } from "../governance/governance-error.js";
import { AccessOverview } from "./access-overview.js";
import { ApprovalFlow } from "./approval-flow.js";
import { ExpiryFlow } from "./expiry-flow.js";
import { MyDecisions } from "./my-decisions.js";
import { NUDGE_SETTINGS_VERBS, NudgeSettings, type NudgeSettingsVerb } from "./nudge-settings.js";
import { PIM_VERBS, PimFlow } from "./pim-flow.js";
import { REVIEW_VERBS, ReviewFlow } from "./review-flow.js";
import type { GatepassDeps } from "./gatepass-deps.js";
import { OfferCatalog } from "./offer-catalog.js";
import { PeopleDirectory } from "./person-context.js";
import { RecentConversations } from "./recent-conversations.js";
import { RequestReconciler } from "./reconcile-request.js";
import { cardReply, textReply, type Reply } from "./reply.js";
import { RequestFlow, type ClickOrigin } from "./request-flow.js";

/** The card buttons the bot answers (Action.Execute verbs). */
export const VERBS = [
  "offers.list",
  "access.mine",
  "access.extend",
  "access.letExpire",
  "request.open",
  "request.submit",
  "request.cancel",
  "request.refresh",
  "approval.decide",
  ...PIM_VERBS,
  ...REVIEW_VERBS,
  "nudge.open",
  ...NUDGE_SETTINGS_VERBS,
] as const;
export type Verb = (typeof VERBS)[number];

/** A person in a turn, as Teams vouches for them. */
export interface Person {
  aadObjectId: string;
  name: string;
}

/**
 * The bot's use cases behind one facade the Teams handlers call: each handler parses the activity,
 * calls one method, and renders the reply.
 */
export class Gatepass {
  readonly offers: OfferCatalog;
  readonly people: PeopleDirectory;
  readonly reconciler: RequestReconciler;
  readonly requests: RequestFlow;
  readonly approvals: ApprovalFlow;
  readonly access: AccessOverview;
  readonly expiry: ExpiryFlow;
  readonly pim: PimFlow | null;
  readonly reviews: ReviewFlow | null;
  readonly nudgeSettings: NudgeSettings;
  /** The "approvals" and "reviews" commands. */
  readonly myDecisions: MyDecisions;
  private readonly recentConversations = new RecentConversations();

  constructor(readonly deps: GatepassDeps) {
    this.offers = new OfferCatalog(deps.entitlement, deps.userTokens, deps.clock);
    this.people = new PeopleDirectory(deps.directory);
    this.reconciler = new RequestReconciler(deps, this.people);
    this.requests = new RequestFlow(deps, this.offers, this.people, this.reconciler);
    this.approvals = new ApprovalFlow(deps, this.reconciler);
    this.access = new AccessOverview(deps, this.people, this.reconciler, this.offers);
    this.expiry = new ExpiryFlow(deps, this.people, this.offers, this.reconciler);
    this.pim = deps.pim ? new PimFlow(deps, deps.pim, this.people) : null;
    this.reviews = deps.reviews ? new ReviewFlow(deps, deps.reviews) : null;
    this.nudgeSettings = new NudgeSettings(deps, this.people);
    this.myDecisions = new MyDecisions(deps, this.people, this.reconciler, this.pim, this.reviews);
  }

  /** Saves how to reach the person later (on install); true when the bot had never talked with them. */
  async rememberConversation(person: Person, conversationId: string, reference: object): Promise<boolean> {
    const { conversations, tenantId, clock } = this.deps;
    // Someone who writes to the bot has unblocked it: nudges may reach them again (cleared in the same statement).
    const isNew = await conversations.remember({ tenantId, aadObjectId: person.aadObjectId, conversationId, reference }, clock.now());
    this.recentConversations.noteWritten(person.aadObjectId, referenceFingerprint(reference));
    return isNew;
  }

  /** A message came through this conversation: remembered as on install, unless this process just did (see RecentConversations). */
  async noteMessage(person: Person, conversationId: string, reference: object): Promise<void> {
    if (await this.recentConversations.isFresh(person.aadObjectId, referenceFingerprint(reference))) return;
    await this.rememberConversation(person, conversationId, reference);
  }

  /** The person blocked the bot or could not be reached: their next message writes their reference again. */
  reachabilityChanged(aadObjectId: string): void {
    this.recentConversations.forget(aadObjectId);
  }

  async forgetConversation(person: Person): Promise<void> {
    this.recentConversations.forget(person.aadObjectId);
    await this.deps.conversations.delete(this.deps.tenantId, person.aadObjectId);
  }

  welcome(person: Person): Reply {
    return cardReply({ template: "welcome", summary: "Welcome to Gatepass", data: welcomeView(person.name) });
  }

  /** A chat message: a command, or a request in plain words. */
  async onMessage(person: Person, text: string): Promise<Reply> {
    const trimmed = text.trim();
    if (!trimmed) return this.welcome(person);
    try {
      // Reminder commands ("snooze for a day", "quiet hours 21:00-07:00") first: they name no tool.
      const aboutReminders = await this.nudgeSettings.fromMessage(person.aadObjectId, trimmed);
      if (aboutReminders) return aboutReminders;
      // Commands that name no tool need neither the person's offers nor their zone: reading the offers
      // (two Graph calls when not cached) for "my access" doubled what that turn cost.
      switch (commandOf(trimmed)) {
        case "help":
          return this.welcome(person);
        case "myAccess":
          return this.access.show(person.aadObjectId);
        case "approvals":
          return this.myDecisions.approvals(person.aadObjectId);
        case "reviews":
          return this.myDecisions.reviewsOf(person.aadObjectId);
        default:
          break;
      }
      const [offers, me] = await Promise.all([this.offers.offersFor(person.aadObjectId), this.people.get(person.aadObjectId)]);
      const intent = parseAccessIntent(trimmed, offers, { now: this.deps.clock.now(), timeZone: me.timeZone });
      // help, my access, approvals and reviews were answered above.
      switch (intent.kind) {
        case "list":
          return cardReply({ template: "offers", summary: "What you can request", data: offersView(offers, me.timeZone) });
        case "cancel":
          return this.access.show(person.aadObjectId);
        case "request": {
          const prefill = {
            durationText: intent.duration ? RequestFlow.durationText(intent.duration, me.timeZone) : (intent.unparsedDuration ?? ""),
            justification: intent.reason ?? "",
          };
          if (intent.matches.length === 0) {
            return cardReply({ template: "offers", summary: "What you can request", data: offersView(offers, me.timeZone) });
          }
          if (intent.matches.length > 1) {
            return this.requests.chooseOffer(trimmed, intent.matches.map((m) => m.offer), prefill);
          }
          return this.requests.openForm(person.aadObjectId, intent.matches[0]!.offer.packageId, prefill);
        }
        default:
          return textReply(
            "I didn't catch that. Ask for a tool in your own words, like \"I need ChatGPT for 2 hours to summarise feedback\", or say \"what can I request?\", \"my access\", \"approvals\", \"reviews\" or \"help\". For reminders: \"snooze for a day\" or \"reminder settings\".",
          );
      }
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "look that up"));
      throw error;
    }
  }

  /** A card button (Action.Execute). `data` is the card's data merged with its inputs: never trusted for identity. */
  async onAction(person: Person, verb: string, data: Record<string, unknown>, origin: ClickOrigin): Promise<Reply> {
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    try {
      switch (verb as Verb) {
        case "offers.list":
          return this.onMessage(person, "what can I request");
        case "access.mine":
          return this.access.show(person.aadObjectId);
        case "access.extend":
        case "access.letExpire":
          return this.expiry.onAction(person.aadObjectId, verb as "access.extend" | "access.letExpire", data, origin);
        case "request.open":
          return this.requests.openForm(person.aadObjectId, text(data.packageId), { durationText: text(data.durationText), justification: text(data.justification) });
        case "request.submit":
          return this.requests.submit(person.aadObjectId, data, origin);
        case "request.cancel":
          return this.access.cancel(person.aadObjectId, text(data.requestId), origin);
        case "request.refresh":
          return this.requests.statusCard(text(data.requestId));
        case "approval.decide":
          return this.approvals.decide(person.aadObjectId, data, origin);
        case "review.decide":
        case "review.acceptAll":
        case "review.refresh":
          return this.reviews ? this.reviews.onAction(person, verb, data, origin) : textReply("Access reviews are not handled by this bot.");
        case "nudge.open":
          return this.openFromDigest(person, data);
        case "prefs.open":
        case "prefs.save":
        case "prefs.snooze":
        case "prefs.resume":
        case "nudge.snoozeSubject":
          return this.nudgeSettings.onAction(person.aadObjectId, verb as NudgeSettingsVerb, data, origin);
        case "pim.decide":
          return this.pim ? this.pim.onAction(person, "pim.decide", data, origin) : textReply("PIM approvals are not handled by this bot.");
        default:
          return textReply("That button belongs to an older version of this card. Say \"help\" to start again.");
      }
    } catch (error) {
      if (error instanceof GovernanceError) return textReply(describeGovernanceError(error, "do that"));
      throw error;
    }
  }

  /** "Open" on a reminders digest: the card where that item is decided, for the person who clicked. */
  private async openFromDigest(person: Person, data: Record<string, unknown>): Promise<Reply> {
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    switch (data.kind) {
      case "approvalStage": {
        const snap = await this.reconciler.snapshot(text(data.requestId), person.aadObjectId);
        const index = typeof data.stageIndex === "number" ? data.stageIndex : 0;
        return cardReply(await this.reconciler.approverCard(snap, index, person.aadObjectId, "primary"));
      }
      case "assignmentExpiry": {
        const mine = await this.deps.entitlement.listAssignmentsOf(this.deps.userTokens(person.aadObjectId));
        const assignment = mine.find((a) => a.id === text(data.assignmentId));
        return assignment ? cardReply(await this.expiry.warningCard(assignment)) : textReply("That access has already ended.");
      }
      case "pimApproval":
        return this.pim ? cardReply(await this.pim.approvalCard(text(data.requestId), person.aadObjectId)) : textReply("PIM is not handled by this bot.");
      case "pimActivation": {
        const notice = this.pim ? await this.pim.noticeFor(text(data.requestId)) : null;
        return notice ? cardReply(notice) : textReply("There is nothing new about that activation.");
      }
      default:
        return textReply("That reminder is out of date. Say \"my access\" or wait for the next one.");
    }
  }

  /**
   * One pass of the reconcile loop: every open request in Entra (so requests made in My Access get
   * their approver cards) and every request whose cards may still change (so decisions made
   * elsewhere, automatic denials, delivery and expiry reach the cards).
   */
  async reconcileAll(): Promise<{ reconciled: number; failed: number }> {
    const open = await this.deps.entitlement.listOpenRequests();
    const watched = await this.deps.cards.listUnsettledSubjects("request");
    const ids = [...new Set([...open.map((r) => r.id), ...watched])];
    let failed = 0;
    if (this.pim) {
      await this.pim.reconcilePim().catch((error: unknown) => {
        failed++;
        this.deps.log.warn({ err: error }, "PIM reconcile failed; will retry on the next pass");
      });
    }
    for (const id of ids) {
      try {
        await this.reconciler.reconcile(id);
      } catch (error) {
        failed++;
        this.deps.log.warn({ err: error, requestId: id }, "reconcile failed; will retry on the next pass");
      }
    }
    return { reconciled: ids.length - failed, failed };
  }
}

/** A conversation reference without the id of the activity it was taken from, which changes with every message. */
function referenceFingerprint(reference: object): string {
  const { activityId: _activity, ...rest } = reference as { activityId?: unknown };
  return JSON.stringify(rest);
}
