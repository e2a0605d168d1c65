import { mapInTurns } from "../domain/async/map-in-turns.js";
import type { AutomaticRepliesSetting, MailboxSettings, User } from "@microsoft/microsoft-graph-types";
import type { ApproverFacts } from "../domain/approvals/resolve-stage-approvers.js";
import { systemClock, type Clock } from "../domain/clock.js";
import type { ApproverRef, StagePolicy } from "../domain/model/approval-policy.js";
import type { Person } from "../domain/model/person.js";
import { toIanaTimeZone } from "../domain/time/to-iana-time-zone.js";
import type { GraphTokenSource } from "../identity/graph-token-source.js";
import { isBatchSuccess, readBatchItem } from "./batch-item.js";
import { GovernanceError } from "./governance-error.js";
import type { BatchResponse, GraphHttp } from "./graph-http.js";
import { readDateTimeTimeZone } from "./read-graph-date.js";
import { TtlCache } from "../domain/async/ttl-cache.js";

/** People whose name, time zone and automatic replies are kept at once (see the constructor). */
const PEOPLE_CACHED = 100_000;

/** Options of {@link DirectoryGateway}. */
export interface DirectoryGatewayOptions {
  /** "Now" for the cache and for scheduled automatic replies; the demo tenant's clock in demo mode. */
  readonly clock?: Clock;
  /** How long directory facts are reused. Managers, sponsors and groups change slowly; default 10 minutes. */
  readonly ttlMs?: number;
}

/** A directory object as far as approvals care: who, and whether the account may still act. */
interface DirectoryEntry {
  readonly id: string;
  readonly accountEnabled: boolean;
}

interface PersonReading {
  readonly user: User;
  readonly mailbox: MailboxSettings | null;
}

const ENTRY_SELECT = "$select=id,displayName,accountEnabled";

/**
 * The directory facts the bot needs (people, managers, sponsors, group members), read app-only and
 * kept for a while: they change slowly, and approver resolution asks for the same ones again and again.
 */
export class DirectoryGateway {
  private readonly clock: Clock;
  private readonly people: TtlCache<PersonReading>;
  private readonly managers: TtlCache<DirectoryEntry | null>;
  private readonly lists: TtlCache<DirectoryEntry[]>;
  private readonly accounts: TtlCache<DirectoryEntry | null>;

  constructor(
    private readonly graph: GraphHttp,
    private readonly app: GraphTokenSource,
    options: DirectoryGatewayOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    const ttl = options.ttlMs ?? 10 * 60_000;
    // Everyone a nudge pass may reach (10,000 reviewers of one review, say) must fit, or the pass evicts
    // people it read a moment ago and reads them again one by one. A reading is about a kilobyte.
    this.people = new TtlCache(this.clock, ttl, PEOPLE_CACHED);
    this.managers = new TtlCache(this.clock, ttl);
    this.lists = new TtlCache(this.clock, ttl);
    this.accounts = new TtlCache(this.clock, ttl);
  }

  /**
   * A person with their time zone (IANA, from their mailbox settings) and whether automatic replies are
   * on now. One `$batch` (user and mailbox settings); a mailbox that cannot be read gives UTC and "in".
   */
  async getPerson(id: string): Promise<Person> {
    const { user, mailbox } = await this.people.get(id, () => this.readPerson(id));
    const zone = toIanaTimeZone(mailbox?.timeZone);
    return {
      id: user.id ?? id,
      displayName: user.displayName ?? "",
      mail: user.mail ?? null,
      timeZone: zone.timeZone,
      isTimeZoneFallback: zone.isFallback,
      isOutOfOffice: isOutOfOffice(mailbox?.automaticRepliesSetting, this.clock.now()),
    };
  }

  /** The user's managers upwards, up to `levels` (index 0 is the manager); shorter when the chain ends. One call per level not cached. */
  async getManagerChain(userId: string, levels: number): Promise<string[]> {
    return (await this.managerEntries(userId, levels)).map((e) => e.id);
  }

  /** The user's sponsors (users only). */
  async getSponsorIds(userId: string): Promise<string[]> {
    return (await this.sponsorEntries(userId)).map((e) => e.id);
  }

  /** The group's member users (every page; nested groups and devices left out). */
  async getGroupMemberIds(groupId: string): Promise<string[]> {
    return (await this.memberEntries(groupId)).map((e) => e.id);
  }

  /**
   * Everything {@link resolveStageApprovers} needs to resolve one stage for the person a request is
   * for: only the manager levels, sponsors and groups the stage's approver lists name, with disabled
   * accounts marked so they are never asked. Before the stage has `escalated`, its escalation lists
   * name nobody who may decide, so they are not read.
   */
  async getApproverFacts(requesterId: string, stage: StagePolicy, escalated = true): Promise<ApproverFacts> {
    const refs: ApproverRef[] = [
      ...stage.primaryApprovers,
      ...stage.fallbackPrimaryApprovers,
      ...(escalated ? [...stage.escalationApprovers, ...stage.fallbackEscalationApprovers] : []),
    ];
    const levels = Math.max(0, ...refs.map((r) => (r.kind === "requestorManager" ? Math.max(1, r.level) : 0)));
    const needsSponsors = refs.some((r) => r.kind === "internalSponsors" || r.kind === "targetUserSponsors");
    const groupIds = [...new Set(refs.flatMap((r) => (r.kind === "groupMembers" ? [r.groupId] : [])))];
    const userIds = [...new Set(refs.flatMap((r) => (r.kind === "user" ? [r.userId] : [])))];

    const [chain, sponsors, groups, users] = await Promise.all([
      levels > 0 ? this.managerEntries(requesterId, levels) : Promise.resolve([]),
      needsSponsors ? this.sponsorEntries(requesterId) : Promise.resolve([]),
      Promise.all(groupIds.map(async (id) => [id, await this.memberEntries(id)] as const)),
      Promise.all(userIds.map((id) => this.account(id))),
    ]);
    const seen = [...chain, ...sponsors, ...groups.flatMap(([, members]) => members), ...users.filter((u): u is DirectoryEntry => u !== null)];
    return {
      requesterId,
      managerChain: chain.map((e) => e.id),
      sponsorIds: sponsors.map((e) => e.id),
      groupMembers: new Map(groups.map(([id, members]) => [id, members.map((m) => m.id)])),
      // A named user who no longer exists cannot approve either.
      disabledUserIds: new Set([...seen.filter((e) => !e.accountEnabled).map((e) => e.id), ...userIds.filter((_, i) => users[i] === null)]),
    };
  }

  /**
   * Reads many people ahead of `getPerson`: those not cached go ten to a `$batch` (user and mailbox
   * settings each, Graph's limit of 20 requests), not one `$batch` each. For the nudge loop, which
   * needs the time zone of everyone it may nudge. A person who cannot be read is left for `getPerson`
   * to fail on.
   */
  async preloadPeople(ids: readonly string[]): Promise<void> {
    const missing: string[] = [];
    let read: Promise<Map<string, PersonReading>> | null = null;
    const readMissing = () => (read ??= this.readPeopleInChunks(missing));
    const loads = [...new Set(ids)].map((id) =>
      this.people
        .get(id, () => {
          missing.push(id);
          return Promise.resolve().then(readMissing).then((people) => {
            const reading = people.get(id);
            if (!reading) throw new GovernanceError("NotFound", `Could not read the user ${id}`);
            return reading;
          });
        })
        .catch(() => undefined),
    );
    await Promise.all(loads);
  }

  /** Ten people per `$batch`, four `$batch`es in flight at once (10,000 people one `$batch` at a time took seconds). */
  private async readPeopleInChunks(ids: readonly string[]): Promise<Map<string, PersonReading>> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 10) chunks.push(ids.slice(i, i + 10));
    // A chunk that fails leaves its people for `getPerson` to read; the others' readings stand.
    const read = await mapInTurns(chunks, 4, (chunk) => this.readPeople(chunk).catch(() => new Map<string, PersonReading>()));
    return new Map(read.flatMap((people) => [...people]));
  }

  private async readPeople(ids: readonly string[]): Promise<Map<string, PersonReading>> {
    const requests = ids.flatMap((id, i) => {
      const path = `/users/${encodeURIComponent(id)}`;
      return [
        { id: `u${i}`, method: "GET" as const, url: `${path}?$select=id,displayName,mail,accountEnabled` },
        { id: `m${i}`, method: "GET" as const, url: `${path}/mailboxSettings?$select=timeZone,automaticRepliesSetting` },
      ];
    });
    const answers = await this.graph.batch(this.app, requests);
    const out = new Map<string, PersonReading>();
    ids.forEach((id, i) => {
      const user = answers[2 * i]!;
      const mailbox = answers[2 * i + 1]!;
      if (!isBatchSuccess(user) || isPassingFailure(mailbox)) return;
      out.set(id, { user: user.body as User, mailbox: isBatchSuccess(mailbox) ? (mailbox.body as MailboxSettings) : null });
    });
    return out;
  }

  private async readPerson(id: string): Promise<PersonReading> {
    const path = `/users/${encodeURIComponent(id)}`;
    // The manager comes along (`$expand`, no extra request): a person read one at a time is usually
    // someone talking to the bot, whose next request most policies send to their manager first.
    const [user, mailbox] = await this.graph.batch(this.app, [
      { id: "user", method: "GET", url: `${path}?$select=id,displayName,mail,accountEnabled&$expand=manager(${ENTRY_SELECT})` },
      { id: "mailbox", method: "GET", url: `${path}/mailboxSettings?$select=timeZone,automaticRepliesSetting` },
    ]);
    const read = readBatchItem<User & { manager?: User | null }>(user!, `Could not read the user ${id}`);
    // Throttled or unavailable is not "no mailbox": failing the read keeps it out of the cache (the
    // person would otherwise be in UTC, and never out of office, for the cache's lifetime).
    if (isPassingFailure(mailbox!)) readBatchItem(mailbox!, `Could not read the mailbox settings of ${id}`);
    // Graph leaves `manager` out for someone without one: what a 404 on /manager says too.
    this.managers.prime(id, read.manager ? toEntry(read.manager) : null);
    const { manager: _manager, ...person } = read;
    return {
      user: person,
      // No mailbox (or no permission to read it) is common and not a reason to fail: the person is simply in UTC.
      mailbox: isBatchSuccess(mailbox!) ? (mailbox!.body as MailboxSettings) : null,
    };
  }

  private async managerEntries(userId: string, levels: number): Promise<DirectoryEntry[]> {
    const chain: DirectoryEntry[] = [];
    let current = userId;
    for (let level = 0; level < levels; level++) {
      const manager = await this.managers.get(current, () => this.readManager(current));
      // A loop in a badly kept org chart must not walk forever or approve for itself.
      if (!manager || manager.id === userId || chain.some((e) => e.id === manager.id)) break;
      chain.push(manager);
      current = manager.id;
    }
    return chain;
  }

  private async readManager(userId: string): Promise<DirectoryEntry | null> {
    try {
      return toEntry(await this.graph.get<User>(this.app, `/users/${encodeURIComponent(userId)}/manager?${ENTRY_SELECT}`));
    } catch (error) {
      if (error instanceof GovernanceError && error.code === "NotFound") return null;
      throw error;
    }
  }

  private sponsorEntries(userId: string): Promise<DirectoryEntry[]> {
    return this.lists.get(`sponsors:${userId}`, async () => usersOnly(await this.graph.listAll<User>(this.app, `/users/${encodeURIComponent(userId)}/sponsors?${ENTRY_SELECT}`)));
  }

  private memberEntries(groupId: string): Promise<DirectoryEntry[]> {
    return this.lists.get(`members:${groupId}`, async () => usersOnly(await this.graph.listAll<User>(this.app, `/groups/${encodeURIComponent(groupId)}/members?${ENTRY_SELECT}`)));
  }

  /** A user named as an approver: enabled or not, or null when gone. */
  private account(userId: string): Promise<DirectoryEntry | null> {
    return this.accounts.get(userId, async () => {
      try {
        return toEntry(await this.graph.get<User>(this.app, `/users/${encodeURIComponent(userId)}?${ENTRY_SELECT}`));
      } catch (error) {
        if (error instanceof GovernanceError && error.code === "NotFound") return null;
        throw error;
      }
    });
  }
}

/** Automatic replies on at `now`: always, or scheduled with `now` inside the window (an open end counts as open). */
export function isOutOfOffice(setting: AutomaticRepliesSetting | null | undefined, now: Date): boolean {
  if (setting?.status === "alwaysEnabled") return true;
  if (setting?.status !== "scheduled") return false;
  const start = readDateTimeTimeZone(setting.scheduledStartDateTime);
  const end = readDateTimeTimeZone(setting.scheduledEndDateTime);
  return (start === null || start.getTime() <= now.getTime()) && (end === null || now.getTime() < end.getTime());
}

/** A `$batch` item that failed for now (throttled, unavailable), as opposed to for good (no mailbox, no permission). */
function isPassingFailure(response: BatchResponse): boolean {
  return response.status === 429 || response.status >= 500;
}

function toEntry(user: User): DirectoryEntry {
  return { id: user.id ?? "", accountEnabled: user.accountEnabled !== false };
}

/** Members and sponsors may be groups, devices or service principals; only users approve. */
function usersOnly(objects: readonly User[]): DirectoryEntry[] {
  return objects
    .filter((o) => {
      const type = (o as { "@odata.type"?: string })["@odata.type"];
      return type === undefined || type.toLowerCase() === "#microsoft.graph.user";
    })
    .map(toEntry);
}
