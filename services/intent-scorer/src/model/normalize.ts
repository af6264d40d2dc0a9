/**
 * Turns whatever an ingestor handed us into the text the model scores. Evidence offsets and the
 * content hash refer to this normalized text, so every consumer can reproduce them.
 */

/** Scored text is cut to this many UTF-16 units; a note says so. */
// Buying signals sit in the title and first paragraphs; 10k covers 99% of Reddit bodies whole.
export const MAX_SCORED_CHARS = 10_000;
/** Raw input is cut to this before any regex runs, so a 1 MB post costs the same as a 200 kB one. */
const MAX_RAW_CHARS = 200_000;

export interface NormalizedText {
  readonly text: string;
  readonly notes: string[];
  /** Why the post cannot be scored (binary, empty, emoji only); the analysis still comes back. */
  readonly rejected?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function stripHtml(s: string): string {
  return s
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(?:br|\/p|\/div|\/li|\/h[1-6]|\/tr|p|li)\b[^>]*>/gi, '\n')
    .replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, ' ');
}

function toText(value: unknown, notes: string[], field: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (value instanceof Uint8Array) {
    notes.push(`${field} was bytes; decoded as UTF-8`);
    return new TextDecoder('utf-8', { fatal: false }).decode(value);
  }
  notes.push(`${field} was not text`);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

// Lone surrogates come from broken UTF-8/UTF-16 upstream; they would break JSON and Postgres later.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function looksBinary(s: string): boolean {
  const sample = s.length > 4096 ? s.slice(0, 4096) : s;
  if (sample.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad / sample.length > 0.1;
}

// What any repair below would change: a character outside printable ASCII and newline (tabs, CRs,
// controls, every non-ASCII one: NFKC, zero-width, surrogates), markup or an entity, two spaces, a
// space next to a newline, three newlines. Text with none of these only needs trim() (NFKC leaves
// ASCII alone), and most posts are such text: one scan instead of ten passes over each post.
const NEEDS_REPAIR = /[^\n\x20-\x7e]|[&<]| [ \n]|\n |\n\n\n/;

/** One part (title or content) as the model scores it; repairs are noted in `notes`. */
export function cleanPart(raw: string, notes: string[], field: string): string {
  const s = raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw;
  return NEEDS_REPAIR.test(s) ? repairPart(s, notes, field) : s.trim();
}

/** cleanPart without its shortcut for text that needs no repair (exported for the test that they agree). */
export function repairPart(raw: string, notes: string[], field: string): string {
  let s = raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw;
  const wellFormed = s.replace(LONE_SURROGATE, '\ufffd');
  if (wellFormed !== s) notes.push(`${field}: broken Unicode replaced`);
  s = wellFormed;
  if (/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i.test(s)) {
    s = stripHtml(s);
    notes.push(`${field}: HTML markup stripped`);
  }
  if (s.includes('&')) s = decodeEntities(s);
  return s
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Builds the scored text (title, blank line, body), repairing or rejecting bad input with a reason. */
export function normalizeInput(title: unknown, content: unknown): NormalizedText {
  const notes: string[] = [];
  const rawTitle = toText(title, notes, 'title');
  const rawContent = toText(content, notes, 'content');
  if (looksBinary(rawContent) || looksBinary(rawTitle)) {
    return { text: '', notes: [...notes, 'rejected: binary content'], rejected: 'binary content' };
  }
  const t = cleanPart(rawTitle, notes, 'title');
  const c = cleanPart(rawContent, notes, 'content');
  let text = t && c && !c.startsWith(t) ? `${t}\n\n${c}` : t && !c ? t : c;
  if (text.length > MAX_SCORED_CHARS) {
    let cut = MAX_SCORED_CHARS;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    text = text.slice(0, cut);
    notes.push(`content truncated to ${MAX_SCORED_CHARS} chars`);
  }
  if (text.length === 0) return { text, notes: [...notes, 'rejected: empty content'], rejected: 'empty content' };
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { text, notes: [...notes, 'rejected: no words (emoji or symbols only)'], rejected: 'no words' };
  }
  return { text, notes };
}
