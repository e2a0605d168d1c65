import { describe, expect, it } from "vitest";
import { commandOf } from "../../../../src/domain/intent/parse-access-intent.js";

describe("commandOf", () => {
  it("recognises the commands that need no catalog", () => {
    expect(commandOf("my access")).toBe("myAccess");
    expect(commandOf("hi, what can you do?")).toBe("help");
    expect(commandOf("approvals")).toBe("approvals");
    expect(commandOf("my reviews please")).toBe("reviews");
    expect(commandOf("what can I request?")).toBe("list");
  });

  it("leaves requests and cancellations to the full parse, which needs the person's offers", () => {
    expect(commandOf("I need ChatGPT for 2 hours to summarise feedback")).toBeUndefined();
    expect(commandOf("cancel my ChatGPT request")).toBeUndefined();
  });
});
