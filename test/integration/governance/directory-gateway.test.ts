import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StagePolicy } from "../../../src/domain/model/approval-policy.js";
import { DirectoryGateway, isOutOfOffice } from "../../../src/governance/directory-gateway.js";
import { GovernanceError } from "../../../src/governance/governance-error.js";
import { USERS } from "../demo-tenant/entitlement-fixtures.js";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness.js";

const AI_TOOL_OWNERS = "7a1c0000-0000-4000-8000-00000000a005";
const MINUTE = 60_000;

let t: GatewayHarness;
let now: Date;
let directory: DirectoryGateway;
beforeEach(async () => {
  t = await startGatewayHarness({ pageSize: 2 });
  now = new Date("2026-03-02T17:00:00Z");
  directory = new DirectoryGateway(t.graph, t.app, { clock: { now: () => now }, ttlMs: 10 * MINUTE });
});
afterEach(() => t.close());

function stage(overrides: Partial<StagePolicy>): StagePolicy {
  return {
    durationBeforeAutomaticDenialMs: 86_400_000,
    isApproverJustificationRequired: false,
    isEscalationEnabled: false,
    durationBeforeEscalationMs: 0,
    primaryApprovers: [],
    fallbackPrimaryApprovers: [],
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
    ...overrides,
  };
}

describe("people", () => {
  it("reads a person with their IANA time zone, in one $batch", async () => {
    const { result, httpCalls } = await t.countGraphRequests(() => directory.getPerson(USERS.alex));
    expect(result).toEqual({ id: USERS.alex, displayName: "Alex Wilber", mail: "alexw@example.com", timeZone: "America/Los_Angeles", isTimeZoneFallback: false, isOutOfOffice: false });
    expect(httpCalls).toBe(1);
    expect((await directory.getPerson(USERS.pradeep)).timeZone).toBe("Asia/Kolkata");
  });

  it("knows who is out of office: always, or within a scheduled window", async () => {
    expect((await directory.getPerson(USERS.christie)).isOutOfOffice).toBe(true);
    const diego = t.h.running.tenant.state.users.get("7a1c0000-0000-4000-8000-000000000105")!;
    diego.mailboxSettings.automaticRepliesSetting = {
      ...diego.mailboxSettings.automaticRepliesSetting,
      status: "scheduled",
      scheduledStartDateTime: { dateTime: "2026-03-03T08:00:00.0000000", timeZone: "Pacific Standard Time" },
      scheduledEndDateTime: { dateTime: "2026-03-05T17:00:00.0000000", timeZone: "Pacific Standard Time" },
    };
    expect((await directory.getPerson(diego.id)).isOutOfOffice).toBe(false);
    now = new Date("2026-03-03T16:00:00Z"); // 08:00 in Redmond
    expect((await directory.getPerson(diego.id)).isOutOfOffice).toBe(true);
    now = new Date("2026-03-06T00:59:59Z");
    expect((await directory.getPerson(diego.id)).isOutOfOffice).toBe(true);
    now = new Date("2026-03-06T01:00:00Z");
    expect((await directory.getPerson(diego.id)).isOutOfOffice).toBe(false);
  });

  it("isOutOfOffice reads disabled and open-ended windows", () => {
    const at = new Date("2026-03-02T17:00:00Z");
    expect(isOutOfOffice({ status: "disabled" }, at)).toBe(false);
    expect(isOutOfOffice(null, at)).toBe(false);
    expect(isOutOfOffice({ status: "scheduled", scheduledStartDateTime: { dateTime: "2026-03-02T16:00:00", timeZone: "UTC" } }, at)).toBe(true);
  });

  it("a missing person is NotFound", async () => {
    const error = await directory.getPerson("11111111-2222-3333-4444-555555555555").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovernanceError);
    expect((error as GovernanceError).code).toBe("NotFound");
  });
});

describe("managers, sponsors and groups", () => {
  it("walks the manager chain up to the levels asked, and stops where it ends", async () => {
    expect(await directory.getManagerChain(USERS.alex, 2)).toEqual([USERS.megan, USERS.patti]);
    expect(await directory.getManagerChain(USERS.alex, 5)).toEqual([USERS.megan, USERS.patti]);
    expect(await directory.getManagerChain(USERS.victor, 2)).toEqual([]);
  });

  it("reads sponsors and every page of a group's members", async () => {
    expect(await directory.getSponsorIds(USERS.alex)).toEqual([USERS.adele]);
    expect(await directory.getSponsorIds(USERS.megan)).toEqual([]);
    expect(await directory.getGroupMemberIds(AI_TOOL_OWNERS)).toEqual([USERS.adele, USERS.lee, USERS.alex]);
  });

  it("keeps directory facts for the TTL, then reads them again", async () => {
    const first = await t.countGraphRequests(() => directory.getManagerChain(USERS.alex, 2));
    expect(first.httpCalls).toBe(2);
    expect((await t.countGraphRequests(() => directory.getManagerChain(USERS.alex, 2))).httpCalls).toBe(0);
    expect((await t.countGraphRequests(() => directory.getPerson(USERS.alex))).httpCalls).toBe(1);
    expect((await t.countGraphRequests(() => directory.getPerson(USERS.alex))).httpCalls).toBe(0);
    now = new Date(now.getTime() + 10 * MINUTE);
    expect((await t.countGraphRequests(() => directory.getManagerChain(USERS.alex, 2))).httpCalls).toBe(2);
  });

  it("reads a person's manager along with the person, so their approvers need no call of their own", async () => {
    await directory.getPerson(USERS.alex);
    const managerStage = stage({ primaryApprovers: [{ kind: "requestorManager", level: 1 }], escalationApprovers: [{ kind: "requestorManager", level: 2 }], isEscalationEnabled: true });
    const before = await t.countGraphRequests(() => directory.getApproverFacts(USERS.alex, managerStage, false));
    expect(before).toMatchObject({ result: { managerChain: [USERS.megan] }, httpCalls: 0 });
    // Once escalated, the manager's manager is read (one call): Megan was read as a manager, not as a person.
    const escalated = await t.countGraphRequests(() => directory.getApproverFacts(USERS.alex, managerStage, true));
    expect(escalated).toMatchObject({ result: { managerChain: [USERS.megan, USERS.patti] }, httpCalls: 1 });
  });

  it("assembles only the facts a stage needs, marking disabled accounts", async () => {
    const chatgpt = stage({ primaryApprovers: [{ kind: "requestorManager", level: 1 }], escalationApprovers: [{ kind: "requestorManager", level: 2 }], isEscalationEnabled: true });
    const { result, httpCalls } = await t.countGraphRequests(() => directory.getApproverFacts(USERS.alex, chatgpt));
    expect(result).toEqual({ requesterId: USERS.alex, managerChain: [USERS.megan, USERS.patti], sponsorIds: [], groupMembers: new Map(), disabledUserIds: new Set() });
    expect(httpCalls).toBe(2);
    // Before the stage escalates its escalation lists name nobody who may decide: only the manager is read.
    expect((await t.countGraphRequests(() => new DirectoryGateway(t.graph, t.app, { clock: { now: () => now } }).getApproverFacts(USERS.alex, chatgpt, false))).result.managerChain).toEqual([USERS.megan]);

    t.h.running.tenant.state.users.get(USERS.lee)!.accountEnabled = false;
    const owners = stage({ primaryApprovers: [{ kind: "groupMembers", groupId: AI_TOOL_OWNERS }, { kind: "targetUserSponsors" }], fallbackPrimaryApprovers: [{ kind: "user", userId: USERS.miriam }] });
    const facts = await directory.getApproverFacts(USERS.alex, owners);
    expect(facts).toEqual({
      requesterId: USERS.alex,
      managerChain: [],
      sponsorIds: [USERS.adele],
      groupMembers: new Map([[AI_TOOL_OWNERS, [USERS.adele, USERS.lee, USERS.alex]]]),
      disabledUserIds: new Set([USERS.lee]),
    });
  });
});
