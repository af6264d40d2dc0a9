import { describe, expect, it } from 'vitest';
import { buildDigest, digestTitle } from './digest.ts';
import { sampleSignal } from './sample-signal.ts';

describe('buildDigest', () => {
  it('groups by monitor, keeps the top N by score (newest first on ties) and orders monitors by best score', () => {
    const signals = [
      sampleSignal({ signalId: 'a1', monitorId: 'a', monitorName: 'A', intentScore: 6 }),
      sampleSignal({ signalId: 'a2', monitorId: 'a', monitorName: 'A', intentScore: 8, postedAt: '2026-03-01T00:00:00Z' }),
      sampleSignal({ signalId: 'a3', monitorId: 'a', monitorName: 'A', intentScore: 8, postedAt: '2026-03-02T00:00:00Z' }),
      sampleSignal({ signalId: 'b1', monitorId: 'b', monitorName: 'B', intentScore: 10 }),
    ];
    const digest = buildDigest(signals, 'weekly', new Date(0), new Date(1), 2);
    expect(digest.groups.map((g) => [g.monitorId, g.total, g.top.map((s) => s.signalId)])).toEqual([
      ['b', 1, ['b1']],
      ['a', 3, ['a3', 'a2']],
    ]);
    expect(digestTitle(digest)).toBe('Weekly digest: 4 new signals');
    expect(digestTitle(buildDigest(signals.slice(0, 1), 'hourly', new Date(0), new Date(1)))).toBe('Hourly digest: 1 new signal');
  });
});
