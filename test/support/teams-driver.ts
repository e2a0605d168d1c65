import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

/** One activity the bot sent through the connector: a new message or an update of one. */
export interface CapturedActivity {
  kind: "send" | "update";
  conversationId: string;
  activityId: string;
  replyToId: string | null;
  activity: Record<string, any>;
  at: number;
}

export interface TeamsPerson {
  aadObjectId: string;
  name: string;
  tenantId?: string;
}

export interface InvokeAnswer {
  status: number;
  body: any;
}

/**
 * Drives a bot the way Teams does: activities and invokes POSTed to its messaging endpoint, and a local
 * Bot Connector that records what the bot sends, replies, updates and creates (proactive messages).
 */
export class TeamsDriver {
  readonly captured: CapturedActivity[] = [];
  /** Conversations the bot opened through the connector (POST /v3/conversations). */
  conversationsOpened = 0;
  private server: Server | null = null;
  private serviceUrl = "";
  private waiters: { predicate: (a: CapturedActivity) => boolean; resolve: (a: CapturedActivity) => void }[] = [];
  /** Makes the connector answer the next sends with this status (e.g. 429, 403), for fault tests. */
  failNextSends: { status: number; count: number; retryAfter?: number } | null = null;

  constructor(
    private readonly botEndpoint: string,
    readonly tenantId: string,
    readonly botId = "28:00000000-0000-0000-0000-00000000000011",
  ) {}

  get connectorUrl(): string {
    return this.serviceUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.serviceUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The personal (1:1) conversation id Teams would use between this person and the bot. */
  conversationIdFor(person: TeamsPerson): string {
    return `a:personal-${person.aadObjectId}`;
  }

  private baseActivity(person: TeamsPerson): Record<string, any> {
    return {
      channelId: "msteams",
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      id: `act-${randomUUID()}`,
      from: { id: `29:${person.aadObjectId}`, name: person.name, aadObjectId: person.aadObjectId },
      recipient: { id: this.botId, name: "Gatepass" },
      conversation: { id: this.conversationIdFor(person), conversationType: "personal", tenantId: person.tenantId ?? this.tenantId },
      channelData: { tenant: { id: person.tenantId ?? this.tenantId } },
      locale: "en-US",
      localTimezone: "America/Los_Angeles",
    };
  }

  /** The app was installed in the person's personal scope. */
  install(person: TeamsPerson): Promise<InvokeAnswer> {
    return this.post({
      ...this.baseActivity(person),
      type: "installationUpdate",
      action: "add",
    });
  }

  /** The person removed the app from their personal scope. */
  uninstall(person: TeamsPerson): Promise<InvokeAnswer> {
    return this.post({
      ...this.baseActivity(person),
      type: "installationUpdate",
      action: "remove",
    });
  }

  /** Teams' conversationUpdate when the bot joins a personal chat. */
  membersAdded(person: TeamsPerson): Promise<InvokeAnswer> {
    return this.post({
      ...this.baseActivity(person),
      type: "conversationUpdate",
      membersAdded: [{ id: this.botId }],
    });
  }

  message(person: TeamsPerson, text: string, activityId?: string): Promise<InvokeAnswer> {
    const activity = this.baseActivity(person);
    if (activityId) activity.id = activityId;
    return this.post({ ...activity, type: "message", text, textFormat: "plain" });
  }

  /** A click on an Action.Execute button of a card the bot posted (`replyToId` is that card's activity id). */
  execute(person: TeamsPerson, verb: string, data: Record<string, unknown>, replyToId?: string, activityId?: string): Promise<InvokeAnswer> {
    const activity = this.baseActivity(person);
    if (activityId) activity.id = activityId;
    return this.post({
      ...activity,
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId,
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
    });
  }

  /** Activities the bot sent to one conversation, oldest first. */
  sentTo(person: TeamsPerson): CapturedActivity[] {
    const id = this.conversationIdFor(person);
    return this.captured.filter((c) => c.conversationId === id);
  }

  /** The newest version of each message in a conversation (updates folded into the message they change). */
  messagesOf(person: TeamsPerson): Map<string, Record<string, any>> {
    const latest = new Map<string, Record<string, any>>();
    for (const c of this.sentTo(person)) if (c.activity.type === "message") latest.set(c.activityId, c.activity);
    return latest;
  }

  /** Waits until the bot sends (or updates) something matching; fails after `timeoutMs`. */
  waitFor(predicate: (a: CapturedActivity) => boolean, timeoutMs = 10_000, since = 0): Promise<CapturedActivity> {
    const existing = this.captured.slice(since).find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve: (a: CapturedActivity) => { clearTimeout(timer); resolve(a); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for the bot; it sent ${this.captured.length} activities.`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async post(activity: Record<string, any>): Promise<InvokeAnswer> {
    const res = await fetch(this.botEndpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep text
    }
    return { status: res.status, body };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
    const url = new URL(req.url ?? "/", "http://connector");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    // POST /v3/conversations: the bot opens a conversation with someone (proactive reach).
    if (req.method === "POST" && parts.length === 2 && parts[0] === "v3" && parts[1] === "conversations") {
      this.conversationsOpened++;
      const member = body.members?.[0]?.id ?? "unknown";
      const aad = String(member).replace(/^29:/, "");
      return reply(201, { id: `a:personal-${aad}`, activityId: body.activity ? `msg-${randomUUID()}` : undefined });
    }
    if (parts[0] !== "v3" || parts[1] !== "conversations" || !parts[2] || parts[3] !== "activities") {
      return reply(404, { error: { code: "NotFound", message: `connector has no ${req.method} ${url.pathname}` } });
    }
    if (this.failNextSends && this.failNextSends.count > 0 && req.method !== "GET") {
      this.failNextSends.count--;
      const { status, retryAfter } = this.failNextSends;
      return reply(status, { error: { code: status === 403 ? "MessageWritesBlocked" : "Throttled", message: "injected by the test connector" } }, retryAfter === undefined ? {} : { "retry-after": String(retryAfter) });
    }
    const conversationId = parts[2];
    const targetId = parts[4] ?? null;
    let captured: CapturedActivity;
    if (req.method === "PUT" && targetId) {
      captured = { kind: "update", conversationId, activityId: targetId, replyToId: null, activity: body, at: Date.now() };
    } else if (req.method === "POST") {
      captured = { kind: "send", conversationId, activityId: `msg-${randomUUID()}`, replyToId: targetId, activity: body, at: Date.now() };
    } else {
      return reply(405, { error: { code: "MethodNotAllowed", message: req.method } });
    }
    this.captured.push(captured);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(captured)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(captured);
      }
    }
    return reply(200, { id: captured.activityId });
  }
}

/** The Adaptive Card in an activity, if it carries one. */
export function cardOf(activity: Record<string, any>): Record<string, any> | undefined {
  return activity.attachments?.find((a: any) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
}

/** All text in a card (TextBlocks, FactSets, RichText), for assertions that read like a person would. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      const n = node as Record<string, unknown>;
      if (typeof n.text === "string") out.push(n.text);
      if (typeof n.title === "string") out.push(n.title);
      if (typeof n.value === "string" && n.type !== "Input.Text") out.push(n.value);
      for (const [k, v] of Object.entries(n)) if (k !== "text" && k !== "title") walk(v);
    }
  };
  walk(card);
  return out.join("\n");
}
