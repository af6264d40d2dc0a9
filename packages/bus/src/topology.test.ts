import { catalog, EVENT_TYPES, kvBuckets, PLATFORMS, streams, subjects } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { kvBucketSpecs, streamForSubject, streamSpecs, subjectMatches } from './topology.ts';

describe('topology', () => {
  it('declares every stream and KV bucket named in proto-schemas, and nothing else', () => {
    expect(streamSpecs.map((s) => s.name).sort()).toEqual(Object.values(streams).sort());
    expect(kvBucketSpecs.map((b) => b.name).sort()).toEqual(Object.values(kvBuckets).sort());
  });

  it('routes every catalog subject to exactly one stream', () => {
    for (const type of EVENT_TYPES) {
      const concrete = catalog[type].subject.replace('<platform>', PLATFORMS[0]).replace('<kind>', 'digest').replace('<service>', 'notifier');
      const owners = streamSpecs.filter((s) => s.subjects.some((p) => subjectMatches(p, concrete)));
      expect(owners, `${type} -> ${concrete}`).toHaveLength(1);
    }
  });

  it('maps the main subjects to the streams of the design', () => {
    expect(streamForSubject(subjects.postRaw('reddit'))?.name).toBe('POSTS');
    expect(streamForSubject(subjects.postScored('twitter'))?.name).toBe('POSTS');
    expect(streamForSubject(subjects.signalCreated('linkedin'))?.name).toBe('SIGNALS');
    expect(streamForSubject(subjects.enrichRequested)?.name).toBe('ENRICH');
    expect(streamForSubject(subjects.deadLetter('notifier'))?.name).toBe('DEADLETTER');
    expect(streamForSubject('nothing.here')).toBeUndefined();
  });

  it('keeps the duplicate window inside max_age and work queues as work queues', () => {
    for (const s of streamSpecs) expect(s.duplicateWindowMs).toBeLessThan(s.maxAgeMs);
    const wq = streamSpecs.filter((s) => s.retention === 'workqueue').map((s) => s.name).sort();
    expect(wq).toEqual(['ENRICH', 'INGEST_JOBS', 'SCHEDULED_JOBS']);
  });

  it('matches NATS wildcards', () => {
    expect(subjectMatches('posts.raw.>', 'posts.raw.reddit')).toBe(true);
    expect(subjectMatches('posts.raw.>', 'posts.raw')).toBe(false);
    expect(subjectMatches('posts.*.reddit', 'posts.raw.reddit')).toBe(true);
    expect(subjectMatches('posts.*', 'posts.raw.reddit')).toBe(false);
    expect(subjectMatches('enrich.requested', 'enrich.requested')).toBe(true);
  });
});
