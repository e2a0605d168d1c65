import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const A = "7a1c0000-0000-4000-8000-00000000a101";
const B = "7a1c0000-0000-4000-8000-00000000a102";

describe("PIM_GROUP_IDS", () => {
  it("is unset by default: the bot finds governed groups itself", () => {
    expect(loadConfig({}).pim.groupIds).toBeNull();
    expect(loadConfig({ PIM_GROUP_IDS: "  " }).pim.groupIds).toBeNull();
  });

  it("takes group object ids separated by commas or spaces", () => {
    expect(loadConfig({ PIM_GROUP_IDS: `${A}, ${B}` }).pim.groupIds).toEqual([A, B]);
    expect(loadConfig({ PIM_GROUP_IDS: `${A} ${B}` }).pim.groupIds).toEqual([A, B]);
  });

  it("refuses something that is not a group id, saying what is expected", () => {
    expect(() => loadConfig({ PIM_GROUP_IDS: `${A},AI Platform Admins` })).toThrow(ConfigError);
    expect(() => loadConfig({ PIM_GROUP_IDS: `${A},AI Platform Admins` })).toThrow(/PIM_GROUP_IDS must be group object ids/);
  });
});
