import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ASK_CUES, MODIFIER_CUES, NEGATIVE_CUES } from './cues.ts';
import * as features from './features.ts';
import { normalizeInput } from './normalize.ts';
import * as score from './score.ts';

// The oracle: the same model with the cue prefilter switched off, every cue run on every text as
// before the prefilter existed. Fresh module instances, so the two share no state.
vi.resetModules();
vi.doMock('./cue-prefilter.ts', async (importOriginal) => ({ ...(await importOriginal<typeof import('./cue-prefilter.ts')>()), mayMatch: () => true }));
const oracleFeatures = await import('./features.ts');
const oracleScore = await import('./score.ts');
vi.doUnmock('./cue-prefilter.ts');

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const datasets = [
  ['intent-dev', path.resolve(repoRoot, '../shared/datasets/intent-dev.jsonl')],
  ['own-set', path.resolve(here, '../../eval/own-set.jsonl')],
] as const;

interface Row {
  readonly id: string;
  readonly title?: string;
  readonly content: string;
  readonly keyword?: string;
  readonly platform?: string;
}
const rows = (file: string): Row[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);

describe('cue prefilter: the model scores exactly as without it', () => {
  it('the oracle is a separate instance of the model', () => {
    expect(oracleFeatures.extractFeatures).not.toBe(features.extractFeatures);
    expect(oracleScore.scorePost).not.toBe(score.scorePost);
  });

  it.each(datasets)('every row of %s', (_name, file) => {
    const all = rows(file);
    expect(all.length).toBeGreaterThan(50);
    for (const row of all) {
      const input = { title: row.title, content: row.content, keyword: row.keyword, platform: row.platform };
      expect(score.scorePost(input), row.id).toEqual(oracleScore.scorePost(input));
      const text = normalizeInput(row.title, row.content).text;
      const source = { platform: row.platform };
      expect(features.extractFeatures(text, row.keyword, source), row.id).toEqual(oracleFeatures.extractFeatures(text, row.keyword, source));
    }
  });

  // Texts built from the cues' own words (the fragments between regex operators), in any case,
  // glued with punctuation, numbers, vendor names and Unicode noise.
  const fragments = [...new Set([...NEGATIVE_CUES, ...ASK_CUES, ...MODIFIER_CUES].flatMap((c) => c.pattern.source.replace(/\\[a-zA-Z]/g, ' ').split(/[|()?:*+{}[\]^$\\]/)).filter((f) => /[a-z]{2}/i.test(f)))];
  const word = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...fragments) },
    { weight: 1, arbitrary: fc.constantFrom(...fragments).map((f) => f.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...fragments).map((f) => f.charAt(0).toUpperCase() + f.slice(1)) },
    { weight: 2, arbitrary: fc.constantFrom('HubSpot', 'Salesforce', 'ZoomInfo', 'Apollo', 'Slack', 'CRM', 'leads', 'pipeline', 'we', 'I', 'you', 'our team', 'a', 'the', 'tool', 'software') },
    { weight: 2, arbitrary: fc.constantFrom('$500/mo', '50 employees', '10k contacts', 'Q3', '2024', '30%', '10', 'Ask HN:', 'Show HN:', 'system:', '/s', "'s", '-') },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom('é', 'İ', '\u212a', 'ſ', '🙂', '\u00a0', 'Straße', '日本語', '\ud83d') },
  );
  const separator = fc.constantFrom(' ', ' ', ' ', '', '. ', '? ', '! ', ', ', '\n', '\n\n', '-', "'");
  const text = fc.array(fc.tuple(word, separator), { maxLength: 30 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
  const keyword = fc.option(fc.constantFrom('crm', 'apollo', 'slack', 'leads', 'pipeline', 'outreach', 'salesforce'), { nil: undefined });
  const platform = fc.option(fc.constantFrom('reddit', 'hackernews', 'twitter', 'linkedin'), { nil: undefined });
  const kind = fc.option(fc.constantFrom('post' as const, 'comment' as const), { nil: undefined });

  it('generated texts: features and scores', () => {
    let withHits = 0;
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), text, keyword, platform, kind, (title, content, kw, pl, k) => {
        const input = { title, content, keyword: kw, platform: pl, kind: k };
        expect(score.scorePost(input)).toEqual(oracleScore.scorePost(input));
        const source = { platform: pl, kind: k };
        const expected = oracleFeatures.extractFeatures(content, kw, source);
        expect(features.extractFeatures(content, kw, source)).toEqual(expected);
        if (expected.asks.length + expected.negatives.length + expected.modifiers.length > 0) withHits++;
      }),
      { numRuns: 12_000 },
    );
    // The texts must exercise the cues, not only texts no cue matches.
    expect(withHits).toBeGreaterThan(6_000);
  }, 120_000);
});
