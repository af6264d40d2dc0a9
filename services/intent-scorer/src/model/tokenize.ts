/** A word of the scored text: lower-cased, possessive stripped, with its UTF-16 span. */
export interface Token {
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  /** First character is upper case in the original (proper-noun use). */
  readonly capitalised: boolean;
}

// Dots, apostrophes, & + - stay inside a word so "apollo.io", "d&b", "slack-fill" are one token.
const WORD = /[\p{L}\p{N}]+(?:[.'’&+-][\p{L}\p{N}]+)*/gu;

/** Splits text into word tokens; linear, allocation-light (runs on every post). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    let norm = raw.toLowerCase();
    if (norm.endsWith("'s") || norm.endsWith('’s')) norm = norm.slice(0, -2);
    const first = raw[0] ?? '';
    out.push({ norm, start: m.index, end: m.index + raw.length, capitalised: first !== first.toLowerCase() });
  }
  return out;
}
