import { describe, expect, it } from 'vitest';
import { CursorConflictError, CursorStore } from './cursor-store.ts';
import { RateBudget } from './rate-budget.ts';
import { openIngestTestBus } from './testing.ts';
import { z } from 'zod';

describe('shared budget and owned cursors (real NATS KV)', () => {
  it('reserving in chunks never lets two replicas together exceed the window limit', async () => {
    const t = await openIngestTestBus('ingest-kit-budget');
    try {
      // A frozen clock keeps every take in one window; a second take beyond the limit would wait for the next.
      const now = () => 1_000_000_000_000;
      const spec = { name: 'requests', limit: 12, window: { ms: 60_000 }, reserve: 5 };
      const a = await RateBudget.open(t.bus, 'reddit', [spec], now);
      const b = await RateBudget.open(t.bus, 'reddit', [spec], now);
      let taken = 0;
      const tryTake = async (budget: RateBudget) => {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(new Error('window exhausted')), 100);
        try {
          await budget.take('requests', 1, ctl.signal);
          taken++;
          return true;
        } catch {
          return false;
        } finally {
          clearTimeout(timer);
        }
      };
      for (let i = 0; i < 8; i++) await Promise.all([tryTake(a), tryTake(b)]);
      expect(taken).toBeLessThanOrEqual(12);
      // Chunks of 5 from 12: 5 + 5 reserved, then the last 2 one at a time.
      expect(taken).toBeGreaterThanOrEqual(10);
      expect(await a.remaining('requests')).toBe(0);
    } finally {
      await t.destroy();
    }
  });

  it('readOwned serves the last own write without a read, and a conflict drops the stale copy', async () => {
    const t = await openIngestTestBus('ingest-kit-cursor');
    try {
      const schema = z.object({ n: z.number() });
      const mine = await CursorStore.open(t.bus);
      const other = await CursorStore.open(t.bus);
      const rev = await mine.write('firehose.reddit.posts', { n: 1 }, 0);
      expect(await mine.readOwned('firehose.reddit.posts', schema)).toEqual({ value: { n: 1 }, revision: rev });
      // Another replica moved it (it held the lease meanwhile): the stale copy fails its CAS once...
      await other.write('firehose.reddit.posts', { n: 7 }, rev);
      await expect(mine.write('firehose.reddit.posts', { n: 2 }, rev)).rejects.toBeInstanceOf(CursorConflictError);
      // ...and the next read goes to KV.
      expect((await mine.readOwned('firehose.reddit.posts', schema)).value).toEqual({ n: 7 });
    } finally {
      await t.destroy();
    }
  });
});
