/*
 * Case-insensitive string helpers that fold ASCII in place instead of calling
 * toLowerCase, because they run once or more per row over 100k rows and
 * toLowerCase allocates. Non-ASCII input falls back to toLowerCase, which is
 * rare in directory data and keeps Unicode folding correct.
 */

function foldAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  // Length-changing Unicode case mappings (e.g. U+0130) are deliberately not equated.
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 128 || cb >= 128) return a.toLowerCase() === b.toLowerCase();
    if (foldAscii(ca) !== foldAscii(cb)) return false;
  }
  return true;
}

/** Negative, zero or positive, like a sort comparator. */
export function compareIgnoreCase(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 128 || cb >= 128) {
      const la = a.toLowerCase();
      const lb = b.toLowerCase();
      return la < lb ? -1 : la > lb ? 1 : 0;
    }
    const fa = foldAscii(ca);
    const fb = foldAscii(cb);
    if (fa !== fb) return fa - fb;
  }
  return a.length - b.length;
}

const NO_MATCH = 0;
const MATCH = 1;
/** Non-ASCII text differs here, so only toLowerCase can decide. */
const UNDECIDED = 2;

/** Compares `part` against `text` at `offset`; the caller guarantees it fits. */
function matchAt(text: string, part: string, offset: number): number {
  for (let i = 0; i < part.length; i++) {
    const ct = text.charCodeAt(offset + i);
    const cp = part.charCodeAt(i);
    if (ct === cp) continue;
    if (ct >= 128 || cp >= 128) return UNDECIDED;
    if (foldAscii(ct) !== foldAscii(cp)) return NO_MATCH;
  }
  return MATCH;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 128) return false;
  }
  return true;
}

/** Shorter text can still match once lowercasing expands a non-ASCII character. */
function tooShort(text: string, part: string): boolean {
  return part.length > text.length && isAscii(text);
}

export function startsWithIgnoreCase(text: string, prefix: string): boolean {
  if (prefix.length <= text.length) {
    const r = matchAt(text, prefix, 0);
    if (r !== UNDECIDED) return r === MATCH;
  } else if (tooShort(text, prefix)) {
    return false;
  }
  return text.toLowerCase().startsWith(prefix.toLowerCase());
}

export function endsWithIgnoreCase(text: string, suffix: string): boolean {
  if (suffix.length <= text.length) {
    const r = matchAt(text, suffix, text.length - suffix.length);
    if (r !== UNDECIDED) return r === MATCH;
  } else if (tooShort(text, suffix)) {
    return false;
  }
  return text.toLowerCase().endsWith(suffix.toLowerCase());
}

export function includesIgnoreCase(text: string, part: string): boolean {
  if (part.length <= text.length) {
    let undecided = false;
    const last = text.length - part.length;
    for (let i = 0; i <= last; i++) {
      const r = matchAt(text, part, i);
      if (r === MATCH) return true;
      if (r === UNDECIDED) undecided = true;
    }
    if (!undecided) return false;
  } else if (tooShort(text, part)) {
    return false;
  }
  return text.toLowerCase().includes(part.toLowerCase());
}
