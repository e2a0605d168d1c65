/**
 * A readable example that matches a simple answer pattern, so a message can say "must look like
 * MAT-12345" instead of showing the pattern. Handles literals, anchors, `\d`, `\w`, `\s`, character
 * classes with ranges, groups, alternatives (the first is used) and quantifiers; gives up (undefined)
 * on anything else, and on any example the pattern does not actually accept.
 */
export function exampleForPattern(pattern: RegExp): string | undefined {
  try {
    const generator = new ExampleGenerator(pattern.source);
    const example = generator.generate();
    return example !== "" && pattern.test(example) ? example : undefined;
  } catch {
    return undefined;
  }
}

class Unsupported extends Error {}

type Piece = () => string;

class ExampleGenerator {
  private pos = 0;
  // One counter for every picked character, so "\d{5}" reads 12345 and "[A-Z]{3}" reads ABC.
  private picks = 0;

  constructor(private readonly source: string) {}

  generate(): string {
    const out = this.alternation();
    if (this.pos !== this.source.length) throw new Unsupported();
    return out;
  }

  private alternation(): string {
    const first = this.sequence();
    while (this.peek() === "|") {
      this.pos++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = "";
    while (this.pos < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      const piece = this.atom();
      const count = this.quantifier();
      for (let k = 0; k < count; k++) out += piece();
    }
    return out;
  }

  private atom(): Piece {
    const ch = this.next();
    if (ch === "^" || ch === "$") return () => "";
    if (ch === ".") return () => "x";
    if (ch === "(") return this.group();
    if (ch === "[") return this.characterClass();
    if (ch === "\\") return this.escape();
    if ("*+?{".includes(ch)) throw new Unsupported();
    return () => ch;
  }

  private group(): Piece {
    if (this.peek() === "?") {
      if (this.source[this.pos + 1] !== ":") throw new Unsupported();
      this.pos += 2;
    }
    const start = this.pos;
    this.alternation();
    if (this.next() !== ")") throw new Unsupported();
    const inner = this.source.slice(start, this.pos - 1);
    // Re-generate the group each time it repeats, so counters keep advancing inside it.
    return () => {
      const sub = new ExampleGenerator(inner);
      sub.picks = this.picks;
      const out = sub.generate();
      this.picks = sub.picks;
      return out;
    };
  }

  private characterClass(): Piece {
    if (this.peek() === "^") throw new Unsupported();
    const ranges: Array<[number, number]> = [];
    while (this.peek() !== "]") {
      if (this.pos >= this.source.length) throw new Unsupported();
      const low = this.classChar();
      if (this.peek() === "-" && this.source[this.pos + 1] !== "]") {
        this.pos++;
        const high = this.classChar();
        ranges.push([low, high]);
      } else ranges.push([low, low]);
    }
    this.pos++;
    const first = ranges[0];
    if (first === undefined) throw new Unsupported();
    return () => this.pick(first[0], first[1]);
  }

  private classChar(): number {
    const ch = this.next();
    if (ch !== "\\") return ch.charCodeAt(0);
    const escaped = this.next();
    if (escaped === "d") return "0".charCodeAt(0);
    if (/[a-zA-Z0-9]/.test(escaped)) throw new Unsupported();
    return escaped.charCodeAt(0);
  }

  private escape(): Piece {
    const ch = this.next();
    if (ch === "d") return () => this.pick(48, 57);
    if (ch === "w") return () => this.pick(97, 122);
    if (ch === "s") return () => " ";
    if (/[a-zA-Z0-9]/.test(ch)) throw new Unsupported();
    return () => ch;
  }

  private quantifier(): number {
    const ch = this.peek();
    let count = 1;
    if (ch === "*") count = 0;
    else if (ch === "+" || ch === "?") count = 1;
    else if (ch === "{") {
      const match = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!match) throw new Unsupported();
      this.pos += match[0].length;
      const min = Number(match[1]);
      const max = match[3] === undefined || match[3] === "" ? undefined : Number(match[3]);
      count = min > 0 ? min : Math.min(1, max ?? 1);
      if (this.peek() === "?") this.pos++;
      return count;
    } else return 1;
    this.pos++;
    if (this.peek() === "?") this.pos++;
    return count;
  }

  private pick(low: number, high: number): string {
    const size = high - low + 1;
    // Digits start at 1, so an example reads 12345 rather than 01234.
    const offset = low === 48 ? 1 : 0;
    const code = low + ((this.picks + offset) % size);
    this.picks++;
    return String.fromCharCode(code);
  }

  private peek(): string | undefined {
    return this.source[this.pos];
  }

  private next(): string {
    const ch = this.source[this.pos];
    if (ch === undefined) throw new Unsupported();
    this.pos++;
    return ch;
  }
}
