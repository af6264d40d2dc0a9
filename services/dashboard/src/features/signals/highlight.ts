import type { Evidence } from '../../api/types.ts';

export type MarkKind = 'evidence' | 'term';
export interface Mark {
  start: number;
  end: number;
  kind: MarkKind;
  /** Tooltip, e.g. the rubric cue an evidence quote shows. */
  note?: string;
}
export interface Segment {
  text: string;
  kind: MarkKind | null;
  note?: string;
}

const OPERATORS = new Set(['OR', 'AND', 'NOT']);

/**
 * The words and phrases a monitor query asks for (negated terms and field filters such as
 * `site:` or `-word` are not highlighted: they never appear in a match by definition).
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  const re = /(-?)"([^"]+)"|(\S+)/g;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    if (m[2] !== undefined) {
      if (m[1] !== '-') terms.push(m[2]);
      continue;
    }
    const word = (m[3] ?? '').replace(/^[()]+|[()]+$/g, '');
    if (!word || word.startsWith('-') || OPERATORS.has(word) || word.includes(':')) continue;
    terms.push(word);
  }
  return [...new Set(terms.filter((t) => t.replace(/\*$/, '').length > 1))];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word, case-insensitive occurrences of the terms; `word*` is a prefix (as in the query language). */
export function termMarks(text: string, terms: string[]): Mark[] {
  const marks: Mark[] = [];
  for (const term of terms) {
    const prefix = term.endsWith('*');
    const body = escapeRe(prefix ? term.slice(0, -1) : term);
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${body}${prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'giu');
    for (let m = re.exec(text); m; m = re.exec(text)) marks.push({ start: m.index, end: m.index + m[0].length, kind: 'term' });
  }
  return marks;
}

/** Evidence quotes located in the text: at their offsets when they still line up, else by search. */
export function evidenceMarks(text: string, evidence: readonly unknown[]): Mark[] {
  const marks: Mark[] = [];
  for (const raw of evidence) {
    const e = raw as Partial<Evidence>;
    if (typeof e.quote !== 'string' || !e.quote) continue;
    const note = typeof e.cue === 'string' ? e.cue.replace(/_/g, ' ') : undefined;
    if (typeof e.start === 'number' && typeof e.end === 'number' && text.slice(e.start, e.end) === e.quote) {
      marks.push({ start: e.start, end: e.end, kind: 'evidence', ...(note ? { note } : {}) });
      continue;
    }
    const at = text.toLowerCase().indexOf(e.quote.toLowerCase());
    if (at >= 0) marks.push({ start: at, end: at + e.quote.length, kind: 'evidence', ...(note ? { note } : {}) });
  }
  return marks;
}

/**
 * Splits text into plain and marked segments. Overlaps resolve in favour of evidence, then the
 * earlier mark; the segments always concatenate back to the original text.
 */
export function segment(text: string, marks: Mark[]): Segment[] {
  const kindAt: (Mark | undefined)[] = new Array<Mark | undefined>(text.length);
  const ordered = [...marks].sort((a, b) => (a.kind === b.kind ? a.start - b.start : a.kind === 'evidence' ? -1 : 1));
  for (const m of ordered) {
    for (let i = Math.max(0, m.start); i < Math.min(text.length, m.end); i++) kindAt[i] ??= m;
  }
  const out: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    const m = kindAt[i];
    let j = i + 1;
    while (j < text.length && kindAt[j] === m) j++;
    const last = out[out.length - 1];
    if (!m && last && last.kind === null) last.text += text.slice(i, j);
    else out.push({ text: text.slice(i, j), kind: m?.kind ?? null, ...(m?.note ? { note: m.note } : {}) });
    i = j;
  }
  return out;
}
