import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Preferences } from "../../../src/store/index.js";
import { cardOf, cardText, type TeamsPerson } from "../../support/teams-driver.js";
import { startBotHarness, type BotHarness } from "../../support/bot-harness.js";
import { person, requestAccess, waitForApprovalCard } from "../../support/bot-flows.js";

// Olivia Brown asks for ChatGPT (two hours; her manager Diego Siciliani approves within a day; after four
// hours the stage escalates to Diego's manager, Patti Fernandez). Quiet hours are off for both approvers
// here, so every checkpoint of the cadence is due when it falls, whatever their time zone.
let h: BotHarness;
let olivia: TeamsPerson;
let diego: TeamsPerson;
let patti: TeamsPerson;
beforeAll(async () => {
  h = await startBotHarness();
  olivia = person(h, "Olivia Brown");
  diego = person(h, "Diego Siciliani");
  patti = person(h, "Patti Fernandez");
  const preferences = new Preferences(h.bot.db);
  for (const p of [diego, patti]) {
    await h.teams.install(p);
    await preferences.put(p.aadObjectId, { quietHours: null, quietWeekends: false }, h.bot.gatepass.deps.clock.now());
  }
});
afterAll(() => h?.close());

function aboutOlivia(who: TeamsPerson, since: number): string[] {
  return h.teams.captured
    .slice(since)
    .filter((c) => c.kind === "send" && c.conversationId === h.teams.conversationIdFor(who))
    .map((c) => cardText(cardOf(c.activity)))
    .filter((text) => text.includes("Olivia Brown"));
}

describe("an approval stage's cadence, by the demo clock", () => {
  it("nudges the approver at posting, halfway and two hours before the automatic denial, and the escalation approver once it escalates; never twice", async () => {
    const start = h.teams.captured.length;
    await requestAccess(h, olivia, "I need ChatGPT for 2 hours to summarise customer feedback");
    await waitForApprovalCard(h, diego, "Olivia Brown");
    expect(aboutOlivia(diego, start)).toHaveLength(1);

    // At posting: the approval card itself is the first nudge; the pass must not send it again.
    let mark = h.teams.captured.length;
    await h.nudge();
    expect(aboutOlivia(diego, mark)).toEqual([]);
    mark = h.teams.captured.length;
    await h.nudge();
    expect(aboutOlivia(diego, mark)).toEqual([]);

    // Four hours on, Entra escalates to Patti: she is told, with the decision in the card.
    await h.advance("PT4H5M");
    mark = h.teams.captured.length;
    await h.reconcile();
    await h.nudge();
    const toPatti = aboutOlivia(patti, mark);
    expect(toPatti.length).toBeGreaterThanOrEqual(1);
    expect(toPatti.join("\n")).toContain("Escalated to you");
    mark = h.teams.captured.length;
    await h.nudge();
    expect(aboutOlivia(patti, mark)).toEqual([]);

    // Halfway (12 hours after the request): Diego hears again, once.
    await h.advance("PT8H");
    mark = h.teams.captured.length;
    await h.nudge();
    const halfway = aboutOlivia(diego, mark);
    expect(halfway).toHaveLength(1);
    expect(halfway[0]).toContain("(11 hours 55 minutes left)");
    await h.nudge();
    expect(aboutOlivia(diego, mark)).toHaveLength(1);

    // Two hours before the automatic denial (22 hours in): urgent, once.
    await h.advance("PT5H");
    mark = h.teams.captured.length;
    await h.nudge();
    expect(aboutOlivia(diego, mark)).toEqual([]);
    await h.advance("PT5H");
    mark = h.teams.captured.length;
    await h.nudge();
    const urgent = aboutOlivia(diego, mark);
    expect(urgent).toHaveLength(1);
    expect(urgent[0]).toContain("(1 hour 55 minutes left)");
    await h.nudge();
    expect(aboutOlivia(diego, mark)).toHaveLength(1);
  });
});
