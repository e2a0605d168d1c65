import { expect, it } from "vitest";
import { RecentConversations } from "../../../src/use-cases/recent-conversations.js";

it("skips a write for the same reference within a minute, not for another reference, a minute later, or once forgotten", () => {
  let now = 0;
  const recent = new RecentConversations(() => now);
  expect(recent.isFresh("megan", "chat-1")).toBe(false);
  recent.noteWritten("megan", "chat-1");
  now = 59_999;
  expect(recent.isFresh("megan", "chat-1")).toBe(true);
  expect(recent.isFresh("megan", "chat-2")).toBe(false); // a new conversation (or service URL) is written at once
  expect(recent.isFresh("alex", "chat-1")).toBe(false);
  now = 60_000;
  expect(recent.isFresh("megan", "chat-1")).toBe(false);
  recent.noteWritten("megan", "chat-1");
  recent.forget("megan");
  expect(recent.isFresh("megan", "chat-1")).toBe(false);
});
