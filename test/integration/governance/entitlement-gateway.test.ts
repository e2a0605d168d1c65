import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveStageApprovers as emulatorApprovers } from "../../../src/demo-tenant/routes/entitlement/resolve-stage-approvers.js";
import { stableId } from "../../../src/demo-tenant/routes/entitlement/stable-id.js";
import { resolveStageApprovers } from "../../../src/domain/approvals/resolve-stage-approvers.js";
import { describeRequestProgress } from "../../../src/domain/requests/describe-request-progress.js";
import { DirectoryGateway } from "../../../src/governance/directory-gateway.js";
import type { RequestDraft } from "../../../src/domain/requests/request-draft.js";
import { EntitlementGateway } from "../../../src/governance/entitlement-gateway.js";
import type { DirectoryPort, EntitlementPort } from "../../../src/use-cases/ports.js";
import { GovernanceError } from "../../../src/governance/governance-error.js";
import { IDS, USERS } from "../demo-tenant/entitlement-fixtures.js";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness.js";

const HOUR = 3_600_000;
const T0 = new Date("2026-03-02T17:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
/** Seeded requests' ids derive from their aliases in entitlement.yaml. */
const seeded = (alias: string) => stableId("accessPackageAssignmentRequest", alias);

let t: GatewayHarness;
let gateway: EntitlementGateway;
let directory: DirectoryGateway;
beforeEach(async () => {
  t = await startGatewayHarness();
  gateway = new EntitlementGateway(t.graph, t.app);
  directory = new DirectoryGateway(t.graph, t.app, { clock: { now: () => t.now() } });
});
afterEach(() => t.close());

/** Alex's 2-hour ChatGPT request, as the request card would send it (the policy's own window). */
function chatgptDraft(justification = "Drafting the Q2 campaign brief"): RequestDraft {
  return {
    policyId: IDS.chatgptPolicy,
    justification,
    answers: [],
    schedule: { start: T0, expiration: { kind: "afterDuration", durationMs: 2 * HOUR }, end: at(2 * HOUR), isCustom: false },
  };
}

/** What the bot knows when it files a request: the package as offered and who asks (Graph's answer names neither). */
function filing(packageId: string, requesterDisplayName = "The requester") {
  const names: Record<string, string> = { [IDS.chatgpt]: "ChatGPT Enterprise (2 hours)" };
  return { packageId, packageDisplayName: names[packageId] ?? "A package", requesterDisplayName };
}

async function failure(promise: Promise<unknown>): Promise<GovernanceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GovernanceError);
  return error as GovernanceError;
}

/**
 * Who the bot says may decide a pending request now, from Graph alone. Only approvers may read stages,
 * so they are read as one of the approvers the emulator names (the answer is then compared with it).
 */
async function botApprovers(requestId: string) {
  const request = await gateway.getRequest(requestId);
  const policy = await gateway.getApprovalPolicy(request.policyId!);
  const stages = await gateway.getApprovalStages(t.as(emulatorAnswer(requestId).userIds[0]!), requestId);
  const progress = describeRequestProgress(request, policy, stages, t.now());
  if (progress.phase !== "waiting") throw new Error(`request ${requestId} is ${progress.phase}`);
  const stagePolicy = policy.stages[progress.stageIndex]!;
  const facts = await directory.getApproverFacts(request.targetUserId, stagePolicy);
  return { progress, approvers: resolveStageApprovers(stagePolicy, facts, progress.escalated) };
}

/** The emulator's own answer for the same request, at the same instant. */
function emulatorAnswer(requestId: string) {
  const record = t.h.running.tenant.state.requests.get(requestId)!;
  const stage = record.stages.find((s) => s.status === "InProgress")!;
  return { stageIndex: stage.index, ...emulatorApprovers(t.h.running.tenant.state, record, stage.index, t.now()) };
}

it("implements the use cases' ports", () => {
  const ports: [EntitlementPort, DirectoryPort] = [gateway, directory];
  expect(ports).toHaveLength(2);
});

describe("offers", () => {
  it("lists what Alex may request, with policies, approvers and risk, in a few calls thanks to $batch", async () => {
    const { result: offers, requests, httpCalls } = await t.countGraphRequests(() => gateway.listOffers(t.as(USERS.alex)));
    // Alex is a business user and a Copilot pilot volunteer; Code Assistant is for engineers (he only approves it), and the admin package for the AI Platform team.
    expect(offers.map((o) => o.packageId)).toEqual([IDS.chatgpt, IDS.copilot]);
    const [chatgpt, copilot] = offers;
    expect(chatgpt).toEqual({
      packageId: IDS.chatgpt,
      displayName: "ChatGPT Enterprise (2 hours)",
      description: expect.stringContaining("Two hours of ChatGPT Enterprise"),
      catalogName: "AI tools – general",
      riskTier: "medium",
      grants: [
        { resourceDisplayName: "ChatGPT Enterprise Users", roleDisplayName: "Member" },
        { resourceDisplayName: "ChatGPT Enterprise", roleDisplayName: "ChatGPT User" },
      ],
      policies: [
        {
          policyId: IDS.chatgptPolicy,
          displayName: "Business users – manager approval",
          description: expect.any(String),
          isApprovalRequired: true,
          approvalStageCount: 1,
          approverSummary: "your manager",
          isRequestorJustificationRequired: true,
          allowCustomAssignmentSchedule: false,
          expiration: { kind: "afterDuration", durationMs: 2 * HOUR },
          questions: [],
        },
      ],
    });
    expect(copilot).toMatchObject({ riskTier: "low", policies: [{ isApprovalRequired: false, approvalStageCount: 0, approverSummary: "", expiration: { kind: "afterDuration", durationMs: 90 * 24 * HOUR } }] });
    // The package list, then the requirements and the policies side by side (two $batch calls); no names to look up.
    expect(httpCalls).toBe(3);
    expect(requests).toBe(1 + 2 * offers.length);
  });

  it("maps two-stage approvals, named approvers, custom schedules and questions", async () => {
    const pradeep = await t.countGraphRequests(() => gateway.listOffers(t.as(USERS.pradeep)));
    const code = pradeep.result.find((o) => o.packageId === IDS.code)!;
    expect(code).toMatchObject({
      catalogName: "AI tools – restricted",
      riskTier: "high",
      policies: [{ approvalStageCount: 2, approverSummary: "your manager, then the AI Tool Owners group", allowCustomAssignmentSchedule: true, expiration: { kind: "afterDuration", durationMs: 7 * 24 * HOUR } }],
    });
    // One more $batch for the group's name.
    expect(pradeep.httpCalls).toBe(4);

    const brian = await gateway.listOffers(t.as(USERS.brian));
    const legal = brian.find((o) => o.packageId === IDS.legal)!;
    expect(legal.policies[0]).toMatchObject({ approverSummary: "your manager, then Adele Vance", isRequestorJustificationRequired: true, expiration: { kind: "afterDuration", durationMs: 30 * 24 * HOUR } });
    expect(legal.policies[0]!.questions).toEqual([
      { id: IDS.matterQuestion, kind: "text", text: "Matter number (MAT- followed by five digits)", isRequired: true, sequence: 1, isSingleLine: true, regexPattern: "^MAT-\\d{5}$" },
      {
        id: IDS.practiceQuestion,
        kind: "choice",
        text: "Practice area",
        isRequired: true,
        sequence: 2,
        allowsMultiple: false,
        choices: [
          { value: "litigation", label: "Litigation" },
          { value: "contracts", label: "Contracts" },
          { value: "compliance", label: "Compliance and regulatory" },
          { value: "employment", label: "Employment" },
        ],
      },
    ]);
  });

  it("offers nothing to a guest no policy admits, in one call", async () => {
    const { result, httpCalls } = await t.countGraphRequests(() => gateway.listOffers(t.as(USERS.rosa)));
    expect(result).toEqual([]);
    expect(httpCalls).toBe(1);
  });
});

describe("a request from submission to expiry", () => {
  it("Alex asks for ChatGPT for 2 hours; Megan approves; it is delivered, listed with its end, and expires", async () => {
    const alex = t.as(USERS.alex);
    const megan = t.as(USERS.megan);
    const submitted = await gateway.submitRequest(alex, filing(IDS.chatgpt, "Alex Wilber"), chatgptDraft());
    expect(submitted).toMatchObject({
      packageId: IDS.chatgpt,
      packageDisplayName: "ChatGPT Enterprise (2 hours)",
      policyId: IDS.chatgptPolicy,
      requestType: "userAdd",
      // Graph's answer to the filing: accepted, not yet taken further.
      state: "submitted",
      status: "Accepted",
      createdAt: T0,
      completedAt: null,
      targetUserId: USERS.alex,
      targetDisplayName: "Alex Wilber",
      requestorUserId: USERS.alex,
      justification: "Drafting the Q2 campaign brief",
      answers: [],
      assignmentId: null,
    });
    // Read again, app-only, the policy is inferred from the package (Graph names it only on the assignment);
    // by now Entra has it waiting for approval.
    expect(await gateway.getRequest(submitted.id)).toEqual({ ...submitted, state: "pendingApproval", status: "PendingApproval" });

    const policy = await gateway.getApprovalPolicy(IDS.chatgptPolicy);
    expect(policy).toEqual({
      policyId: IDS.chatgptPolicy,
      isApprovalRequired: true,
      isApprovalRequiredForUpdate: true,
      isRequestorJustificationRequired: true,
      stages: [
        {
          durationBeforeAutomaticDenialMs: 24 * HOUR,
          isApproverJustificationRequired: false,
          isEscalationEnabled: true,
          durationBeforeEscalationMs: 4 * HOUR,
          primaryApprovers: [{ kind: "requestorManager", level: 1 }],
          fallbackPrimaryApprovers: [{ kind: "user", userId: USERS.patti }],
          escalationApprovers: [{ kind: "requestorManager", level: 2 }],
          fallbackEscalationApprovers: [{ kind: "user", userId: USERS.patti }],
        },
      ],
    });

    const stages = await gateway.getApprovalStages(megan, submitted.id);
    expect(stages).toEqual([
      { id: expect.any(String), index: 0, status: "InProgress", reviewResult: "NotReviewed", reviewedBy: null, reviewedAt: null, justification: null, assignedToMe: true },
    ]);
    expect(describeRequestProgress(submitted, policy, stages, t.now())).toEqual({
      phase: "waiting",
      stageIndex: 0,
      stageCount: 1,
      stageStartedAt: T0,
      autoDenyAt: at(24 * HOUR),
      escalationAt: at(4 * HOUR),
      escalated: false,
    });
    const mine = await gateway.listMyApprovals(megan);
    expect(mine.map((p) => p.request.id)).toContain(submitted.id);
    expect(mine.find((p) => p.request.id === submitted.id)!.stages[0]).toMatchObject({ status: "InProgress", assignedToMe: true });

    await gateway.decideStage(megan, submitted.id, stages[0]!.id, "Approve", "Go ahead");
    const delivering = await gateway.getRequest(submitted.id);
    expect(delivering).toMatchObject({ state: "delivering", policyId: IDS.chatgptPolicy, assignmentId: expect.any(String) });
    expect(describeRequestProgress(delivering, policy, [], t.now())).toEqual({ phase: "delivering" });

    // A second decision on the decided stage is a conflict, whoever sends it.
    const again = await failure(gateway.decideStage(megan, submitted.id, stages[0]!.id, "Deny", "Changed my mind"));
    expect(again.code).toBe("Conflict");

    await t.h.advance("PT10S");
    const delivered = await gateway.getRequest(submitted.id);
    expect(delivered).toMatchObject({ state: "delivered", completedAt: at(10_000), schedule: { start: at(10_000), end: at(2 * HOUR + 10_000) } });
    expect(describeRequestProgress(delivered, policy, await gateway.getApprovalStages(megan, submitted.id), t.now())).toEqual({ phase: "delivered", end: at(2 * HOUR + 10_000) });

    const assignments = await gateway.listAssignmentsOf(alex);
    const chatgpt = assignments.find((a) => a.id === delivered.assignmentId)!;
    expect(chatgpt).toEqual({
      id: delivered.assignmentId,
      packageId: IDS.chatgpt,
      packageDisplayName: "ChatGPT Enterprise (2 hours)",
      policyId: IDS.chatgptPolicy,
      state: "delivered",
      start: at(10_000),
      end: at(2 * HOUR + 10_000),
      targetUserId: USERS.alex,
    });
    // His Copilot pilot is still there, and last week's ChatGPT, expired.
    expect(assignments.map((a) => [a.packageId, a.state]).sort()).toEqual(
      [
        [IDS.chatgpt, "delivered"],
        [IDS.chatgpt, "expired"],
        [IDS.copilot, "delivered"],
      ].sort(),
    );

    await t.h.advance("PT2H");
    const expired = await gateway.getRequest(submitted.id);
    expect(describeRequestProgress(expired, policy, [], t.now())).toEqual({ phase: "expired", at: at(2 * HOUR + 10_000) });
    expect((await gateway.listAssignmentsOf(alex)).find((a) => a.id === delivered.assignmentId)).toMatchObject({ state: "expired", end: at(2 * HOUR + 10_000) });
  });

  it("a denial names the approver and the reason", async () => {
    const request = await gateway.submitRequest(t.as(USERS.alex), filing(IDS.chatgpt), chatgptDraft());
    const megan = t.as(USERS.megan);
    const [stage] = await gateway.getApprovalStages(megan, request.id);
    await gateway.decideStage(megan, request.id, stage!.id, "Deny", "Please use the Copilot pilot for drafting.");
    const denied = await gateway.getRequest(request.id);
    expect(denied).toMatchObject({ state: "denied", status: "Denied", completedAt: T0 });
    const progress = describeRequestProgress(denied, await gateway.getApprovalPolicy(denied.policyId!), await gateway.getApprovalStages(megan, request.id), t.now());
    expect(progress).toEqual({ phase: "denied", automatic: false, by: { userId: USERS.megan, displayName: "Megan Bowen" }, reason: "Please use the Copilot pilot for drafting." });
  });

  it("a request nobody decides is denied automatically at the deadline", async () => {
    const id = seeded("daniel-chatgpt"); // submitted 23h30m ago, escalated to Lynne
    await t.h.advance("PT30M");
    const denied = await gateway.getRequest(id);
    expect(denied).toMatchObject({ state: "denied", status: "Expired", requestorUserId: USERS.daniel, targetDisplayName: "Daniel Kim" });
    const stages = await gateway.getApprovalStages(t.as(USERS.lynne), id);
    expect(stages[0]).toMatchObject({ status: "Expired", reviewResult: "NotReviewed", reviewedBy: null });
    expect(describeRequestProgress(denied, await gateway.getApprovalPolicy(denied.policyId!), stages, t.now())).toEqual({ phase: "denied", automatic: true, by: null, reason: null });
  });

  it("the requester cancels; the approval can then no longer be decided", async () => {
    const alex = t.as(USERS.alex);
    const request = await gateway.submitRequest(alex, filing(IDS.chatgpt), chatgptDraft());
    const [stage] = await gateway.getApprovalStages(t.as(USERS.megan), request.id);
    expect((await failure(gateway.cancelRequest(t.as(USERS.megan), request.id))).code).toBe("Forbidden");
    await gateway.cancelRequest(alex, request.id);
    const canceled = await gateway.getRequest(request.id);
    expect(canceled).toMatchObject({ state: "canceled", status: "Canceled" });
    expect(describeRequestProgress(canceled, await gateway.getApprovalPolicy(IDS.chatgptPolicy), [], t.now())).toEqual({ phase: "canceled" });
    expect((await failure(gateway.decideStage(t.as(USERS.megan), request.id, stage!.id, "Approve", null))).code).toBe("Conflict");
    expect((await failure(gateway.cancelRequest(alex, request.id))).code).toBe("BadRequest");
    expect((await gateway.listRequestsOf(alex)).find((r) => r.id === request.id)).toMatchObject({ state: "canceled", policyId: IDS.chatgptPolicy });
  });

  it("a request with answers and a custom window keeps them; a missing justification is Entra's BadRequest", async () => {
    const request = await gateway.submitRequest(t.as(USERS.lidia), filing(IDS.code), {
      policyId: IDS.codePolicy,
      justification: "Refactoring the billing service",
      answers: [],
      schedule: { start: T0, expiration: { kind: "afterDuration", durationMs: 3 * 24 * HOUR }, end: at(3 * 24 * HOUR), isCustom: true },
    });
    expect(request).toMatchObject({ state: "submitted", requestedExpiration: { kind: "afterDuration", durationMs: 3 * 24 * HOUR }, schedule: { start: T0, end: null } });

    // Omar canceled his Legal Research request two days ago and asks again.
    const omar = t.as(USERS.omar);
    const legal = await gateway.submitRequest(omar, filing(IDS.legal), {
      policyId: IDS.legalPolicy,
      justification: "Sanctions screening, again",
      answers: [
        { questionId: IDS.matterQuestion, value: "MAT-40021", displayValue: "MAT-40021" },
        { questionId: IDS.practiceQuestion, value: "compliance", displayValue: "Compliance and regulatory" },
      ],
      schedule: { start: T0, expiration: { kind: "afterDuration", durationMs: 30 * 24 * HOUR }, isCustom: false },
    });
    expect(legal.answers).toEqual([
      { questionId: IDS.matterQuestion, value: "MAT-40021", displayValue: "MAT-40021" },
      { questionId: IDS.practiceQuestion, value: "compliance", displayValue: "Compliance and regulatory" },
    ]);
    expect((await failure(gateway.submitRequest(t.as(USERS.brian), filing(IDS.chatgpt), { ...chatgptDraft(), justification: undefined }))).code).toBe("BadRequest");
  });

  it("Megan asks to extend her ChatGPT access (userUpdate); Patti, her manager, approves the extension", async () => {
    const megan = t.as(USERS.megan);
    const [assignment] = (await gateway.listAssignmentsOf(megan)).filter((a) => a.packageId === IDS.chatgpt && a.state === "delivered");
    expect(assignment).toMatchObject({ end: new Date("2026-03-02T17:20:00.000Z") });
    const extension = await gateway.submitExtension(megan, assignment!.id, {
      justification: "Survey analysis takes longer",
      answers: [],
      schedule: { start: T0, expiration: { kind: "afterDuration", durationMs: 2 * HOUR }, isCustom: false },
    });
    expect(extension).toMatchObject({ requestType: "userUpdate", state: "pendingApproval", policyId: IDS.chatgptPolicy, assignmentId: assignment!.id, targetUserId: USERS.megan });
    const patti = t.as(USERS.patti);
    const [pending] = (await gateway.listMyApprovals(patti)).filter((p) => p.request.id === extension.id);
    expect(pending!.stages[0]).toMatchObject({ status: "InProgress", assignedToMe: true });
    await gateway.decideStage(patti, extension.id, pending!.stages[0]!.id, "Approve", null);
    await t.h.advance("PT10S");
    expect((await gateway.listAssignmentsOf(megan)).find((a) => a.id === assignment!.id)).toMatchObject({ state: "delivered", end: at(2 * HOUR + 10_000) });
  });
});

describe("my access in one round trip", () => {
  it("reads the person's assignments and requests together, as the two lists would, in one HTTP call", async () => {
    const megan = t.as(USERS.megan);
    const [assignments, requests] = [await gateway.listAssignmentsOf(megan), await gateway.listRequestsOf(megan)];
    const { result, httpCalls } = await t.countGraphRequests(() => gateway.listMine(megan));
    expect(result.assignments).toEqual(assignments);
    expect(result.requests).toEqual(requests);
    expect(assignments.length + requests.length).toBeGreaterThan(0);
    expect(httpCalls).toBe(1);
  });
});

describe("who approves, agreeing with the emulator", () => {
  it("Megan approves Alex's ChatGPT request", async () => {
    const request = await gateway.submitRequest(t.as(USERS.alex), filing(IDS.chatgpt), chatgptDraft());
    const { approvers, progress } = await botApprovers(request.id);
    expect(approvers).toEqual([{ userId: USERS.megan, source: "primary" }]);
    expect(progress).toMatchObject({ stageIndex: 0, escalated: false });
    const emulator = emulatorAnswer(request.id);
    expect(approvers.map((a) => a.userId)).toEqual(emulator.userIds);
  });

  it("Victor has no manager: his legal request goes to the fallback approver, Miriam", async () => {
    const id = seeded("victor-legal");
    const { approvers } = await botApprovers(id);
    expect(approvers).toEqual([{ userId: USERS.miriam, source: "fallbackPrimary" }]);
    expect(emulatorAnswer(id)).toMatchObject({ userIds: [USERS.miriam], primaryFromFallback: true });
  });

  it("after durationBeforeEscalation, the manager's manager joins the manager", async () => {
    const request = await gateway.submitRequest(t.as(USERS.alex), filing(IDS.chatgpt), chatgptDraft());
    await t.h.advance("PT3H59M59S");
    expect((await botApprovers(request.id)).progress.escalated).toBe(false);
    expect(emulatorAnswer(request.id).escalated).toBe(false);
    await t.h.advance("PT1S");
    const { approvers, progress } = await botApprovers(request.id);
    expect(progress).toMatchObject({ escalated: true, escalationAt: at(4 * HOUR) });
    expect(approvers).toEqual([
      { userId: USERS.megan, source: "primary" },
      { userId: USERS.patti, source: "escalation" },
    ]);
    const emulator = emulatorAnswer(request.id);
    expect(emulator).toMatchObject({ escalated: true, primaryUserIds: [USERS.megan], escalationUserIds: [USERS.patti] });
    expect((await gateway.getRequest(request.id)).status).toBe("PendingApprovalEscalated");
    expect((await gateway.listMyApprovals(t.as(USERS.patti))).map((p) => p.request.id)).toContain(request.id);
  });

  it("for every request waiting in the scenario, now and later, the bot and the emulator name the same approvers", async () => {
    for (const advance of [null, "PT5H", "PT12H"]) {
      if (advance) await t.h.advance(advance);
      const open = (await gateway.listOpenRequests()).filter((r) => r.state === "pendingApproval");
      expect(open.length).toBeGreaterThan(0);
      for (const request of open) {
        const { approvers, progress } = await botApprovers(request.id);
        const emulator = emulatorAnswer(request.id);
        expect({ id: request.id, stage: progress.stageIndex, escalated: progress.escalated, approvers: approvers.map((a) => a.userId).sort() }).toEqual({
          id: request.id,
          stage: emulator.stageIndex,
          escalated: emulator.escalated,
          approvers: [...emulator.userIds].sort(),
        });
        expect(approvers.some((a) => a.source === "fallbackPrimary")).toBe(emulator.primaryFromFallback);
      }
    }
  });
});

describe("reads", () => {
  it("getApprovalStages is for approvers: someone else gets Forbidden", async () => {
    const request = await gateway.submitRequest(t.as(USERS.alex), filing(IDS.chatgpt), chatgptDraft());
    expect((await failure(gateway.getApprovalStages(t.as(USERS.isaiah), request.id))).code).toBe("Forbidden");
    expect((await failure(gateway.getRequest("11111111-2222-3333-4444-555555555555"))).code).toBe("NotFound");
  });

  it("listMyApprovals gives each waiting request with its stages (stage 2 of Pradeep's for Alex)", async () => {
    const mine = await gateway.listMyApprovals(t.as(USERS.alex));
    expect(mine).toHaveLength(1);
    const [{ request, stages }] = mine as [(typeof mine)[number]];
    expect(request).toMatchObject({ id: seeded("pradeep-code"), packageDisplayName: "Code Assistant (up to 7 days)", targetDisplayName: "Pradeep Gupta", policyId: IDS.codePolicy });
    expect(stages.map((s) => [s.index, s.status, s.reviewResult, s.reviewedBy?.displayName ?? null])).toEqual([
      [0, "Completed", "Approve", "Grady Archie"],
      [1, "InProgress", "NotReviewed", null],
    ]);
    const progress = describeRequestProgress(request, await gateway.getApprovalPolicy(IDS.codePolicy), stages, t.now());
    // Stage 2 started when Grady approved stage 1, five hours ago, and waits two days.
    expect(progress).toMatchObject({ phase: "waiting", stageIndex: 1, stageCount: 2, stageStartedAt: at(-5 * HOUR), autoDenyAt: at(-5 * HOUR + 48 * HOUR), escalationAt: null });
  });

  it("listOpenRequests follows every page", async () => {
    const small = await startGatewayHarness({ pageSize: 3 });
    try {
      const open = await new EntitlementGateway(small.graph, small.app).listOpenRequests();
      const expected = [...small.h.running.tenant.state.requests.values()].filter((r) => ["submitted", "pendingApproval", "delivering", "scheduled"].includes(r.state));
      expect(open.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
      expect(open.length).toBeGreaterThan(3);
      expect(open.every((r) => r.policyId !== null && r.packageDisplayName !== "" && r.targetUserId !== "")).toBe(true);
    } finally {
      await small.close();
    }
  });

  it("listRequestsOf is the person's own history, with Entra's removal of expired access", async () => {
    const requests = await gateway.listRequestsOf(t.as(USERS.alex));
    expect(requests.map((r) => [r.requestType, r.state, r.packageId])).toEqual([
      ["userAdd", "delivered", IDS.copilot],
      ["userAdd", "delivered", IDS.chatgpt],
      ["systemRemove", "delivered", IDS.chatgpt],
    ]);
    expect(requests[2]).toMatchObject({ requestorUserId: null, targetUserId: USERS.alex });
  });
});
