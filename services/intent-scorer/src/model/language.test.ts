import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage, STOPWORDS } from './language.ts';
import { normalizeInput } from './normalize.ts';
import { tokenize, type Token } from './tokenize.ts';

/** The stopword count as it was: every language's set tested for every word (the oracle). */
function countsBySetScan(tokens: readonly Token[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const limit = Math.min(tokens.length, 400);
  for (let i = 0; i < limit; i++) {
    const w = tokens[i]?.norm ?? '';
    for (const lang in STOPWORDS) if (STOPWORDS[lang]?.has(w)) counts[lang] = (counts[lang] ?? 0) + 1;
  }
  return counts;
}

/** detectLanguage before the word -> languages map: the same script check, then countsBySetScan. */
function detectBySetScan(text: string, tokens: readonly Token[]): string {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  let letters = 0;
  let nonAscii = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c > 127) nonAscii++;
  }
  letters += nonAscii;
  if (letters === 0) return 'und';
  const scripts: ReadonlyArray<readonly [RegExp, string]> = [
    [/[\u3040-\u30ff]/g, 'ja'],
    [/[\uac00-\ud7af]/g, 'ko'],
    [/[\u4e00-\u9fff]/g, 'zh'],
    [/[\u0400-\u04ff]/g, 'ru'],
    [/[\u0600-\u06ff]/g, 'ar'],
    [/[\u0590-\u05ff]/g, 'he'],
    [/[\u0370-\u03ff]/g, 'el'],
    [/[\u0900-\u097f]/g, 'hi'],
    [/[\u0e00-\u0e7f]/g, 'th'],
  ];
  for (const [re, lang] of nonAscii / letters > 0.2 ? scripts : []) {
    const n = sample.match(re)?.length ?? 0;
    if (n > 0 && n / letters > 0.3) return lang;
  }
  const counts = countsBySetScan(tokens);
  const en = counts.en ?? 0;
  let best = 'en';
  let bestCount = en;
  for (const lang in counts) {
    const n = counts[lang] ?? 0;
    if (lang !== 'en' && n > bestCount + 1) {
      best = lang;
      bestCount = n;
    }
  }
  return bestCount >= 2 || best === 'en' ? best : 'en';
}

const here = path.dirname(fileURLToPath(import.meta.url));
const datasets = [path.resolve(here, '../../../../../shared/datasets/intent-dev.jsonl'), path.resolve(here, '../../eval/own-set.jsonl')];

describe('detectLanguage', () => {
  it('answers as testing each language set per word did, on every labelled post', () => {
    let n = 0;
    for (const file of datasets) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const row = JSON.parse(line) as { title?: string; content: string };
        const text = normalizeInput(row.title, row.content).text;
        const tokens = tokenize(text);
        expect(detectLanguage(text, tokens)).toBe(detectBySetScan(text, tokens));
        n++;
      }
    }
    expect(n).toBeGreaterThan(250);
  });

  // Ties between languages (shared words like "la", "de", "que", "un") are where order matters.
  const stopword = fc.constantFrom(...Object.values(STOPWORDS).flatMap((s) => [...s]));
  const word = fc.oneof({ weight: 6, arbitrary: stopword }, fc.constantFrom('crm', 'Salesforce', 'tool', 'Über', '日本語', 'привет', '?', '42'), fc.string({ maxLength: 5 }));
  const text = fc.array(word, { maxLength: 60 }).map((ws) => ws.join(' '));

  it('answers as testing each language set per word did, on generated texts (ties included)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const tokens = tokenize(t);
        expect(detectLanguage(t, tokens)).toBe(detectBySetScan(t, tokens));
      }),
      { numRuns: 10_000 },
    );
  });
});
