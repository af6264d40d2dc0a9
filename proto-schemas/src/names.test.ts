import { describe, expect, it } from 'vitest';
import { msgIds, rescoreSlotOf } from './names.ts';

describe('rescoreSlotOf', () => {
  it('reads the slot of a rescorePost id, also when the external id holds colons', () => {
    expect(rescoreSlotOf(msgIds.rescorePost('reddit', 'abc', 77), 'reddit', 'abc')).toBe(77);
    expect(rescoreSlotOf(msgIds.rescorePost('hackernews', 'a:b:1', 5), 'hackernews', 'a:b:1')).toBe(5);
  });

  it('is undefined for any other id: first ingest, another post, no header, a bad slot', () => {
    expect(rescoreSlotOf(msgIds.post('reddit', 'abc'), 'reddit', 'abc')).toBeUndefined();
    expect(rescoreSlotOf(msgIds.rescorePost('reddit', 'abc', 77), 'reddit', 'abd')).toBeUndefined();
    expect(rescoreSlotOf(msgIds.rescorePost('reddit', 'abc', 77), 'twitter', 'abc')).toBeUndefined();
    expect(rescoreSlotOf(undefined, 'reddit', 'abc')).toBeUndefined();
    expect(rescoreSlotOf('', 'reddit', 'abc')).toBeUndefined();
    expect(rescoreSlotOf('rescore:reddit:abc:x7', 'reddit', 'abc')).toBeUndefined();
  });
});
