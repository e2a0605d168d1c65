import { describe, expect, it } from "vitest";
import { Preferences } from "../../../src/store/preferences.js";
import { at, T0, uid } from "./support/fixtures.js";
import { storeBackends, useIsolatedStore } from "./support/store-backends.js";

describe.each(storeBackends())("Preferences on $name", (backend) => {
  const store = useIsolatedStore(backend);
  const preferences = () => new Preferences(store().db);

  it("reads many people's preferences in one query, leaving out those who set none", async () => {
    const [a, b, none] = [uid("user"), uid("user"), uid("user")];
    await preferences().put(a, { quietHours: null }, T0);
    await preferences().put(b, { quietWeekends: false }, T0);
    const many = await preferences().getMany([a, b, none]);
    expect([...many.keys()].sort()).toEqual([a, b].sort());
    expect(many.get(a)?.preferences).toEqual({ quietHours: null });
    expect(await preferences().getMany([])).toEqual(new Map());
  });

  it("answers undefined for someone who never set any", async () => {
    expect(await preferences().get(uid("user"))).toBeUndefined();
  });

  it("stores and returns a person's preferences", async () => {
    const user = uid("user");
    const value = { quietHours: { from: "19:00", to: "08:00", timeZone: "Pacific Standard Time" }, snoozeUntil: "2026-03-03T16:00:00Z" };
    expect(await preferences().put(user, value, T0)).toEqual({ aadObjectId: user, preferences: value, updatedAt: T0 });
    expect(await preferences().get(user)).toEqual({ aadObjectId: user, preferences: value, updatedAt: T0 });
  });

  it("replaces rather than merges on a later put", async () => {
    const user = uid("user");
    await preferences().put(user, { quietHours: { from: "19:00", to: "08:00" }, snoozeUntil: "2026-03-03T16:00:00Z" }, T0);
    await preferences().put(user, { snoozeUntil: null }, at(1000));
    expect(await preferences().get(user)).toEqual({ aadObjectId: user, preferences: { snoozeUntil: null }, updatedAt: at(1000) });
  });

  it("keeps people apart", async () => {
    const [a, b] = [uid("a"), uid("b")];
    await preferences().put(a, { n: 1 }, T0);
    await preferences().put(b, { n: 2 }, T0);
    expect((await preferences().get(a))?.preferences).toEqual({ n: 1 });
  });

  it("rejects anything but a JSON object", async () => {
    for (const value of [[], "text", 1, null]) {
      await expect(preferences().put(uid("user"), value as object, T0)).rejects.toMatchObject({ code: "invalid_argument" });
    }
  });
});
