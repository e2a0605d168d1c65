import { parseFunctionSegment } from "../odata/parse-function-args.js";
import type { GraphVersion, HttpMethod, Route } from "./route.js";

type Segment =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string }
  | { kind: "function"; name: string; args: { key: string; param: string | null; literal: string | null }[] };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
  literalCount: number;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  fnArgs: Record<string, string>;
}

const stripNamespace = (s: string) => s.replace(/^microsoft\.graph\./i, "").toLowerCase();

/** Splits a Graph path into segments without splitting inside a function call's quoted arguments. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (const ch of path) {
    if (ch === "'" && depth > 0) quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth = Math.max(0, depth - 1);
    if (ch === "/" && depth === 0 && !quoted) {
      if (current) out.push(current);
      current = "";
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

function compileSegment(text: string): Segment {
  const param = /^\{([^}]+)\}$/.exec(text);
  if (param) return { kind: "param", name: param[1]! };
  const fn = /^([\w.]+)\((.*)\)$/.exec(text);
  if (fn) {
    const args = fn[2]!
      .split(",")
      .filter(Boolean)
      .map((pair) => {
        const [key, raw] = pair.split("=") as [string, string];
        const p = /^'?\{([^}]+)\}'?$/.exec(raw.trim());
        return { key: key.trim(), param: p ? p[1]! : null, literal: p ? null : raw.trim().replace(/^'|'$/g, "") };
      });
    return { kind: "function", name: stripNamespace(fn[1]!), args };
  }
  return { kind: "literal", text: stripNamespace(text) };
}

/**
 * Matches Graph paths to routes. Among routes that match, the one with the most literal segments wins,
 * so `assignmentRequests/filterByCurrentUser(...)` beats `assignmentRequests/{id}`.
 */
export class RouteTable {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const segments = splitPath(route.pattern).map(compileSegment);
      this.routes.push({ route, segments, literalCount: segments.filter((s) => s.kind !== "param").length });
    }
    return this;
  }

  all(): Route[] {
    return this.routes.map((r) => r.route);
  }

  /** The best route for the path; `methods` lists what other methods the path supports, for a 405. */
  match(method: HttpMethod, version: GraphVersion, path: string): { match?: RouteMatch; methods: HttpMethod[] } {
    const parts = splitPath(path);
    let best: { compiled: CompiledRoute; params: Record<string, string>; fnArgs: Record<string, string> } | undefined;
    const methods = new Set<HttpMethod>();
    for (const compiled of this.routes) {
      if (compiled.segments.length !== parts.length) continue;
      if (!(compiled.route.versions ?? ["v1.0"]).includes(version)) continue;
      const bound = bind(compiled.segments, parts);
      if (!bound) continue;
      methods.add(compiled.route.method);
      if (compiled.route.method !== method) continue;
      if (!best || compiled.literalCount > best.compiled.literalCount) best = { compiled, ...bound };
    }
    return {
      match: best && { route: best.compiled.route, params: best.params, fnArgs: best.fnArgs },
      methods: [...methods],
    };
  }
}

function bind(segments: Segment[], parts: string[]): { params: Record<string, string>; fnArgs: Record<string, string> } | null {
  const params: Record<string, string> = {};
  const fnArgs: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const part = parts[i]!;
    if (seg.kind === "literal") {
      if (stripNamespace(part) !== seg.text) return null;
    } else if (seg.kind === "param") {
      // An id never contains parentheses; a function call must not be taken for one.
      if (part.includes("(")) return null;
      params[seg.name] = part;
    } else {
      let call: ReturnType<typeof parseFunctionSegment>;
      try {
        call = parseFunctionSegment(part);
      } catch {
        return null;
      }
      if (!call || call.name.toLowerCase() !== seg.name) return null;
      const keys = Object.keys(call.args);
      if (keys.length !== seg.args.length) return null;
      for (const arg of seg.args) {
        const value = Object.entries(call.args).find(([k]) => k.toLowerCase() === arg.key.toLowerCase())?.[1];
        if (value === undefined) return null;
        if (arg.literal !== null && value !== arg.literal) return null;
        if (arg.param) fnArgs[arg.param] = value;
      }
    }
  }
  return { params, fnArgs };
}
