import { FILTER_FIELDS, Op, POSTING_SIZE, RECORD_HEADER, compileMatcherTables } from './matcher-tables.ts';
import type { MatcherTables, MatcherTablesOptions, MonitorQuery } from './matcher-tables.ts';
import { langMatches, normalizeAuthor, normalizeLang, normalizeSite, siteMatches } from './field-values.ts';
import { stateOfCode, stepFrom } from './aho-corasick.ts';
import { SLOW_UNIT, isWordAt, scanUnit, wordEndFrom } from './text-fold.ts';

/** A post as the matcher sees it. */
export type MatchablePost = {
  title?: string;
  content: string;
  kind?: 'post' | 'comment';
  site?: string;
  author?: string;
  lang?: string;
  platform?: string;
};

/** `[start, end)` UTF-16 offsets into `matchText(post)`. */
export type Span = [number, number];

/** A matching monitor. Monitors with equivalent queries share one `spans` array: do not mutate it. */
export type MonitorMatch = { monitorId: string; spans: Span[] };

/** Occurrences recorded per pattern per post, for highlighting; matching itself is not capped. */
export const maxSpansPerPattern = 16;

/**
 * The text that span offsets refer to: `${title}\n${content}` when the post has a non-empty title,
 * otherwise `content` alone.
 */
export function matchText(post: Pick<MatchablePost, 'title' | 'content'>): string {
  return post.title ? `${post.title}\n${post.content}` : post.content;
}

// Same-module copies of imported constants used in hot loops: V8 re-reads an imported binding
// through its module cell on every access (measured: 3x slower scan with an imported constant).
const HEADER = RECORD_HEADER;
const POSTING = POSTING_SIZE;
const OP_TEXT_ANY = Op.textAny;
const OP_TEXT_TITLE = Op.textTitle;
const OP_FILTER = Op.filter;
const OP_NOT = Op.not;
const OP_AND = Op.and;
const SLOW = SLOW_UNIT;

const SPACE = 32;
// Separates title from content in the folded stream. It occurs in no pattern, so no phrase spans both.
const TITLE_END = 1;

/** Matches one post against every monitor at once. Not thread-safe: it reuses scratch buffers. */
export class Matcher {
  readonly size: number;
  private readonly charClass: Uint16Array;
  /**
   * Code unit -> class of its lower case, or SLOW_UNIT / SEPARATOR_UNIT: one lookup per unit on the
   * hot path (measured ~2x faster than scanUnit then charClass).
   */
  private readonly unitClass = new Uint16Array(65536);
  private readonly delta: Int32Array;
  private readonly alphabetSize: number;
  /** Codes below this are dense rows; at and above, sparse records (see `Automaton.delta`). */
  private readonly denseCells: number;
  private readonly patternAt: Int32Array;
  private readonly outLink: Int32Array;

  // per-post scratch, stamped with a generation number instead of being cleared
  private gen = 0;
  /**
   * Per pattern: 1 when found in this post, | 2 when found in the title; reset through hitList.
   * One byte per pattern (38 KB at 100k monitors) rather than a 4-byte generation stamp: the
   * posting checks and programs read it at random patterns, and it stays in L1/L2.
   */
  private readonly found: Uint8Array;
  private readonly occCount: Uint8Array;
  private readonly occHead: Int32Array;
  private occEnd = new Int32Array(256);
  private occNext = new Int32Array(256);
  private occUsed = 0;
  private readonly hitList: Int32Array;
  private readonly spanCache: (Span[] | undefined)[];
  private hits = 0;
  /** Records to check for this post (scratch). */
  private candidates = new Int32Array(256);
  /** Sink for the prefetching loops in `match`, so the optimizer keeps their loads; no meaning. */
  touched = 0;
  /** This matcher's copy of `tables.queryCode`: slot 0 of each record is its per-post stamp. */
  private readonly code: Int32Array;
  private readonly filterStamp: Uint32Array;
  private readonly filterResult: Uint8Array;
  private readonly stack = new Uint8Array(1024);
  private origOf = new Int32Array(1024);

  constructor(readonly tables: MatcherTables) {
    const a = tables.automaton;
    this.charClass = a.charClass;
    for (let c = 0; c < 65536; c++) this.unitClass[c] = a.charClass[scanUnit[c]!]!;
    this.delta = a.delta;
    this.alphabetSize = a.alphabetSize;
    this.denseCells = a.denseStates * a.alphabetSize;
    this.patternAt = a.patternAt;
    this.outLink = a.outLink;
    const patterns = tables.patternLength.length;
    this.size = tables.monitorIds.length;
    this.found = new Uint8Array(patterns);
    this.occCount = new Uint8Array(patterns);
    this.occHead = new Int32Array(patterns);
    this.hitList = new Int32Array(patterns);
    this.spanCache = new Array<Span[] | undefined>(patterns).fill(undefined);
    // tables stay read-only (a tables object may back several matchers)
    this.code = tables.queryCode.slice();
    this.filterStamp = new Uint32Array(tables.filterValue.length);
    this.filterResult = new Uint8Array(tables.filterValue.length);
  }

  /** Monitors left out of this matcher because their query is invalid. */
  get rejected(): MatcherTables['rejected'] {
    return this.tables.rejected;
  }

  /** Every monitor whose query matches the post, with the spans of its (non-negated) words. */
  match(post: MatchablePost): MonitorMatch[] {
    this.nextGeneration();
    const title = post.title ?? '';
    this.scan(title, post.content);
    const t = this.tables;
    const ctx = new PostAttributes(post);
    let n = 0;
    for (let h = 0; h < this.hits; h++) {
      const p = this.hitList[h]!;
      n = this.gatherCandidates(t.postStart, t.postings, p, ctx, n);
      if ((this.found[p]! & 2) === 0) continue;
      n = this.gatherCandidates(t.titlePostStart, t.titlePostings, p, ctx, n);
    }
    // At 100k monitors the candidates' records and monitor ids are cache misses: read them in
    // tight loops of independent loads first, so the misses overlap instead of coming one per
    // candidate, in turn, between evaluations (interleaved A/B at 100k: +15%; 1k unchanged).
    const code = this.code;
    const cand = this.candidates;
    const gen = this.gen;
    let touched = 0;
    for (let k = 0; k < n; k++) touched ^= code[cand[k]!]!;
    let matched = 0;
    for (let k = 0; k < n; k++) {
      const o = cand[k]!;
      // a query indexed under several patterns is evaluated once per post
      if (code[o] === gen) continue;
      code[o] = gen;
      if (code[o + 1] === 0 || this.evaluate(o, ctx)) cand[matched++] = o;
    }
    const ids = t.monitorIds;
    let total = 0;
    for (let k = 0; k < matched; k++) {
      const o = cand[k]!;
      if (ids[code[o + 3]!] === undefined) touched++;
      total += code[o + 4]!;
    }
    this.touched = touched;
    // sized once: at 100k monitors a post matches ~37, and growing the array showed in profiles
    const out = new Array<MonitorMatch>(total);
    let at = 0;
    for (let k = 0; k < matched; k++) at = this.emitMatches(cand[k]!, title, post.content, out, at);
    for (let i = 0; i < t.alwaysEvaluate.length; i++) {
      const o = t.alwaysEvaluate[i]!;
      if (this.evaluate(o, ctx)) at = this.emitMatches(o, title, post.content, out, at);
    }
    return out;
  }

  /**
   * Appends to `candidates` (from index n) the records posted under pattern p in one CSR posting
   * list (body or title-only) whose second condition holds; returns the new count.
   */
  private gatherCandidates(
    start: Int32Array,
    postings: Int32Array,
    p: number,
    ctx: PostAttributes,
    n: number,
  ): number {
    const end = start[p + 1]!;
    if (this.candidates.length < n + end - start[p]!) {
      const grown = new Int32Array(Math.max(this.candidates.length * 2, n + end - start[p]!));
      grown.set(this.candidates);
      this.candidates = grown;
    }
    const cand = this.candidates;
    for (let i = start[p]!; i < end; ) {
      const at = i * POSTING;
      const second = postings[at]!;
      if (second !== -1 && !this.holds(second, ctx)) {
        i = postings[at + 1]!;
        continue;
      }
      i++;
      cand[n++] = postings[at + 2]!;
    }
    return n;
  }

  /** Whether a posting's second condition (see `MatcherTables.postings`) holds for this post. */
  private holds(second: number, ctx: PostAttributes): boolean {
    if (second < 0) return this.filter(-2 - second, ctx) === 1;
    return (this.found[second >>> 1]! & ((second & 1) + 1)) !== 0;
  }

  /**
   * One result per monitor sharing the query of record o, written to out from index at (returns
   * the next index); the spans array is shared between them.
   */
  private emitMatches(o: number, title: string, content: string, out: MonitorMatch[], at: number): number {
    const code = this.code;
    const ids = this.tables.monitorIds;
    const spans = this.spansOf(o, title, content);
    for (let i = code[o + 3]!, end = i + code[o + 4]!; i < end; i++) out[at++] = { monitorId: ids[i]!, spans };
    return at;
  }

  private nextGeneration(): void {
    this.gen++;
    // record stamps live in an Int32Array
    if (this.gen === 0x7fffffff) {
      this.gen = 1;
      const code = this.code;
      for (let o = 0; o < code.length; o += HEADER + code[o + 1]! + code[o + 2]!) code[o] = 0;
      this.filterStamp.fill(0);
    }
    // drop the previous post's cached spans: left in place they survive young-generation GCs and
    // get promoted, which made old-space collections a visible share of matching
    for (let h = 0; h < this.hits; h++) {
      const p = this.hitList[h]!;
      this.found[p] = 0;
      this.spanCache[p] = undefined;
    }
    this.hits = 0;
    this.occUsed = 0;
  }

  /**
   * Fold `␠title␠\x01␠content␠` through the automaton; returns the folded index of the title separator.
   *
   * Every pattern starts with a space, so at the root the rest of a word cannot start a match: it
   * is skipped without folding or a table lookup. Ordinary words leave the trie after a letter or
   * two, so most characters of a post take this path.
   */
  private scan(title: string, content: string): number {
    const need = title.length * 2 + content.length * 2 + 8;
    if (this.origOf.length < need) this.origOf = new Int32Array(need);
    // the current state's code (a dense row offset or a sparse record offset); 0 is the root
    let row = 0;
    let f = 0;
    let titleEnd = -1;
    const { charClass, unitClass, delta, denseCells, origOf } = this;
    const spaceClass = charClass[SPACE]!;
    const feed = (unit: number, orig: number): void => {
      const cls = charClass[unit]!;
      let next = row < denseCells ? delta[row + cls]! : stepFrom(delta, denseCells, row, cls);
      origOf[f] = orig;
      if (next < 0) {
        next = -next - 1;
        this.report(stateOfCode(this.tables.automaton, next), f, titleEnd);
      }
      row = next;
      f++;
    };
    feed(SPACE, 0);
    for (let part = 0; part < 2; part++) {
      const text = part === 0 ? title : content;
      const base = part === 0 ? 0 : title ? title.length + 1 : 0;
      let lastSpace = true;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        const cls = unitClass[c]!;
        if (cls < SLOW) {
          // a BMP word character that folds to one code unit: the hot path
          lastSpace = false;
          if (row === 0) continue;
          let next = row < denseCells ? delta[row + cls]! : stepFrom(delta, denseCells, row, cls);
          origOf[f] = base + i;
          if (next < 0) {
            next = -next - 1;
            this.report(stateOfCode(this.tables.automaton, next), f, titleEnd);
          }
          row = next;
          f++;
          continue;
        }
        if (cls === SLOW && (c < 0xd800 || c > 0xdfff || isWordAt(text, i))) {
          const cp = text.codePointAt(i)!;
          if (row !== 0) {
            const s = String.fromCodePoint(cp).toLowerCase();
            for (let k = 0; k < s.length; k++) feed(s.charCodeAt(k), base + i);
          }
          if (cp > 0xffff) i++;
          lastSpace = false;
          continue;
        }
        if (!lastSpace) {
          // inlined feed(SPACE, base + i): once per word
          let next =
            row < denseCells ? delta[row + spaceClass]! : stepFrom(delta, denseCells, row, spaceClass);
          origOf[f] = base + i;
          if (next < 0) {
            next = -next - 1;
            this.report(stateOfCode(this.tables.automaton, next), f, titleEnd);
          }
          row = next;
          f++;
          lastSpace = true;
        }
      }
      if (!lastSpace) feed(SPACE, base + n);
      if (part === 0) {
        titleEnd = f;
        feed(TITLE_END, base + n);
        feed(SPACE, base + n);
      }
    }
    return titleEnd;
  }

  private report(state: number, end: number, titleEnd: number): void {
    for (let s = this.patternAt[state]! >= 0 ? state : this.outLink[state]!; s >= 0; s = this.outLink[s]!) {
      const p = this.patternAt[s]!;
      if (this.found[p] === 0) {
        this.found[p] = 1;
        this.occCount[p] = 0;
        this.occHead[p] = -1;
        this.hitList[this.hits++] = p;
      }
      // titleEnd < 0 while the title itself is being scanned
      if (titleEnd < 0) this.found[p] = 3;
      if (this.occCount[p]! < maxSpansPerPattern) {
        this.occCount[p]!++;
        if (this.occUsed === this.occEnd.length) {
          const e = new Int32Array(this.occUsed * 2);
          e.set(this.occEnd);
          this.occEnd = e;
          const n = new Int32Array(this.occUsed * 2);
          n.set(this.occNext);
          this.occNext = n;
        }
        this.occEnd[this.occUsed] = end;
        this.occNext[this.occUsed] = this.occHead[p]!;
        this.occHead[p] = this.occUsed++;
      }
    }
  }

  /** Run the postfix program of record o. */
  private evaluate(o: number, ctx: PostAttributes): boolean {
    const prog = this.code;
    const stack = this.stack;
    const found = this.found;
    let sp = 0;
    for (let i = o + HEADER, end = i + prog[o + 1]!; i < end; i++) {
      const ins = prog[i]!;
      const arg = ins >>> 3;
      switch (ins & 7) {
        case OP_TEXT_ANY:
          stack[sp++] = found[arg]! & 1;
          break;
        case OP_TEXT_TITLE:
          stack[sp++] = found[arg]! >>> 1;
          break;
        case OP_FILTER:
          stack[sp++] = this.filter(arg, ctx);
          break;
        case OP_NOT:
          stack[sp - 1] = stack[sp - 1]! ^ 1;
          break;
        case OP_AND: {
          let v = 1;
          for (let k = 0; k < arg; k++) v &= stack[--sp]!;
          stack[sp++] = v;
          break;
        }
        default: {
          let v = 0;
          for (let k = 0; k < arg; k++) v |= stack[--sp]!;
          stack[sp++] = v;
        }
      }
    }
    return stack[0] === 1;
  }

  private filter(f: number, ctx: PostAttributes): number {
    if (this.filterStamp[f] === this.gen) return this.filterResult[f]!;
    const value = this.tables.filterValue[f]!;
    let ok = false;
    switch (FILTER_FIELDS[this.tables.filterField[f]!]) {
      case 'site':
        ok = ctx.site !== undefined && siteMatches(value, ctx.site);
        break;
      case 'type':
        ok = ctx.kind === value;
        break;
      case 'author':
        ok = ctx.author === value;
        break;
      case 'lang':
        ok = ctx.lang !== undefined && langMatches(value, ctx.lang);
        break;
      case undefined:
        ok = false;
    }
    this.filterStamp[f] = this.gen;
    this.filterResult[f] = ok ? 1 : 0;
    return this.filterResult[f];
  }

  private spansOf(o: number, title: string, content: string): Span[] {
    const code = this.code;
    let first: Span[] | undefined;
    let merged: Span[] | undefined;
    for (let i = o + HEADER + code[o + 1]!, end = i + code[o + 2]!; i < end; i++) {
      const leaf = code[i]!;
      const p = leaf >>> 1;
      if (this.found[p] === 0) continue;
      let spans = this.patternSpans(p, title, content);
      if ((leaf & 1) === 1) spans = inTitle(spans, title);
      if (first === undefined) first = spans;
      else merged = mergeSpans(merged ?? first, spans);
    }
    return merged ?? first ?? [];
  }

  /** Spans of every recorded occurrence of pattern p in this post, computed once per post. */
  private patternSpans(p: number, title: string, content: string): Span[] {
    const cached = this.spanCache[p];
    if (cached !== undefined) return cached;
    const t = this.tables;
    const len = t.patternLength[p]!;
    const prefix = t.patternIsPrefix[p] === 1;
    const origOf = this.origOf;
    const spans = new Array<Span>(this.occCount[p]!);
    // occurrences are linked newest first
    let k = spans.length;
    for (let o = this.occHead[p]!; o >= 0; o = this.occNext[o]!) {
      const e = this.occEnd[o]!;
      // a whole-word pattern ends with the separator after its last word, whose original
      // position is that word's end; a prefix ends inside a word
      const end = prefix ? this.originalWordEnd(origOf[e]!, title, content) : origOf[e]!;
      spans[--k] = [origOf[e - len + 2]!, end];
    }
    this.spanCache[p] = spans;
    return spans;
  }

  private originalWordEnd(orig: number, title: string, content: string): number {
    if (title && orig < title.length) return wordEndFrom(title, orig);
    const base = title ? title.length + 1 : 0;
    return base + wordEndFrom(content, orig - base);
  }
}

/** The spans that lie in the title (the same array when all do). */
function inTitle(spans: Span[], title: string): Span[] {
  if (title === '') return [];
  let n = 0;
  while (n < spans.length && spans[n]![1] <= title.length) n++;
  // spans are in text order and the title comes first
  return n === spans.length ? spans : spans.slice(0, n);
}

/**
 * Union of two span lists sorted by start (then end), without duplicates: different leaves can
 * highlight the same word (crm and cr*).
 */
function mergeSpans(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: Span;
    if (y === undefined || (x !== undefined && (x[0] < y[0] || (x[0] === y[0] && x[1] <= y[1])))) {
      next = x!;
      i++;
    } else {
      next = y;
      j++;
    }
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== next[0] || last[1] !== next[1]) out.push(next);
  }
  return out;
}

/** The post's filterable attributes in canonical form, normalized lazily (most posts need none). */
class PostAttributes {
  private siteValue: string | undefined | null = null;
  private authorValue: string | undefined | null = null;
  private langValue: string | undefined | null = null;
  readonly kind: string | undefined;

  constructor(private readonly post: MatchablePost) {
    this.kind = post.kind;
  }
  get site(): string | undefined {
    if (this.siteValue === null)
      this.siteValue = this.post.site === undefined ? undefined : normalizeSite(this.post.site);
    return this.siteValue;
  }
  get author(): string | undefined {
    if (this.authorValue === null) {
      this.authorValue = this.post.author === undefined ? undefined : normalizeAuthor(this.post.author);
    }
    return this.authorValue;
  }
  get lang(): string | undefined {
    if (this.langValue === null)
      this.langValue = this.post.lang === undefined ? undefined : normalizeLang(this.post.lang);
    return this.langValue;
  }
}

/** Build a matcher over all monitors (invalid queries are skipped and listed in `matcher.rejected`). */
export function buildMatcher(monitors: readonly MonitorQuery[], options?: MatcherTablesOptions): Matcher {
  return new Matcher(compileMatcherTables(monitors, options));
}
