import { expect, it } from "vitest";
import { RecentConversations } from "../../../src/use-cases/recent-conversations.js";

it("skips a write for the same reference within a minute, not for another reference, a minute later, or once forgotten", async () => {
  let now = 0;
  const recent = new RecentConversations({ now: () => new Date(now) });
  expect(await recent.isFresh("megan", "chat-1")).toBe(false);
  recent.noteWritten("megan", "chat-1");
  now = 59_999;
  expect(await recent.isFresh("megan", "chat-1")).toBe(true);
  expect(await recent.isFresh("megan", "chat-2")).toBe(false); // a new conversation (or service URL) is written at once
  expect(await recent.isFresh("alex", "chat-1")).toBe(false);
  now = 60_000;
  expect(await recent.isFresh("megan", "chat-1")).toBe(false);
  recent.noteWritten("megan", "chat-1");
  recent.forget("megan");
  expect(await recent.isFresh("megan", "chat-1")).toBe(false);
});
