import { describe, expect, it } from "vitest";
import { WorkLane } from "../../../src/use-cases/work-lane.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("WorkLane", () => {
  it("runs at most `concurrency` tasks at once, in the order they were queued", async () => {
    const lane = new WorkLane(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    gates.forEach((gate, i) =>
      lane.push(async () => {
        started.push(i);
        await gate.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    await lane.idle();
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it("keeps going after a task fails", async () => {
    const lane = new WorkLane(1);
    const done: string[] = [];
    lane.push(async () => {
      throw new Error("boom");
    });
    lane.push(async () => {
      done.push("second");
    });
    await lane.idle();
    expect(done).toEqual(["second"]);
  });
});
