import { describe, expect, it } from "vitest";
import { compileAnswerPattern } from "../../../../src/domain/requests/compile-answer-pattern.js";
import { describeQuestion } from "../../../../src/domain/requests/describe-question.js";
import { exampleForPattern } from "../../../../src/domain/requests/example-for-pattern.js";

describe("compileAnswerPattern", () => {
  it("compiles a valid pattern", () => {
    expect(compileAnswerPattern("^MAT-\\d{5}$")?.test("MAT-12345")).toBe(true);
  });

  it.each([[undefined], [""], ["  "], ["^MAT-(\\d{5}$"], ["[z-a]"], ["(?x)a b"]])("gives nothing for %j", (pattern) => {
    expect(compileAnswerPattern(pattern)).toBeUndefined();
  });

  it("turns .NET inline options into flags", () => {
    expect(compileAnswerPattern("(?i)^abc$")?.flags).toBe("i");
  });
});

describe("exampleForPattern", () => {
  it.each([
    ["^MAT-\\d{5}$", "MAT-12345"],
    ["^[A-Z]{3}-\\d{4}$", "ABC-4567"],
    ["^(INC|CHG)\\d{7}$", "INC1234567"],
    ["^PRJ-[0-9]{4,6}$", "PRJ-1234"],
    ["^\\d{3}-\\d{2}-\\d{4}$", "123-45-6789"],
    ["^[a-z0-9._%+-]+@contoso\\.com$", "a@contoso.com"],
    ["^(?:ab)+c?$", "abc"],
  ])("%s -> %s", (pattern, example) => {
    expect(exampleForPattern(new RegExp(pattern))).toBe(example);
  });

  it.each(["^(?=x)", "^[^x]$", "\\bfoo\\b", "(a)\\1", "^$"])("gives up on %s", (pattern) => {
    expect(exampleForPattern(new RegExp(pattern))).toBeUndefined();
  });
});

describe("describeQuestion", () => {
  it.each([
    ["Matter number", "your matter number"],
    ["What is your matter number?", "your matter number"],
    ["Enter the matter number (e.g. MAT-12345)", "your matter number"],
    ["Please provide your cost centre:", "your cost centre"],
    ["SAP ID", "your SAP ID"],
    ["GitHub username", "your GitHub username"],
    ["Why do you need access?", undefined],
    ["Describe in detail the project you will work on", undefined],
  ])("%s -> %s", (text, subject) => {
    expect(describeQuestion(text).subject).toBe(subject);
  });

  it("collects examples from the text", () => {
    expect(describeQuestion("Matter number (e.g. MAT-12345)").examples).toContain("MAT-12345");
    expect(describeQuestion("Ticket, for example INC0042424").examples).toContain("INC0042424");
    expect(describeQuestion("Project code (PRJ-1234)").examples).toContain("PRJ-1234");
  });
});
