import { describe, expect, it } from "vitest";
import { deriveRiskTier, looksLikeAdminCatalog } from "../../../../src/domain/model/derive-risk-tier.js";

const auto = { isApprovalRequired: false, approvalStageCount: 0 };
const oneStage = { isApprovalRequired: true, approvalStageCount: 1 };
const twoStages = { isApprovalRequired: true, approvalStageCount: 2 };

describe("deriveRiskTier", () => {
  it("is low when access is granted without approval", () => {
    expect(deriveRiskTier({ policies: [auto], catalogName: "AI Tools" })).toBe("low");
  });

  it("is medium with one approval stage", () => {
    expect(deriveRiskTier({ policies: [oneStage], catalogName: "AI Tools" })).toBe("medium");
  });

  it("is high with two or more stages", () => {
    expect(deriveRiskTier({ policies: [twoStages], catalogName: "AI Tools" })).toBe("high");
    expect(deriveRiskTier({ policies: [{ isApprovalRequired: true, approvalStageCount: 3 }], catalogName: "AI Tools" })).toBe("high");
  });

  it("is high for an admin catalog even without approval", () => {
    expect(deriveRiskTier({ policies: [auto], catalogName: "AI Platform Admin" })).toBe("high");
  });

  it("takes the most demanding policy when there are several", () => {
    expect(deriveRiskTier({ policies: [auto, oneStage], catalogName: "AI Tools" })).toBe("medium");
    expect(deriveRiskTier({ policies: [oneStage, twoStages], catalogName: "AI Tools" })).toBe("high");
  });

  it("treats approval required with no stage listed as one stage, and stages without approval as none", () => {
    expect(deriveRiskTier({ policies: [{ isApprovalRequired: true, approvalStageCount: 0 }], catalogName: "x" })).toBe("medium");
    expect(deriveRiskTier({ policies: [{ isApprovalRequired: false, approvalStageCount: 2 }], catalogName: "x" })).toBe("low");
  });

  it("assumes the worst when no policy is known", () => {
    expect(deriveRiskTier({ policies: [], catalogName: "AI Tools" })).toBe("high");
  });

  it("accepts the tenant's own admin-catalog rule", () => {
    const isAdminCatalog = (name: string) => name === "Tier 0";
    expect(deriveRiskTier({ policies: [auto], catalogName: "Tier 0" }, { isAdminCatalog })).toBe("high");
    expect(deriveRiskTier({ policies: [auto], catalogName: "AI Platform Admin" }, { isAdminCatalog })).toBe("low");
  });
});

describe("looksLikeAdminCatalog", () => {
  it.each([
    ["AI Platform Admin", true],
    ["Administrators", true],
    ["Privileged roles", true],
    ["PIM groups", true],
    ["AI Tools", false],
    ["Badminton club", false],
  ])("%s -> %s", (name, expected) => {
    expect(looksLikeAdminCatalog(name)).toBe(expected);
  });
});
