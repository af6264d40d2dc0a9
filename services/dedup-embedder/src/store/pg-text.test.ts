import { describe, expect, it } from 'vitest';
import { pgOptionalText, pgText, toJsonb } from './pg-text.ts';

describe('pg-text', () => {
  it('drops NUL from text and from every string inside jsonb, leaving escapes intact', () => {
    expect(pgText('a\u0000b')).toBe('ab');
    expect(pgOptionalText(undefined)).toBeNull();
    const json = toJsonb({ quote: 'x\u0000y', nested: [{ s: '\u0000' }], literal: 'back\\u0000slash', n: 1 });
    expect(json).not.toContain('\\u0000"');
    expect(JSON.parse(json)).toEqual({ quote: 'xy', nested: [{ s: '' }], literal: 'back\\u0000slash', n: 1 });
  });
});
