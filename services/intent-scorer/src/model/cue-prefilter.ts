/**
 * Which words a cue's match can start with, so features.ts can skip a cue none of whose words
 * occur in the text without running it: most of the ~70 cues match nothing in most posts, and each
 * exec scans the whole text. (Checking each cue's literal words with text.includes() cost more
 * than the exec it saved: V8's regexes are fast, a prefilter has to be one pass for all cues.)
 *
 * A cue whose every match starts at a \b followed by a word character starts at a word start of
 * the text: an [A-Za-z0-9_] character after any other character or at the start (the non-unicode
 * \b). cueKeys() derives, once per cue from the regex source, every possible first four
 * characters of such a match as keys; wordStarts() records the keys of every word start of a text
 * in one pass; the cue may match only if one of its keys is recorded.
 *
 * Keys fold characters coarser than any non-unicode regex can tell them apart: A-Z as a-z, all
 * digits as one code, _ as itself, and every other character (punctuation, spaces, all of
 * non-ASCII) as one code OTHER. Without the u flag, /i never folds a non-ASCII character to an ASCII one, so this
 * only merges what a regex might distinguish, never separates what it might match.
 *
 * The parser is deliberately small: literals, escapes, classes, groups, lookarounds, alternation
 * and quantifiers. On anything else, or when the keys would be many, it gives up: no prefilter,
 * the cue always runs.
 */

/** A set of code strings (each code one char, see CODE_CHARS) of up to KEY_CHARS codes. */
type Prefixes = Set<string>;

interface Quantifier {
  readonly min: number;
  readonly max: number;
}

type Node =
  /** One character of the text, by the codes it can have. */
  | { readonly t: 'char'; readonly codes: readonly number[]; readonly q: Quantifier }
  | { readonly t: 'group'; readonly alts: readonly (readonly Node[])[]; readonly q: Quantifier }
  /** Zero-width: \b, \B, ^, $, lookarounds. */
  | { readonly t: 'assert'; readonly wordBoundary: boolean };

class GiveUp extends Error {}

const KEY_CHARS = 4;
/** Codes: a-z 0-25, any digit 26 (so \d+ makes few keys), _ 27, anything else 28. */
const ALPHABET = 29;
const DIGIT = 26;
const OTHER = 28;
const WORD_CODES = Array.from({ length: OTHER }, (_, i) => i);
const ALL_CODES = Array.from({ length: ALPHABET }, (_, i) => i);
const DIGIT_CODES = [DIGIT];
/** Most keys a cue may have (and prefix strings a step may build); more: the cue always runs. */
const MAX_KEYS = 512;
const ONE: Quantifier = { min: 1, max: 1 };
// Escaped characters that stand for themselves.
const IDENTITY_ESCAPES = new Set([...'$()*+./?[\\]^{|}-\'"/:!#%&,;<=>@`~ ']);
const CODE_CHARS = ALL_CODES.map((c) => String.fromCharCode(48 + c));

function codeOf(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 48 && c <= 57) return DIGIT;
  if (c === 95) return 27;
  return OTHER;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): (readonly Node[])[] {
    const alts = this.alternation();
    if (this.i !== this.src.length) throw new GiveUp();
    return alts;
  }

  private alternation(): (readonly Node[])[] {
    const alts = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Node[] {
    const nodes: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      if (atom.t === 'assert') nodes.push(atom);
      else nodes.push({ ...atom, q: this.quantifier() });
    }
    return nodes;
  }

  private atom(): Node {
    const c = this.src[this.i++] ?? '';
    switch (c) {
      case '^':
      case '$':
        return { t: 'assert', wordBoundary: false };
      case '.':
        return chars(ALL_CODES);
      case '[':
        return chars(this.charClass());
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        throw new GiveUp();
      default:
        return chars([codeOf(c.charCodeAt(0))]);
    }
  }

  private escape(): Node {
    const c = this.src[this.i++] ?? '';
    if (c === 'b') return { t: 'assert', wordBoundary: true };
    if (c === 'B') return { t: 'assert', wordBoundary: false };
    const codes = escapeCodes(c);
    if (codes === undefined) throw new GiveUp(); // backreferences, \u, \x, \p, \c, \k ...
    return chars(codes);
  }

  /** The codes a class can match; a negated class: all. */
  private charClass(): readonly number[] {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const codes = new Set<number>();
    let prev: number | undefined; // the last single character, for a range
    for (;;) {
      const c = this.src[this.i++];
      if (c === undefined || c === '[') throw new GiveUp(); // unterminated, or /v set notation
      if (c === ']') break;
      if (c === '-' && prev !== undefined && this.src[this.i] !== ']') {
        const to = this.src[this.i++];
        if (to === undefined || to === '\\' || to === '[') throw new GiveUp();
        const hi = to.charCodeAt(0);
        if (hi < prev) throw new GiveUp();
        for (let x = prev; x <= Math.min(hi, 0x7f); x++) codes.add(codeOf(x));
        if (hi > 0x7f) codes.add(OTHER);
        prev = undefined;
        continue;
      }
      if (c === '\\') {
        const e = this.src[this.i++] ?? '';
        const ec = escapeCodes(e);
        if (ec === undefined) throw new GiveUp();
        for (const x of ec) codes.add(x);
        prev = ec.length === 1 && IDENTITY_ESCAPES.has(e) ? e.charCodeAt(0) : undefined;
        continue;
      }
      codes.add(codeOf(c.charCodeAt(0)));
      prev = c.charCodeAt(0);
    }
    return negated ? ALL_CODES : [...codes];
  }

  private group(): Node {
    let zeroWidth = false;
    if (this.src[this.i] === '?') {
      const head = this.src.slice(this.i, this.i + 3);
      if (head.startsWith('?:')) this.i += 2;
      else if (head.startsWith('?=') || head.startsWith('?!')) {
        this.i += 2;
        zeroWidth = true;
      } else if (head === '?<=' || head === '?<!') {
        this.i += 3;
        zeroWidth = true;
      } else throw new GiveUp(); // named groups, modifiers
    }
    const alts = this.alternation();
    if (this.src[this.i++] !== ')') throw new GiveUp();
    // A lookaround is parsed for its syntax only: it consumes nothing of the match.
    return zeroWidth ? { t: 'assert', wordBoundary: false } : { t: 'group', alts, q: ONE };
  }

  private quantifier(): Quantifier {
    const c = this.src[this.i];
    let q: Quantifier;
    if (c === '?') q = { min: 0, max: 1 };
    else if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new GiveUp();
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      this.i += m[0].length - 1;
      q = { min, max };
    } else return ONE;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy: same set of possible matches
    return q;
  }
}

const chars = (codes: readonly number[]): Node => ({ t: 'char', codes, q: ONE });

function escapeCodes(c: string): readonly number[] | undefined {
  if (c === 'd') return DIGIT_CODES;
  if (c === 'w') return WORD_CODES;
  if (c === 's' || c === 'n' || c === 't' || c === 'r') return [OTHER];
  if (c === 'D' || c === 'W' || c === 'S') return ALL_CODES;
  if (IDENTITY_ESCAPES.has(c)) return [codeOf(c.charCodeAt(0))];
  return undefined;
}

function checkSize(set: Prefixes): Prefixes {
  if (set.size > MAX_KEYS) throw new GiveUp();
  return set;
}

/**
 * Every match of `nodes` in sequence, cut to its first `k` codes (whole, when shorter: the match
 * ends there). Zero-width assertions constrain nothing here (a superset is safe).
 */
function prefixes(nodes: readonly Node[], k: number): Prefixes {
  let cur: Prefixes = new Set(['']);
  for (const node of nodes) {
    if (node.t === 'assert') continue;
    let open = false;
    for (const s of cur) if (s.length < k) open = true;
    if (!open) break;
    const next: Prefixes = new Set();
    for (const s of cur) {
      if (s.length >= k) next.add(s);
      else for (const t of nodePrefixes(node, k - s.length)) next.add(s + t);
    }
    cur = checkSize(next);
  }
  return cur;
}

/** A quantified node's matches cut to `k` codes: x^j for j in [min, max], where j > k adds nothing new. */
function nodePrefixes(node: Exclude<Node, { readonly t: 'assert' }>, k: number): Prefixes {
  let one: Prefixes;
  if (node.t === 'char') one = new Set(node.codes.map((c) => CODE_CHARS[c] ?? ''));
  else {
    one = new Set();
    for (const alt of node.alts) for (const s of prefixes(alt, k)) one.add(s);
    checkSize(one);
  }
  // Reps past k: each of the first k pieces is either empty (then x^k covers it) or adds a code.
  const lo = Math.min(node.q.min, k);
  const hi = Math.min(node.q.max, k);
  const out: Prefixes = new Set();
  let power: Prefixes = new Set(['']);
  for (let j = 0; j <= hi; j++) {
    if (j >= lo) for (const s of power) out.add(s);
    if (j === hi) break;
    const next: Prefixes = new Set();
    for (const s of power) {
      if (s.length >= k) next.add(s);
      else for (const t of one) next.add((s + t).slice(0, k));
    }
    power = checkSize(next);
  }
  return checkSize(out);
}

/**
 * Keys of the word starts every match of the sequence `nodes` begins with: it must start with \b
 * and then a word character, or with a group (exactly once) each of whose branches does.
 */
function startKeys(nodes: readonly Node[], out: Set<number>): void {
  const first = nodes[0];
  if (first === undefined) throw new GiveUp();
  if (first.t === 'group') {
    if (first.q.min !== 1 || first.q.max !== 1) throw new GiveUp();
    for (const alt of first.alts) startKeys([...alt, ...nodes.slice(1)], out);
    return;
  }
  // Another zero-width assertion first (a lookbehind) only narrows where a match may start.
  if (first.t === 'assert' && !first.wordBoundary) return startKeys(nodes.slice(1), out);
  if (first.t !== 'assert') throw new GiveUp();
  for (const s of prefixes(nodes.slice(1), KEY_CHARS)) {
    const head = s.charCodeAt(0) - 48;
    // Empty, or not a word character after \b: not a word start.
    if (!(head >= 0 && head < OTHER)) throw new GiveUp();
    // The match may end before KEY_CHARS codes: the text goes on with anything.
    let keys = [s];
    while ((keys[0]?.length ?? KEY_CHARS) < KEY_CHARS) keys = keys.flatMap((p) => CODE_CHARS.map((c) => p + c));
    for (const key of keys) {
      let n = 0;
      for (let i = 0; i < KEY_CHARS; i++) n = n * ALPHABET + (key.charCodeAt(i) - 48);
      out.add(n);
    }
    if (out.size > MAX_KEYS) throw new GiveUp();
  }
}

/**
 * The keys of the word starts one of which begins every match of `pattern`, or undefined when the
 * analysis is not sure (then the cue must always run). Flags other than g, i and m: undefined.
 */
export function cueKeys(pattern: RegExp): readonly number[] | undefined {
  if (/[^gim]/.test(pattern.flags)) return undefined;
  try {
    const out = new Set<number>();
    for (const alt of new Parser(pattern.source).parse()) startKeys(alt, out);
    return [...out];
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

/** Which keys start a word of a text: a bitset over ALPHABET^KEY_CHARS keys, and the keys set. */
export interface WordStarts {
  readonly bits: Uint32Array;
  readonly keys: number[];
}

/**
 * The keys of every word start of `text`, the non-unicode \b way ([A-Za-z0-9_] after any other
 * character or at the start), each its first KEY_CHARS characters (OTHER past the end). Reuses
 * `into` when given, clearing only the bits its last text set (the bitset is 88 kB).
 */
export function wordStarts(text: string, into?: WordStarts): WordStarts {
  const starts = into ?? { bits: new Uint32Array(Math.ceil(ALPHABET ** KEY_CHARS / 32)), keys: [] };
  const { bits, keys } = starts;
  for (const key of keys) bits[key >>> 5] = 0;
  keys.length = 0;
  const n = text.length;
  let prev = OTHER;
  for (let i = 0; i < n; i++) {
    const code = codeOf(text.charCodeAt(i));
    if (code !== OTHER && prev === OTHER) {
      let key = code;
      for (let j = 1; j < KEY_CHARS; j++) key = key * ALPHABET + (i + j < n ? codeOf(text.charCodeAt(i + j)) : OTHER);
      bits[key >>> 5] = (bits[key >>> 5] ?? 0) | (1 << (key & 31));
      keys.push(key);
    }
    prev = code;
  }
  return starts;
}

/** Whether a cue with `keys` may match the text of `starts`; undefined keys: always. */
export function mayMatch(starts: WordStarts, keys: readonly number[] | undefined): boolean {
  if (keys === undefined) return true;
  const bits = starts.bits;
  for (const key of keys) if (((bits[key >>> 5] ?? 0) & (1 << (key & 31))) !== 0) return true;
  return false;
}
