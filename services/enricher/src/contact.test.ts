import { describe, expect, it } from 'vitest';
import { ContactDraft, FIELD, isReachable, statusOf } from './contact.ts';

describe('ContactDraft', () => {
  it('keeps the strongest value per field with its source', () => {
    const d = new ContactDraft();
    expect(d.set(FIELD.email, 'a@x.io', 'pattern_guess', 'guessed')).toBe(true);
    expect(d.set(FIELD.email, 'b@x.io', 'hunter', 'verified')).toBe(true);
    expect(d.set(FIELD.email, 'c@x.io', 'profile', 'likely')).toBe(false);
    expect(d.set(FIELD.company, '  ', 'profile', 'likely')).toBe(false);
    expect(d.fields).toEqual({ email: { value: 'b@x.io', source: 'hunter', confidence: 'verified' } });
  });
});

describe('reachability and status', () => {
  it('counts only likely-or-better emails or LinkedIn profiles as reachable', () => {
    expect(isReachable({ email: { value: 'a@x.io', source: 'pattern_guess', confidence: 'guessed' } })).toBe(false);
    expect(isReachable({ linkedinUrl: { value: 'https://www.linkedin.com/in/a', source: 'serpapi', confidence: 'likely' } })).toBe(true);
  });

  it('is complete only when reachable and no provider failed', () => {
    const reachable = { email: { value: 'a@x.io', source: 'hunter', confidence: 'verified' as const } };
    expect(statusOf(reachable, 0)).toBe('complete');
    expect(statusOf(reachable, 1)).toBe('partial');
    expect(statusOf({ company: { value: 'X', source: 'p', confidence: 'likely' } }, 0)).toBe('partial');
    expect(statusOf({}, 2)).toBe('failed');
  });
});
