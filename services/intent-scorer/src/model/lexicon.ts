import { tokenize, type Token } from './tokenize.ts';
import { CATEGORY_TERMS, VENDORS, type Segment, type Vendor, type VendorCategory } from './vendors.ts';

/** A vendor or category phrase found in the text, with its span. */
export interface LexiconHit {
  readonly kind: 'vendor' | 'category';
  readonly name: string;
  readonly category: VendorCategory;
  readonly segment: Segment;
  readonly start: number;
  readonly end: number;
  /** Token index of the first word. */
  readonly index: number;
}

/** An ambiguous vendor name used in its other sense ("Apollo moon landing", "slack off"). */
export interface CollisionHit {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

interface Entry {
  readonly words: readonly string[];
  readonly vendor?: Vendor;
  readonly category: VendorCategory;
  readonly name: string;
  /** Spelled with a dot or in a form only the vendor uses: never ambiguous. */
  readonly distinctive: boolean;
}

const splitWords = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean);

// First word -> entries, longest first, built once at module load.
const INDEX = new Map<string, Entry[]>();
function add(entry: Entry) {
  const first = entry.words[0];
  if (first === undefined) return;
  const list = INDEX.get(first) ?? [];
  list.push(entry);
  list.sort((a, b) => b.words.length - a.words.length);
  INDEX.set(first, list);
}
for (const vendor of VENDORS) {
  const spellings = new Set([vendor.name.toLowerCase(), ...(vendor.aliases ?? [])]);
  for (const spelling of spellings) {
    const words = splitWords(spelling);
    const distinctive = !vendor.ambiguous || spelling.includes('.') || words.length > 1;
    add({ words, vendor, category: vendor.category, name: vendor.name, distinctive });
  }
}
for (const [term, category] of CATEGORY_TERMS) add({ words: splitWords(term), category, name: term, distinctive: true });

function windowText(tokens: readonly Token[], from: number, to: number): string {
  let s = ' ';
  for (let i = Math.max(0, from); i < Math.min(tokens.length, to); i++) s += `${tokens[i]?.norm ?? ''} `;
  return s;
}

function isCollision(vendor: Vendor, tokens: readonly Token[], i: number, n: number, tokenSet: ReadonlySet<string>, whole: () => string): boolean {
  const amb = vendor.ambiguous;
  if (!amb) return false;
  const around = windowText(tokens, i - 4, i + n + 4);
  for (const c of amb.collisions) if (around.includes(` ${c} `)) return true;
  if (amb.context && amb.context.length > 0) {
    for (const c of amb.context) {
      if (c.includes(' ') ? whole().includes(` ${c} `) : tokenSet.has(c)) return false;
    }
    return !(amb.capitalisedOk && tokens[i]?.capitalised);
  }
  return false;
}

/** Finds vendors and category phrases; ambiguous vendor names used in another sense come back as collisions. */
export function findLexiconHits(tokens: readonly Token[]): { hits: LexiconHit[]; collisions: CollisionHit[] } {
  const hits: LexiconHit[] = [];
  const collisions: CollisionHit[] = [];
  let tokenSet: Set<string> | undefined;
  let wholeText: string | undefined;
  const whole = () => (wholeText ??= windowText(tokens, 0, tokens.length));
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) continue;
    const entries = INDEX.get(tok.norm);
    if (!entries) continue;
    for (const entry of entries) {
      const n = entry.words.length;
      let ok = true;
      for (let k = 1; k < n; k++) if (tokens[i + k]?.norm !== entry.words[k]) ok = false;
      if (!ok) continue;
      const last = tokens[i + n - 1] ?? tok;
      if (entry.vendor) {
        tokenSet ??= new Set(tokens.map((t) => t.norm));
        if (!entry.distinctive && isCollision(entry.vendor, tokens, i, n, tokenSet, whole)) {
          collisions.push({ name: entry.vendor.name, start: tok.start, end: last.end });
          break;
        }
        hits.push({ kind: 'vendor', name: entry.name, category: entry.category, segment: entry.vendor.segment, start: tok.start, end: last.end, index: i });
      } else {
        hits.push({ kind: 'category', name: entry.name, category: entry.category, segment: 'b2b', start: tok.start, end: last.end, index: i });
      }
      i += n - 1;
      break;
    }
  }
  return { hits, collisions };
}

/** The tokens of a text and their lexicon hits. */
export interface TextLexicon {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly hits: readonly LexiconHit[];
  readonly collisions: readonly CollisionHit[];
}

// The last text's answer: the scorer profiles a new post (relevance) and scores it (features) one
// right after the other, on the same normalized text; tokenizing it twice was ~2% of its CPU.
let lastLexicon: TextLexicon | undefined;

/** tokenize + findLexiconHits of `text` (the same text twice in a row is done once). */
export function lexiconOf(text: string): TextLexicon {
  if (lastLexicon?.text === text) return lastLexicon;
  const tokens = tokenize(text);
  const { hits, collisions } = findLexiconHits(tokens);
  return (lastLexicon = { text, tokens, hits, collisions });
}

/** Vendor lookup by any spelling, for keyword and monitor-context checks. */
export function vendorBySpelling(spelling: string): Vendor | undefined {
  const words = splitWords(spelling);
  const entries = INDEX.get(words[0] ?? '');
  return entries?.find((e) => e.vendor && e.words.join(' ') === words.join(' '))?.vendor;
}
