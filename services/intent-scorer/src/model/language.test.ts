import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage, latinLanguage, scriptLanguage, STOPWORDS } from './language.ts';
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

/** detectLanguage before the word -> languages map: the same script check and decision, on countsBySetScan. */
function detectBySetScan(text: string, tokens: readonly Token[]): string {
  return scriptLanguage(text) ?? latinLanguage(countsBySetScan(tokens));
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
