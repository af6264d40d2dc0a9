import { consumers, streams, subjects } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { InvalidNameError } from './errors.ts';
import { createNamespace } from './namespace.ts';

describe('namespace mapping', () => {
  it('is the identity in production', () => {
    const ns = createNamespace('');
    expect(ns.subject(subjects.postRaw('reddit'))).toBe('posts.raw.reddit');
    expect(ns.stream(streams.posts)).toBe('POSTS');
    expect(ns.bucket('monitors')).toBe('monitors');
    expect(ns.logicalSubject('posts.raw.reddit')).toBe('posts.raw.reddit');
  });

  it('prefixes subjects and suffixes streams and buckets', () => {
    const ns = createNamespace('t1a2');
    expect(ns.subject('posts.raw.reddit')).toBe('t1a2.posts.raw.reddit');
    expect(ns.subject(subjects.postsRawAll)).toBe('t1a2.posts.raw.>');
    expect(ns.stream(streams.posts)).toBe('POSTS_t1a2');
    expect(ns.bucket('source-health')).toBe('source-health-t1a2');
    expect(ns.logicalSubject('t1a2.posts.raw.reddit')).toBe('posts.raw.reddit');
    expect(ns.logicalSubject('other.posts.raw.reddit')).toBe('other.posts.raw.reddit');
    // Durables are per stream: the runner uses them as given.
    expect(consumers.intentScorer).toBe('intent-scorer');
  });

  it.each(['has.dot', 'has space', 'star*', 'gt>', 'x'.repeat(33)])('rejects namespace %j', (name) => {
    expect(() => createNamespace(name)).toThrow(InvalidNameError);
  });

  it.each(['', 'a..b', '.a', 'a.', 'a.>.b', 'a b', 'a.b*', 'x>'])('rejects subject %j', (subject) => {
    expect(() => createNamespace('t1').subject(subject)).toThrow(InvalidNameError);
  });

  it('accepts wildcards in their token positions', () => {
    expect(createNamespace('t1').subject('signals.*.reddit')).toBe('t1.signals.*.reddit');
    expect(createNamespace('t1').subject('signals.>')).toBe('t1.signals.>');
  });
});
