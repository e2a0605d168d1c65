import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => parse(readFileSync(join(root, path), "utf8"));

interface Persona {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

describe("Agents Playground personas (.m365agentsplayground.yml)", () => {
  const config = read(".m365agentsplayground.yml");
  const tenant = read("src/demo-tenant/scenario/contoso/tenant.yaml");
  const people = read("src/demo-tenant/scenario/contoso/people.yaml").users as { id: string; displayName: string; givenName: string; surname: string }[];
  const personas: Persona[] = [config.currentUser, ...config.users];

  it("has the shape the Playground requires: five users besides Alex, unique ids, its own key names", () => {
    expect(config.version).toBe("0.1.1");
    expect(config.users).toHaveLength(5);
    expect(new Set(personas.map((p) => p.id)).size).toBe(6);
    for (const p of personas) {
      expect(Object.keys(p).sort()).toEqual(["aadObjectId", "email", "givenName", "id", "name", "surname", "userPrincipleName"]);
      expect(p.id).toBe(`29:${p.aadObjectId}`);
    }
    expect(config.bot.name.length).toBeLessThanOrEqual(42);
    expect(config.personalChat.id).toBe(`a:personal-${config.currentUser.aadObjectId}`);
  });

  it("speaks as the demo tenant: same tenant, bot and people", () => {
    expect(config.tenantId).toBe(tenant.tenant.id);
    expect(config.tenantId).toBe("00000000-0000-0000-0000-0000000000001");
    expect(config.bot.id).toBe(tenant.bot.appId);
    expect(config.currentUser).toMatchObject({ name: "Alex Wilber", aadObjectId: "00000000-0000-0000-0000-0000000000020", userPrincipleName: "alexw@example.com" });
    expect(config.users.map((u: Persona) => u.name)).toEqual(["Megan Bowen", "Adele Vance", "Isaiah Langer", "Patti Fernandez", "Lynne Robbins"]);
    for (const p of personas) {
      const person = people.find((u) => u.id === p.aadObjectId);
      expect(person, `${p.name} is in people.yaml`).toBeDefined();
      expect({ name: p.name, givenName: p.givenName, surname: p.surname }).toEqual({ name: person!.displayName, givenName: person!.givenName, surname: person!.surname });
    }
    expect(config.users.find((u: Persona) => u.name === "Isaiah Langer")).toMatchObject({ userPrincipleName: "isaiah@example.com" });
    expect(config.users.find((u: Persona) => u.name === "Megan Bowen")).toMatchObject({ userPrincipleName: "meganb@example.com" });
  });
});
