import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('lower-cases words, keeps joiners inside a word and strips possessives', () => {
    const text = "Apollo.io's data vs D&B, slack-fill";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['apollo.io', 'data', 'vs', 'd&b', 'slack-fill']);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase().startsWith(t.norm)).toBe(true);
  });

  it('keeps spans in the original text where lower-casing changes length (İ) and marks capitals', () => {
    const text = 'İstanbul office, Über team and zürich';
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['İstanbul', 'office', 'Über', 'team', 'and', 'zürich']);
    expect(tokens.map((t) => t.capitalised)).toEqual([true, false, true, false, false, false]);
    expect(tokens[0]?.norm).toBe('İstanbul'.toLowerCase());
  });

  it('splits on punctuation and skips emoji', () => {
    expect(tokenize('CRM? 🚀 yes...no').map((t) => t.norm)).toEqual(['crm', 'yes', 'no']);
  });
});
