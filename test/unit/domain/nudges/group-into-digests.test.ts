import { describe, expect, it } from "vitest";
import { groupIntoDigests } from "../../../../src/domain/nudges/group-into-digests.js";
import { planNudges } from "../../../../src/domain/nudges/plan-nudges.js";
import type { PlannedNudge } from "../../../../src/domain/nudges/planned-nudge.js";
import { approval, at, expiry, HOUR, people, person, pimApproval, review } from "./nudge-fixtures.js";

const NOW = at("2025-03-03T11:50");
const PLANNED: PlannedNudge[] = planNudges(
  [
    approval({ requestId: "lukas", approvers: [{ userId: "megan", source: "primary" }] }),
    approval({ requestId: "tomas", approvers: [{ userId: "megan", source: "primary" }] }),
    expiry(at("2025-03-03T10:00"), 2 * HOUR, { requesterId: "megan" }),
    pimApproval({ approverIds: ["megan", "lee"] }),
    review({ instanceId: "chatgpt", reviewers: [{ reviewerId: "megan", pendingCount: 3 }] }),
    review({ instanceId: "copilot", reviewers: [{ reviewerId: "megan", pendingCount: 1 }, { reviewerId: "lee", pendingCount: 2 }] }),
  ],
  people(person("megan"), person("lee")),
  new Set(),
  NOW,
);

describe("groupIntoDigests", () => {
  const digests = groupIntoDigests(PLANNED);

  it("makes one batch per recipient, and one card per reviewer and review instance", () => {
    expect(digests.map((d) => `${d.recipientId} ${d.kind} ${d.items.map((i) => i.subjectId).join(",")}`)).toEqual([
      "lee batch pim-1",
      "lee review copilot",
      "megan batch asg-1/20250303T120000Z,pim-1,lukas/0,tomas/0",
      "megan review chatgpt",
      "megan review copilot",
    ]);
  });

  it("puts the most urgent item first and styles the card by it", () => {
    const batch = digests.find((d) => d.recipientId === "megan" && d.kind === "batch")!;
    expect(batch.items.map((i) => i.urgency)).toEqual(["urgent", "soon", "routine", "routine"]);
    expect(batch.urgency).toBe("urgent");
  });

  it("keeps every planned nudge exactly once", () => {
    expect(digests.flatMap((d) => d.items.map((i) => i.key)).sort()).toEqual(PLANNED.map((p) => p.key).sort());
  });

  it("gives a digest a key that depends on its items, not their order", () => {
    const again = groupIntoDigests([...PLANNED].reverse());
    expect(again.map((d) => d.key)).toEqual(digests.map((d) => d.key));
    expect(new Set(digests.map((d) => d.key)).size).toBe(digests.length);
    const fewer = groupIntoDigests(PLANNED.filter((p) => p.subjectId !== "tomas/0"));
    const meganBatch = (list: typeof digests) => list.find((d) => d.recipientId === "megan" && d.kind === "batch")!.key;
    expect(meganBatch(fewer)).not.toBe(meganBatch(digests));
    expect(meganBatch(digests)).toMatch(/^nudge-digest:megan:[\w-]{22}$/);
  });

  it("gives nothing for nothing", () => {
    expect(groupIntoDigests([])).toEqual([]);
  });
});
