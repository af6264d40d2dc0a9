/**
 * Word characters and case folding, shared by the parser and the matcher so that a query word and
 * a post word fold identically.
 *
 * A word is a run of Unicode letters, digits and combining marks; everything else (spaces,
 * punctuation, apostrophes, hyphens, emoji) separates words. So `salesforce's` is the words
 * `salesforce` + `s`, and `crm` never matches inside `scrm`. Folding is per-character
 * `toLowerCase()`: context-free, so the same character always folds the same way.
 * Scripts without spaces between words (CJK) match only as whole runs; this is a known limit.
 */

const WORD_RE = /[\p{L}\p{N}\p{M}]/u;

/** 1 when a BMP code unit is a word character. Surrogates are handled by code point. */
export const wordUnit = new Uint8Array(65536);
/** Lower-case of a BMP code unit when it folds to exactly one unit, else 0 (slow path). */
export const foldUnit = new Uint16Array(65536);

for (let c = 0; c < 65536; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCharCode(c);
  if (!WORD_RE.test(ch)) continue;
  wordUnit[c] = 1;
  const lower = ch.toLowerCase();
  foldUnit[c] = lower.length === 1 ? lower.charCodeAt(0) : 0;
}

/** scanUnit value of a code unit that is not part of a word. */
export const SEPARATOR_UNIT = 0xffff;
/** scanUnit value of a surrogate or a unit whose lower case is longer than one unit (slow path). */
export const SLOW_UNIT = 0xfffe;
/**
 * The matcher's one lookup per code unit: its single-unit lower case, or SEPARATOR_UNIT /
 * SLOW_UNIT. Neither flag is a word character, so no query pattern contains them.
 */
export const scanUnit = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) {
  if (c >= 0xd800 && c <= 0xdfff) scanUnit[c] = SLOW_UNIT;
  else if (wordUnit[c] !== 1) scanUnit[c] = SEPARATOR_UNIT;
  else scanUnit[c] = foldUnit[c] === 0 ? SLOW_UNIT : foldUnit[c]!;
}

/** Whether the code point starting at `i` in `text` is a word character. */
export function isWordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return wordUnit[c] === 1;
  const cp = text.codePointAt(i) ?? c;
  return cp > 0xffff && WORD_RE.test(String.fromCodePoint(cp));
}

/** Index just after the word that contains position `i` (or `i` itself when not in a word). */
export function wordEndFrom(text: string, i: number): number {
  let j = i;
  while (j < text.length && isWordAt(text, j))
    j += text.charCodeAt(j) >= 0xd800 && text.charCodeAt(j) <= 0xdbff ? 2 : 1;
  return j;
}

/** Fold one code point (given as a string) to its lower case. */
export function foldChar(ch: string): string {
  return ch.toLowerCase();
}

/** Split text into folded words, e.g. `Node.JS's` -> ['node', 'js', 's']. */
export function foldWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of text) {
    if (ch.length === 1 ? wordUnit[ch.charCodeAt(0)] === 1 : WORD_RE.test(ch)) {
      current += foldChar(ch);
    } else if (current !== '') {
      words.push(current);
      current = '';
    }
  }
  if (current !== '') words.push(current);
  return words;
}
