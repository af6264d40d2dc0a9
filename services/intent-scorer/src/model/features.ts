import { ASK_CUES, COMMERCIAL_OBJECT, CONSUMER_OBJECT, HN_LINK_HEADLINE, PAID_OBJECT, KEYWORD_OTHER_SENSES, MODIFIER_CUES, NEGATIVE_CUES, type AskKind, type ModifierKind, type NegativeKind } from './cues.ts';
import { cueKeys, mayMatch, wordStarts, type WordStarts } from './cue-prefilter.ts';
import { lexiconOf, vendorBySpelling, type CollisionHit, type LexiconHit } from './lexicon.ts';
import type { Token } from './tokenize.ts';

/** What an ask asks for: vendors or categories named near it, or a generic product noun. */
export interface AskObject {
  readonly vendors: readonly LexiconHit[];
  readonly categories: readonly LexiconHit[];
  readonly commercial: boolean;
  /** Names something sold by a vendor (software, provider, agency), not just "a tool". */
  readonly paid: boolean;
  readonly consumer: boolean;
}

export interface AskHit {
  readonly kind: AskKind | 'implicit_ask';
  readonly level: number;
  readonly start: number;
  readonly end: number;
  readonly object: AskObject;
}

export interface ModifierHit {
  readonly kind: ModifierKind;
  readonly weight: number;
  readonly start: number;
  readonly end: number;
}

export interface NegativeHit {
  readonly kind: NegativeKind;
  readonly cap: number;
  readonly hard: boolean;
  readonly start: number;
  readonly end: number;
}

/** Everything the scoring function needs, each with its span in the scored text. */
export interface Features {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly isQuestion: boolean;
  /** A question about a consumer good (laptop, restaurant) with no business product in it. */
  readonly consumerQuestion: boolean;
  readonly asks: readonly AskHit[];
  readonly modifiers: readonly ModifierHit[];
  readonly negatives: readonly NegativeHit[];
  readonly vendors: readonly LexiconHit[];
  readonly categories: readonly LexiconHit[];
  readonly collisions: readonly CollisionHit[];
  /** The monitor keyword only occurs in another sense (Apollo moon mission, "leads to"). */
  readonly keywordCollision: { readonly start: number; readonly end: number } | undefined;
}

/** Per cue, only the first matches matter (the score takes one per kind); bounds long posts. */
const MAX_MATCHES_PER_CUE = 12;

/**
 * The first MAX_MATCHES_PER_CUE matches of a global `pattern`, as `text.matchAll(pattern)` yields
 * them. exec() on the pattern itself (its lastIndex restored after): matchAll clones the regex and
 * drives a generator per call, for each of the ~70 cues of every scored post (~4% of the scorer
 * hop's CPU, 2026-11-27).
 */
export function firstMatches(text: string, pattern: RegExp): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  if (!pattern.global) throw new TypeError(`cue ${String(pattern)} needs the g flag`); // as matchAll
  const from = pattern.lastIndex;
  try {
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      matches.push(m);
      if (matches.length >= MAX_MATCHES_PER_CUE) break;
      // An empty match would be found again at the same index: step over one character (code point with /u).
      if (m[0] === '') pattern.lastIndex = advance(text, pattern.lastIndex, pattern.unicode || pattern.flags.includes('v'));
    }
  } finally {
    pattern.lastIndex = from;
  }
  return matches;
}

// Per cue, the first four characters of the words one of which starts every match (cue-prefilter.ts).
const NEGATIVE_KEYS = NEGATIVE_CUES.map((c) => cueKeys(c.pattern));
const ASK_KEYS = ASK_CUES.map((c) => cueKeys(c.pattern));
const MODIFIER_KEYS = MODIFIER_CUES.map((c) => cueKeys(c.pattern));
const NO_MATCHES: readonly RegExpExecArray[] = [];
// extractFeatures is synchronous: one buffer serves every call.
let startsBuffer: WordStarts | undefined;

/**
 * firstMatches of a cue, skipped when no word of the text starts the way the cue's matches must:
 * most cues match nothing in most posts, and each exec scans the whole text (firstMatches was
 * ~7% of the drain's wall time, 2026-11-27).
 */
function cueMatches(text: string, starts: WordStarts, pattern: RegExp, keys: readonly number[] | undefined): readonly RegExpExecArray[] {
  return mayMatch(starts, keys) ? firstMatches(text, pattern) : NO_MATCHES;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  return c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00 ? index + 2 : index + 1;
}

const ASK_PREFIX = /^\s*(?:ask (?:hn|reddit|r\/\w+)|question|q)\s*[:-]/i;
const FIRST_PERSON = /\b(?:i|we|i'm|we're|i've|we've|i'd|we'd|my|our|us|me)\b/i;
// A statement counts as an ask only when the writer says they want something.
const FIRST_PERSON_NEED = /\b(?:i|we)(?:'m|'re| am| are)? (?:really |urgently |desperately )?(?:need|want|looking|searching|considering|evaluating|shopping)\b|\b(?:need|looking for|searching for|in search of)\b/i;

function isBoundary(text: string, i: number): boolean {
  const c = text[i];
  if (c === '?' || c === '!' || c === '\n') return true;
  if (c === '.') {
    const next = text[i + 1];
    return next === undefined || next === ' ' || next === '\n';
  }
  return false;
}

/** The sentence around [start, end): from after the previous boundary to the next boundary inclusive. */
function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && !isBoundary(text, s - 1)) s--;
  let e = end;
  while (e < text.length && !isBoundary(text, e)) e++;
  return { start: s, end: Math.min(text.length, e + 1) };
}

function within(hits: readonly LexiconHit[], start: number, end: number): LexiconHit[] {
  return hits.filter((h) => h.start >= start && h.end <= end);
}

function objectIn(text: string, hits: readonly LexiconHit[], start: number, end: number): AskObject {
  const inside = within(hits, start, end);
  const region = text.slice(start, end);
  return {
    vendors: inside.filter((h) => h.kind === 'vendor'),
    categories: inside.filter((h) => h.kind === 'category'),
    commercial: COMMERCIAL_OBJECT.test(region),
    paid: PAID_OBJECT.test(region),
    consumer: CONSUMER_OBJECT.test(region),
  };
}

const hasObject = (o: AskObject) => o.vendors.length > 0 || o.categories.length > 0 || o.commercial;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function keywordCollision(text: string, keyword: string | undefined, collisions: readonly CollisionHit[], vendors: readonly LexiconHit[]) {
  if (!keyword) return undefined;
  const kw = keyword.trim().toLowerCase();
  if (!kw) return undefined;
  const vendor = vendorBySpelling(kw);
  if (vendor) {
    const hit = collisions.find((c) => c.name === vendor.name);
    if (hit && !vendors.some((v) => v.name === vendor.name)) return { start: hit.start, end: hit.end };
  }
  for (const sense of KEYWORD_OTHER_SENSES) {
    if (!sense.keyword.test(kw)) continue;
    const uses = [...text.matchAll(new RegExp(sense.keyword.source, 'gi'))];
    const other = [...text.matchAll(sense.otherSense)];
    if (uses.length > 0 && uses.every((u) => other.some((o) => u.index >= o.index && u.index < o.index + o[0].length))) {
      const first = other[0];
      if (first) return { start: first.index, end: first.index + first[0].length };
    }
  }
  return undefined;
}

/** Where a post was found, for cues that depend on the platform's conventions. */
export interface PostSource {
  readonly platform?: string;
  readonly kind?: 'post' | 'comment';
}

/** A title-only HN story whose title is a rhetorical question headline (see HN_LINK_HEADLINE). */
function hnLinkHeadline(text: string, source: PostSource | undefined): NegativeHit | undefined {
  if (source?.platform !== 'hackernews' || source.kind === 'comment' || text.includes('\n')) return undefined;
  if (HN_LINK_HEADLINE.textPostPrefix.test(text) || HN_LINK_HEADLINE.speaker.test(text)) return undefined;
  const m = HN_LINK_HEADLINE.interrogative.exec(text);
  if (!m) return undefined;
  return { kind: 'link_headline', cap: HN_LINK_HEADLINE.cap, hard: true, start: m.index, end: m.index + m[0].length };
}

/** Runs every cue over the scored text and returns the hits with spans. */
export function extractFeatures(text: string, keyword?: string, source?: PostSource): Features {
  const { tokens, hits, collisions } = lexiconOf(text);
  const vendors = hits.filter((h) => h.kind === 'vendor');
  const categories = hits.filter((h) => h.kind === 'category');
  const askPrefix = ASK_PREFIX.test(text);
  const isQuestion = askPrefix || text.includes('?');

  const starts = (startsBuffer = wordStarts(text, startsBuffer));

  const negatives: NegativeHit[] = [];
  for (const [i, cue] of NEGATIVE_CUES.entries()) {
    for (const m of cueMatches(text, starts, cue.pattern, NEGATIVE_KEYS[i])) {
      negatives.push({ kind: cue.kind, cap: cue.cap, hard: cue.hard ?? false, start: m.index, end: m.index + m[0].length });
    }
  }
  const headline = hnLinkHeadline(text, source);
  if (headline) negatives.push(headline);
  const personSearch = negatives.filter((n) => n.kind === 'person_search' || n.kind === 'seller_side' || n.kind === 'founder_validation');

  const asks: AskHit[] = [];
  // Long posts repeat connectives ("or", "instead") many times: compute the whole-post object once.
  let textObject: AskObject | undefined;
  for (const [i, cue] of ASK_CUES.entries()) {
    for (const m of cueMatches(text, starts, cue.pattern, ASK_KEYS[i])) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (personSearch.some((p) => overlaps(p, span))) continue;
      const sentence = sentenceAround(text, span.start, span.end);
      const sentenceText = text.slice(sentence.start, sentence.end);
      const sentenceIsQuestion = sentenceText.includes('?') || (askPrefix && sentence.start === 0);
      if (cue.needsQuestion && !sentenceIsQuestion && !FIRST_PERSON_NEED.test(sentenceText)) continue;
      if (cue.needsFirstPerson && !FIRST_PERSON.test(sentenceText)) continue;
      let object: AskObject;
      switch (cue.object) {
        case 'tail':
          object = objectIn(text, hits, span.start, sentence.end);
          break;
        case 'sentence':
          object = objectIn(text, hits, sentence.start, sentence.end);
          break;
        case 'text':
        case 'none':
          object = (textObject ??= objectIn(text, hits, 0, text.length));
          break;
      }
      if (cue.object !== 'none' && !hasObject(object)) continue;
      if (cue.kind === 'comparison' && cue.object === 'none') {
        // "X or Y?": a named product on both sides of the connective, in a question.
        const before = within(hits, Math.max(sentence.start, span.start - 40), span.start);
        const after = within(hits, span.end, Math.min(sentence.end, span.end + 40));
        const inMatch = [...before, ...after].filter((h) => h.kind === 'vendor');
        if (before.length === 0 || after.length === 0 || inMatch.length === 0 || !sentenceIsQuestion) continue;
        object = { ...object, vendors: inMatch };
      }
      if (cue.kind === 'better_ask' && object.vendors.length === 0 && object.categories.length === 0) continue;
      if (cue.kind === 'switching' && object.vendors.length === 0 && object.categories.length === 0) continue;
      asks.push({ kind: cue.kind, level: cue.level, start: span.start, end: span.end, object });
    }
  }
  // Question sentences: the Ask-HN style title, and every sentence ending in "?".
  const questions: { start: number; end: number }[] = [];
  if (askPrefix) questions.push(sentenceAround(text, 0, 1));
  for (let i = text.indexOf('?'); i !== -1 && questions.length < 20; i = text.indexOf('?', i + 1)) questions.push(sentenceAround(text, i, i));
  let consumerQuestion = false;
  for (const q of questions) {
    const object = objectIn(text, hits, q.start, q.end);
    if (object.consumer && !object.commercial && object.vendors.length === 0 && object.categories.length === 0) consumerQuestion = true;
    // A question that names a product category or vendor without an ask phrase ("Ask HN: File sharing for startup").
    if (asks.length === 0 && (object.categories.length > 0 || object.commercial || object.vendors.length > 0)) {
      asks.push({ kind: 'implicit_ask', level: 5, start: q.start, end: q.end, object });
    }
  }

  const modifiers: ModifierHit[] = [];
  for (const [i, cue] of MODIFIER_CUES.entries()) {
    for (const m of cueMatches(text, starts, cue.pattern, MODIFIER_KEYS[i])) {
      modifiers.push({ kind: cue.kind, weight: cue.weight, start: m.index, end: m.index + m[0].length });
    }
  }

  return {
    text,
    tokens,
    isQuestion,
    consumerQuestion,
    asks,
    modifiers,
    negatives,
    vendors,
    categories,
    collisions,
    keywordCollision: keywordCollision(text, keyword, collisions, vendors),
  };
}
