import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardText } from "../../support/teams-driver.js";
import { PERSONAS, startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { approvalCardFor, currentText, decideData, inputsOf, person, requestAccess, waitForApprovalCard } from "../../support/bot-flows.js";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  for (const name of ["Megan Bowen", "Diego Siciliani", "Patti Fernandez", "Joni Sherman", "Adele Vance", "Christie Cline"]) {
    await h.teams.install(person(h, name));
  }
});
afterAll(() => h?.close());

const CHATGPT = "I need ChatGPT for 2 hours to summarise the customer survey";

async function auditCount(action: string, requestId: string): Promise<number> {
  const entries = await h.bot.db.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_trail WHERE action = $1 AND subject_id = $2", [action, requestId]);
  return Number(entries.rows[0]!.n);
}

function requestIdOf(answer: { body: any }): string {
  const action = answer.body.value.actions.find((a: any) => a.verb === "request.refresh");
  return action.data.requestId;
}

describe("denial", () => {
  it("tells the requester who denied and why", async () => {
    const megan = person(h, "Megan Bowen");
    const { form, answer } = await requestAccess(h, PERSONAS.alex, CHATGPT);
    expect(cardText(answer.body.value)).toContain("Waiting on Megan Bowen");
    const approval = await waitForApprovalCard(h, megan, "Alex Wilber");
    const denied = await h.teams.execute(megan, "approval.decide", { ...decideData(approval.card, "Deny"), justification: "Use the Copilot pilot for this" }, approval.activityId);
    expect(cardText(denied.body.value)).toContain("Denied by Megan Bowen");
    await h.teams.waitFor((a) => a.kind === "update" && a.activityId === form.activityId && cardText(a.activity.attachments?.[0]?.content).includes("Denied"));
    const text = currentText(h, PERSONAS.alex, form.activityId);
    expect(text).toContain("Denied by Megan Bowen");
    expect(text).toContain("Use the Copilot pilot for this");
  });
});

describe("who may decide", () => {
  it("refuses the requester, refuses a non-approver, and decides a double click once", async () => {
    const nina = person(h, "Nina Petrova");
    const megan = person(h, "Megan Bowen");
    const { answer } = await requestAccess(h, nina, CHATGPT);
    const requestId = requestIdOf(answer);
    const approval = await waitForApprovalCard(h, megan, "Nina Petrova");
    const approve = decideData(approval.card, "Approve");

    const self = await h.teams.execute(nina, "approval.decide", approve, approval.activityId);
    expect(cardText(self.body.value)).toContain("can't approve or deny your own request");
    const stranger = await h.teams.execute(PERSONAS.isaiah, "approval.decide", approve, approval.activityId);
    expect(cardText(stranger.body.value)).toContain("Only this stage's approvers can decide it");
    expect(cardText(stranger.body.value)).not.toContain("Approved by");

    const [first, second] = await Promise.all([
      h.teams.execute(megan, "approval.decide", { ...approve, justification: "ok" }, approval.activityId, "invoke-1"),
      h.teams.execute(megan, "approval.decide", { ...approve, justification: "ok" }, approval.activityId, "invoke-2"),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await auditCount("approval.decided", requestId)).toBe(1);
    expect(await auditCount("approval.refused", requestId)).toBe(2);
    const again = await h.teams.execute(megan, "approval.decide", approve, approval.activityId);
    expect(cardText(again.body.value)).toContain("Approved by Megan Bowen");
    expect(again.body.value.actions ?? []).toHaveLength(0);
  });
});

describe("a decision made outside Teams", () => {
  it("reaches every card on the next reconcile", async () => {
    const hannah = person(h, "Hannah Schmidt");
    const diego = person(h, "Diego Siciliani");
    const { form, answer } = await requestAccess(h, hannah, CHATGPT);
    const requestId = requestIdOf(answer);
    const approval = await waitForApprovalCard(h, diego, "Hannah Schmidt");
    const stageId = decideData(approval.card, "Approve").stageId as string;

    // Diego approves in the My Access portal: straight to Entra with his own token.
    const token = h.bot.demoTenant!.tenant.mintUserToken(diego.aadObjectId);
    const res = await fetch(`${h.bot.demoTenant!.graphUrl}/identityGovernance/entitlementManagement/accessPackageAssignmentApprovals/${requestId}/stages/${stageId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ reviewResult: "Approve", justification: "approved in My Access" }),
    });
    expect(res.status).toBe(204);
    await h.reconcile();
    expect(cardText(approvalCardFor(h, diego, "Hannah Schmidt")!.card)).toContain("Approved by Diego Siciliani");
    expect(currentText(h, hannah, form.activityId)).toMatch(/Approved|ready/);
  });
});

describe("deadlines", () => {
  it("escalates to the manager's manager, then tells everyone when Entra denies automatically", async () => {
    const olivia = person(h, "Olivia Brown");
    const diego = person(h, "Diego Siciliani");
    const patti = person(h, "Patti Fernandez");
    const { form } = await requestAccess(h, olivia, CHATGPT);
    await waitForApprovalCard(h, diego, "Olivia Brown");

    await h.advance("PT4H1M");
    await h.reconcile();
    const escalated = approvalCardFor(h, patti, "Olivia Brown");
    expect(escalated).toBeTruthy();
    expect(cardText(escalated!.card)).toContain("Escalated to you");

    await h.advance("PT20H");
    await h.reconcile();
    expect(currentText(h, olivia, form.activityId)).toContain("Denied automatically");
    expect(cardText(approvalCardFor(h, diego, "Olivia Brown")!.card)).toContain("Denied automatically by Entra");
    expect(cardText(approvalCardFor(h, patti, "Olivia Brown")!.card)).toContain("Denied automatically by Entra");
  });
});

describe("two approval stages", () => {
  it("goes from the manager to the app owner, with justifications required", async () => {
    const omar = person(h, "Omar Haddad");
    const joni = person(h, "Joni Sherman");
    const adele = person(h, "Adele Vance");
    // A wrong matter number and no practice area: the card says what to fix and keeps what was typed.
    const first_try = await requestAccess(h, omar, "legal research assistant for 30 days for matter MAT-12345 due diligence", {
      "q:matter": "MAT-123",
      justification: "due diligence on the Fabrikam contract",
    });
    const refused = first_try.answer.body.value;
    expect(cardText(refused)).toContain("Please fix this before sending");
    expect(cardText(refused)).toContain("MAT-12345");
    expect(JSON.stringify(refused.body)).toContain("due diligence on the Fabrikam contract");
    expect(JSON.stringify(refused.body)).toContain("MAT-123");
    const form = first_try.form;
    const inputs = inputsOf(refused);
    const matter = inputs.find((i) => String(i.label).includes("Matter"))!;
    const practice = inputs.find((i) => String(i.label).includes("Practice"))!;
    const answer = await h.teams.execute(
      omar,
      "request.submit",
      { ...refused.actions[0].data, justification: "due diligence on the Fabrikam contract", [matter.id]: "MAT-12345", [practice.id]: "contracts" },
      form.activityId,
    );
    expect(cardText(answer.body.value)).toContain("stage 1 of 2");
    const first = await waitForApprovalCard(h, joni, "Omar Haddad");
    expect(cardText(first.card)).toContain("MAT-12345");
    expect(cardText(first.card)).toContain("Matter number");
    expect(cardText(first.card)).toContain("Legal Research Assistant (Researcher)");

    const missing = await h.teams.execute(joni, "approval.decide", decideData(first.card, "Approve"), first.activityId);
    expect(cardText(missing.body.value)).toContain("Give a reason");
    await h.teams.execute(joni, "approval.decide", { ...decideData(first.card, "Approve"), justification: "Known matter" }, first.activityId);

    const second = await waitForApprovalCard(h, adele, "Omar Haddad");
    expect(cardText(second.card)).toContain("2 of 2");
    expect(currentText(h, omar, form.activityId)).toContain("stage 2 of 2");
    expect(cardText(approvalCardFor(h, joni, "Omar Haddad")!.card)).toContain("Approved by Joni Sherman");
    await h.teams.execute(adele, "approval.decide", { ...decideData(second.card, "Approve"), justification: "Licensed seat available" }, second.activityId);
    await h.advance("PT1M");
    await h.reconcile();
    expect(currentText(h, omar, form.activityId)).toContain("Your access is ready until");
  });
});

describe("Graph throttling and outages", () => {
  it("retries a 429 on submit and keeps everything typed after a 503", async () => {
    const fatima = person(h, "Fatima Ahmed");
    const tenant = h.bot.demoTenant!.tenant;
    tenant.faults.add([{ match: "^POST /v1.0/identityGovernance/entitlementManagement/assignmentRequests$", status: 429, retryAfterSeconds: 1, count: 1, rate: 1 }]);
    const throttled = await requestAccess(h, fatima, CHATGPT);
    expect(cardText(throttled.answer.body.value)).toContain("Waiting on");
    tenant.faults.clear();

    const chloe = person(h, "Chloe Bernard");
    tenant.faults.add([{ match: "^POST /v1.0/identityGovernance/entitlementManagement/assignmentRequests$", status: 503, retryAfterSeconds: 0, count: 10, rate: 1 }]);
    const failed = await requestAccess(h, chloe, CHATGPT);
    const failedText = cardText(failed.answer.body.value);
    expect(failedText).toContain("isn't answering");
    expect(JSON.stringify(failed.answer.body.value)).toContain("summarise the customer survey");
    tenant.faults.clear();
    const retry = await h.teams.execute(chloe, "request.submit", { ...failed.answer.body.value.actions[0].data, durationText: "2 hours", justification: "summarise the customer survey" }, failed.form.activityId);
    expect(cardText(retry.body.value)).toContain("Waiting on");
  });

  it("shows an approver a clear sentence when Entra is down, and lets them decide after", async () => {
    const christie = person(h, "Christie Cline");
    const approval = await waitForApprovalCard(h, christie, "Chloe Bernard");
    const tenant = h.bot.demoTenant!.tenant;
    tenant.faults.add([{ match: "^PATCH .*accessPackageAssignmentApprovals", status: 503, retryAfterSeconds: 0, count: 10, rate: 1 }]);
    const down = await h.teams.execute(christie, "approval.decide", { ...decideData(approval.card, "Approve"), justification: "fine" }, approval.activityId);
    expect(cardText(down.body.value)).toContain("isn't answering");
    expect(down.body.value.actions.length).toBe(2);
    tenant.faults.clear();
    tenant.faults.add([{ match: "^PATCH .*accessPackageAssignmentApprovals", status: 429, retryAfterSeconds: 1, count: 1, rate: 1 }]);
    const ok = await h.teams.execute(christie, "approval.decide", { ...decideData(approval.card, "Approve"), justification: "fine" }, approval.activityId);
    expect(cardText(ok.body.value)).toContain("Approved by Christie Cline");
    tenant.faults.clear();
  });
});
