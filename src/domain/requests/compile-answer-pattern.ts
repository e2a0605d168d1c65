/**
 * Compiles a policy's `regexPattern` for checking answers, or undefined when JavaScript cannot compile
 * it: Entra stores .NET patterns, and an admin's typo must not stop every request, so such a pattern
 * is treated as no pattern. A leading .NET inline option `(?i)` becomes the `i` flag.
 *
 * Matching follows .NET's `Regex.IsMatch`: the pattern may match anywhere unless it is anchored, as
 * Entra itself checks it; being stricter than Entra would reject answers it accepts.
 */
export function compileAnswerPattern(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined || pattern.trim() === "") return undefined;
  let source = pattern;
  let flags = "";
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    const options = inline[1] ?? "";
    // "x" (ignore whitespace) has no JavaScript equivalent; compiling without it would change the pattern.
    if (options.includes("x")) return undefined;
    if (options.includes("i")) flags += "i";
    if (options.includes("m")) flags += "m";
    if (options.includes("s")) flags += "s";
    source = source.slice(inline[0].length);
  }
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}
