import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { AuditTrail, ConversationReferences, NudgeLedger, NudgePacing, NudgeReachability, type Db } from "../../../src/store/index.js";
import { ProactiveNotifier } from "../../../src/teams/proactive-notifier.js";
import { ConversationSpacing } from "../../../src/use-cases/nudges/conversation-spacing.js";
import { NudgeSender, type NudgeDelivery } from "../../../src/use-cases/nudges/nudge-sender.js";
import type { RateLimiter } from "../../../src/use-cases/nudges/rate-limiter.js";
import { SharedTokenBucket } from "../../../src/use-cases/nudges/shared-token-bucket.js";
import { TokenBucket } from "../../../src/use-cases/nudges/token-bucket.js";
import { TeamsDriver } from "../../support/teams-driver.js";
import { storeBackends, type IsolatedStore } from "../../contract/store/support/store-backends.js";

const TENANT = "00000000-0000-0000-0000-0000000000001";
const PEOPLE = 1_000;
// High enough to keep the test short, low enough that the ceiling, not the machine, sets the pace.
const CEILING = 100;
const NOW = new Date("2026-03-02T17:00:00.000Z");

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** One bot process's sender: its own adapter and repositories over `db`, and the tenant's limiter. */
function senderOver(db: Db, limiter: RateLimiter): NudgeSender {
  const adapter = new TeamsAdapter({ MicrosoftAppId: "", MicrosoftAppPassword: "", MicrosoftAppType: "MultiTenant", MicrosoftAppTenantId: "" });
  return new NudgeSender({
    ledger: new NudgeLedger(db),
    reachability: new NudgeReachability(db),
    chats: new ProactiveNotifier(adapter, "", TENANT, new ConversationReferences(db)),
    installer: null,
    limiter,
    spacing: new ConversationSpacing(),
    audit: new AuditTrail(db),
    clock: { now: () => NOW },
    log: pino({ level: "silent" }),
  });
}

/** The most sends the connector received within any one second. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe.each(storeBackends())("two bot processes sending the same 1,000 nudges on $name", (backend) => {
  it(
    "post each exactly once, under the tenant's ceiling",
    async () => {
      const store: IsolatedStore = await backend.openIsolated();
      cleanups.push(() => store.dispose());
      const peerDb = await store.connectPeer();
      const teams = await new TeamsDriver("http://127.0.0.1:9/api/messages", TENANT).start();
      cleanups.push(() => teams.stop());

      const people = Array.from({ length: PEOPLE }, () => randomUUID());
      const references = new ConversationReferences(store.db);
      for (const id of people) {
        await references.upsert(
          {
            tenantId: TENANT,
            aadObjectId: id,
            conversationId: `a:personal-${id}`,
            reference: {
              channelId: "msteams",
              serviceUrl: teams.connectorUrl,
              conversation: { id: `a:personal-${id}`, conversationType: "personal", isGroup: false, tenantId: TENANT },
              bot: { id: teams.botId, name: "Gatepass" },
              user: { id: `29:${id}`, aadObjectId: id, name: "" },
            },
          },
          NOW,
        );
      }
      const deliveries: NudgeDelivery[] = people.map((id, i) => ({
        key: `review.digest:${id}:instance-1:final-day`,
        recipientId: id,
        card: { template: "notice", summary: "Reviews due", data: { title: "Access review", text: `Reviewer ${i}: 3 decisions due today` } },
        kind: "review.digest",
        subjectId: "instance-1",
        subjectType: "accessReviewInstance",
        window: "final-day",
      }));

      // PGlite is one process: both senders share its in-memory bucket. PostgreSQL: each process has its
      // own, and the ceiling holds through the shared schedule in the store.
      const shared = backend.name === "pglite" ? new TokenBucket(CEILING) : null;
      const scope = `tenant:${TENANT}:${randomUUID()}`;
      const first = senderOver(store.db, shared ?? new SharedTokenBucket(new NudgePacing(store.db), scope, CEILING));
      const second = senderOver(peerDb, shared ?? new SharedTokenBucket(new NudgePacing(peerDb), scope, CEILING));

      const started = Date.now();
      const [a, b] = await Promise.all([first.send(deliveries), second.send(deliveries)]);
      const elapsedMs = Date.now() - started;

      // Counted at the connector: every person got exactly one message.
      const sends = teams.captured.filter((c) => c.kind === "send");
      const perConversation = new Map<string, number>();
      for (const s of sends) perConversation.set(s.conversationId, (perConversation.get(s.conversationId) ?? 0) + 1);
      expect(sends).toHaveLength(PEOPLE);
      expect(perConversation.size).toBe(PEOPLE);
      expect([...perConversation.values()].every((n) => n === 1)).toBe(true);
      expect(a.sent + b.sent).toBe(PEOPLE);
      expect(a.failed + b.failed).toBe(0);
      expect(await new NudgeLedger(store.db).countByState(deliveries.map((d) => d.key))).toMatchObject({ sent: PEOPLE, claimed: 0, failed: 0 });

      const achieved = (PEOPLE / elapsedMs) * 1000;
      const busiest = busiestSecond(sends.map((s) => s.at));
      console.log(
        `[nudges/${backend.name}] ${PEOPLE} nudges, 2 processes: ${a.sent} + ${b.sent} sent, 0 duplicates; ` +
          `${(elapsedMs / 1000).toFixed(1)} s (floor ${(PEOPLE / CEILING).toFixed(1)} s); ` +
          `achieved ${achieved.toFixed(1)}/s against a ceiling of ${CEILING}/s (${((100 * achieved) / CEILING).toFixed(0)}%); ` +
          `busiest second as the connector (in this process, so with its event-loop lag) saw it: ${busiest}`,
      );
    },
    180_000,
  );
});
