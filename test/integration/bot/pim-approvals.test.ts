import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PimRequest } from "../../../src/domain/model/pim-request.js";
import { GraphHttp } from "../../../src/governance/graph-http.js";
import { PimGateway } from "../../../src/governance/pim-gateway.js";
import type { GraphTokenSource } from "../../../src/identity/graph-token-source.js";
import { renderSpec } from "../../../src/teams/cards/render-card.js";
import type { PostedMessage } from "../../../src/use-cases/notifier.js";
import { PimFlow } from "../../../src/use-cases/pim-flow.js";
import type { Reply } from "../../../src/use-cases/reply.js";
import { person } from "../../support/bot-flows.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { cardOf, cardText, type TeamsPerson } from "../../support/teams-driver.js";
import { STAFF } from "../demo-tenant/pim-support.js";

/*
 * PIM approvals end to end before the Teams handler routes `pim.decide`: PimFlow is built from the
 * running bot's own parts, cards go out through its notifier to the local connector, and clicks call
 * `onAction` as the handler will. Entra is the demo tenant. The tests run in order on one tenant.
 */

let h: BotHarness;
let graph: GraphHttp;
let app: GraphTokenSource;
let gateway: PimGateway;
let flow: PimFlow;
let lee: TeamsPerson;
let nestor: TeamsPerson;
let henrietta: TeamsPerson;
let amelia: TeamsPerson;
let raj: TeamsPerson;

beforeAll(async () => {
  h = await startBotHarness();
  const deps = h.bot.gatepass.deps;
  const demoUrl = h.bot.demoTenant!.url;
  app = { kind: "app", principal: "app", getToken: () => demoToken(demoUrl) };
  graph = new GraphHttp({ baseUrl: demoUrl });
  gateway = new PimGateway(graph, app, { clock: deps.clock });
  flow = new PimFlow(deps, gateway, h.bot.gatepass.people);
  [lee, nestor, henrietta, amelia, raj] = ["Lee Gu", "Nestor Wilke", "Henrietta Mueller", "Amelia Walker", "Raj Kumar"].map((name) => person(h, name)) as [TeamsPerson, TeamsPerson, TeamsPerson, TeamsPerson, TeamsPerson];
  for (const who of [lee, nestor, henrietta, amelia, raj, PERSONAS.alex]) await h.teams.install(who);
});
afterAll(() => h?.close());

async function demoToken(demoUrl: string): Promise<string> {
  const res = await fetch(`${demoUrl}/_demo/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "app" }) });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function demo<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${h.bot.demoTenant!.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function pending(principalId: string): Promise<PimRequest> {
  const found = (await gateway.listPendingActivations()).find((p) => p.request.principalId === principalId);
  if (!found) throw new Error(`No pending PIM request of ${principalId}`);
  return found.request;
}

/** Posts the approver's card and returns where it is. */
async function post(request: PimRequest, approver: TeamsPerson): Promise<PostedMessage> {
  const message = await flow.postApprovalCard(request, approver.aadObjectId);
  expect(message).not.toBeNull();
  return message!;
}

/** The text of a posted message as the approver sees it now (updates folded in). */
function shown(who: TeamsPerson, message: PostedMessage): string {
  return cardText(cardOf(h.teams.messagesOf(who).get(message.activityId) ?? {}));
}

function postedCard(who: TeamsPerson, message: PostedMessage): any {
  return cardOf(h.teams.messagesOf(who).get(message.activityId) ?? {});
}

/** A click on Approve or Deny of a posted card, as the Teams handler will pass it to PimFlow. */
function click(who: TeamsPerson, message: PostedMessage, decision: "Approve" | "Deny", justification: string, port: PimFlow = flow): Promise<Reply> {
  const action = (postedCard(who, message)?.actions ?? []).find((a: any) => a.data?.decision === decision);
  const data = action ? { ...action.data, justification } : { requestId: "", decision, justification };
  return port.onAction(who, "pim.decide", data, { conversationId: message.conversationId, cardActivityId: message.activityId });
}

function replyText(reply: Reply): string {
  return reply.kind === "card" ? cardText(renderSpec(reply.card)) : reply.text;
}

describe("PIM approval cards", () => {
  it("brings Raj's Privileged Role Administrator request to Lee Gu and Nestor Wilke, each in their own time zone", async () => {
    const request = await pending(STAFF.rajk);
    const forLee = await post(request, lee);
    const forNestor = await post(request, nestor);
    const leeText = shown(lee, forLee);
    expect(leeText).toContain("Raj Kumar asks to activate Privileged Role Administrator");
    expect(leeText).toContain("Decide by Mon 2 Mar, 18:00 GMT (1 hour left)");
    expect(leeText).toContain("CHG-4821");
    expect(shown(nestor, forNestor)).toContain("Decide by Mon 2 Mar, 19:00 CET (1 hour left)");
    expect(postedCard(lee, forLee).actions.map((a: any) => a.title)).toEqual(["Approve", "Deny"]);
  });

  it("refuses someone Entra does not list as an approver, and the requester, with a read-only answer", async () => {
    const request = await pending(STAFF.henriettam);
    const forAlex = await flow.approvalCard(request, PERSONAS.alex.aadObjectId);
    expect(renderSpec(forAlex).actions ?? []).toEqual([]);
    const refused = await flow.onAction(PERSONAS.alex, "pim.decide", { requestId: request.id, kind: "role", decision: "Approve", justification: "sure" }, { conversationId: "c", cardActivityId: null });
    expect(replyText(refused)).toContain("Entra doesn't list you as an approver of this request");
    const own = await flow.onAction(henrietta, "pim.decide", { requestId: request.id, kind: "role", decision: "Approve", justification: "me" }, { conversationId: "c", cardActivityId: null });
    expect(replyText(own)).toContain("You can't approve or deny your own request");
    expect(h.bot.demoTenant!.tenant.state.pimRequests.get(request.id)!.status).toBe("PendingApproval");
    const audit = await h.bot.gatepass.deps.audit.listBySubject("pim", request.id);
    expect(audit.map((a) => [a.action, a.outcome, a.reason])).toEqual([
      ["pim.refused", "refused", "self-approval"],
      ["pim.refused", "refused", "not an approver"],
    ]);
  });

  it("records Lee Gu's approval with his own token through the beta step, once, and every card shows it", async () => {
    const request = await pending(STAFF.rajk);
    const cards = await h.bot.gatepass.deps.cards.listBySubject("pim", request.id);
    const [forLee, forNestor] = [lee, nestor].map((who) => cards.find((c) => c.recipientAadObjectId === who.aadObjectId)!);

    const missing = await click(lee, forLee!, "Approve", "  ");
    expect(replyText(missing)).toContain("Give a reason before you approve");

    await demo("POST", "/_demo/faults", { replace: true, rules: [{ match: "^PATCH /beta/roleManagement/directory/roleAssignmentApprovals/[^/]+/steps/", delayMs: 0 }] });
    const answer = await click(lee, forLee!, "Approve", "Matches CHG-4821");
    const again = await click(lee, forLee!, "Approve", "Matches CHG-4821");
    const faults = await demo<{ rules: { hits: number }[] }>("GET", "/_demo/faults");
    await demo("DELETE", "/_demo/faults");
    expect(faults.rules[0]!.hits).toBe(1);

    expect(replyText(answer)).toContain("Approved by Lee Gu on Mon 2 Mar, 17:00 GMT");
    expect(replyText(answer)).toContain("Matches CHG-4821");
    expect(answer.kind === "card" && ((renderSpec(answer.card).actions ?? []) as unknown[]).length).toBe(0);
    expect(replyText(again)).toContain("Approved by Lee Gu");

    const record = h.bot.demoTenant!.tenant.state.pimRequests.get(request.id)!;
    expect(record.status).toBe("Provisioned");
    expect(record.approvalStages[0]).toMatchObject({ reviewResult: "Approve", reviewedById: STAFF.leeg, justification: "Matches CHG-4821" });

    // Nestor's card was updated in place; Lee's shows the answer Teams put there (only its hash recorded).
    expect(shown(nestor, forNestor!)).toContain("Approved by Lee Gu on Mon 2 Mar, 18:00 CET");
    expect(postedCard(nestor, forNestor!).actions ?? []).toEqual([]);
    const audit = await h.bot.gatepass.deps.audit.listBySubject("pim", request.id);
    expect(audit.filter((a) => a.action === "pim.decided").map((a) => [a.actorAadObjectId, a.reason, a.details.decision])).toEqual([[STAFF.leeg, "Matches CHG-4821", "Approve"]]);
    expect(await h.bot.gatepass.deps.cards.listUnsettledSubjects("pim")).not.toContain(request.id);
  });

  it("tells Raj it was granted, by whom, why and until when", async () => {
    const granted = h.bot.demoTenant!.tenant.state.pimRequests.all().find((r) => r.principalId === STAFF.rajk && r.status === "Provisioned" && r.approvalId);
    const notice = await flow.noticeFor(granted!.id);
    const text = cardText(renderSpec(notice!));
    expect(text).toContain("Your Privileged Role Administrator activation is approved");
    expect(text).toContain("Approved by Lee Gu on Mon 2 Mar, 22:30 IST.");
    expect(text).toContain("Matches CHG-4821");
    expect(text).toContain("Mon 2 Mar, 23:30 IST (1 hour left)");
  });

  it("shows the outcome when another approver got there first (Entra answers Conflict)", async () => {
    const request = await pending(STAFF.henriettam);
    const forLee = await post(request, lee);
    await post(request, nestor);
    // Nestor decides in the PIM blade while Lee's click is on its way.
    const nestorsToken = h.bot.gatepass.deps.userTokens(STAFF.nestorw);
    class RacingGateway extends PimGateway {
      override async decideRoleActivation(approver: GraphTokenSource, approvalId: string, decision: "Approve" | "Deny", justification: string): Promise<void> {
        await super.decideRoleActivation(nestorsToken, approvalId, "Deny", "Not during the freeze");
        return super.decideRoleActivation(approver, approvalId, decision, justification);
      }
    }
    const racingFlow = new PimFlow(h.bot.gatepass.deps, new RacingGateway(graph, app, { clock: h.bot.gatepass.deps.clock }), h.bot.gatepass.people);
    const answer = await click(lee, forLee, "Approve", "Fine by me", racingFlow);
    expect(replyText(answer)).toContain("Denied by Nestor Wilke");
    expect(replyText(answer)).toContain("Not during the freeze");
    const failed = (await h.bot.gatepass.deps.audit.listBySubject("pim", request.id)).find((a) => a.action === "pim.failed");
    expect(failed).toMatchObject({ actorAadObjectId: STAFF.leeg, outcome: "failed", details: { code: "Conflict" } });
    expect(h.bot.demoTenant!.tenant.state.pimRequests.get(request.id)!.status).toBe("Denied");
  });

  it("lets Henrietta deny Amelia's group membership with a reason, and Amelia's notice says so", async () => {
    const request = await pending(STAFF.ameliaw);
    const forHenrietta = await post(request, henrietta);
    expect(shown(henrietta, forHenrietta)).toContain("Amelia Walker asks to join AI Platform Admins");
    const answer = await click(henrietta, forHenrietta, "Deny", "Use the read-only quota dashboard instead");
    expect(replyText(answer)).toContain("Denied by Henrietta Mueller");
    expect(h.bot.demoTenant!.tenant.state.pimRequests.get(request.id)!.status).toBe("Denied");

    const notice = await flow.noticeFor(request.id);
    const posted = await h.bot.gatepass.deps.notifier.postCard(amelia.aadObjectId, notice!);
    const text = shown(amelia, posted!);
    expect(text).toContain("Your request for membership of AI Platform Admins was denied");
    expect(text).toContain("Denied by Henrietta Mueller on Mon 2 Mar, 17:00 GMT.");
    expect(text).toContain("Use the read-only quota dashboard instead");
  });

  it("warns Kenji ten minutes before his activation ends", async () => {
    const [kenjis] = await gateway.listActivationsEndingBefore(new Date(h.bot.gatepass.deps.clock.now().getTime() + 60 * 60_000));
    expect(kenjis!.principalId).toBe(STAFF.kenjit);
    await h.advance("PT30M");
    const text = cardText(renderSpec(await flow.endingSoonFor(kenjis!)));
    expect(text).toContain("Your Application Administrator activation ends soon");
    expect(text).toContain("(10 minutes left)");
  });

  it("says on every card that a request nobody decided within 24 hours expired", async () => {
    const request = await pending(STAFF.sofiar);
    const forHenrietta = await post(request, henrietta);
    expect(shown(henrietta, forHenrietta)).toContain("Decide by");
    const staleApprove = postedCard(henrietta, forHenrietta).actions.find((a: any) => a.data.decision === "Approve").data;
    await h.advance("PT24H");
    await flow.reconcilePim();
    expect(shown(henrietta, forHenrietta)).toContain("Expired without a decision: nobody approved it within Entra's 24 hours");
    expect(postedCard(henrietta, forHenrietta).actions ?? []).toEqual([]);
    // A click on a copy of the card Teams had not refreshed yet.
    const late = await flow.onAction(henrietta, "pim.decide", { ...staleApprove, justification: "sorry, was away" }, { conversationId: forHenrietta.conversationId, cardActivityId: forHenrietta.activityId });
    expect(replyText(late)).toContain("Expired without a decision");
    expect(await h.bot.gatepass.deps.cards.listUnsettledSubjects("pim")).toEqual([]);
    const updates = h.teams.captured.length;
    await flow.reconcilePim();
    expect(h.teams.captured.length).toBe(updates);
  });
});

