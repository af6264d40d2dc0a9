import { afterEach, describe, expect, it } from 'vitest';
import { MatcherHost } from './matcher-host.ts';

// A worker boots tsx and compiles thousands of monitors: seconds of wall time on a loaded 2-core CI box.
const workerTestTimeoutMs = 30_000;

const hosts: MatcherHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

describe('MatcherHost', () => {
  it('builds in a worker thread and swaps the new matcher in', async () => {
    const host = new MatcherHost();
    hosts.push(host);
    expect(host.match({ content: 'crm' })).toEqual([]);
    const m = await host.update([{ id: 'a', query: 'crm' }]);
    expect(m.size).toBe(1);
    expect(host.match({ content: 'our CRM' })).toEqual([{ monitorId: 'a', spans: [[4, 7]] }]);
  }, workerTestTimeoutMs);

  it('keeps matching with the old set while a rebuild runs, and the newest update wins', async () => {
    const host = new MatcherHost();
    hosts.push(host);
    await host.update([{ id: 'old', query: 'crm' }]);
    const big = Array.from({ length: 20_000 }, (_, i) => ({
      id: `m${i}`,
      query: `brand${i} OR "tool ${i}"`,
    }));
    const first = host.update([...big, { id: 'new', query: 'crm' }]);
    const second = host.update([{ id: 'newest', query: 'crm' }]);
    // match() answers immediately from whatever set is live
    expect(host.match({ content: 'crm' }).map((r) => r.monitorId)).toEqual(['old']);
    const [m1, m2] = await Promise.all([first, second]);
    expect(m2).toBe(host.matcher);
    expect(m1.size).toBeGreaterThanOrEqual(1);
    expect(host.match({ content: 'crm' }).map((r) => r.monitorId)).toEqual(['newest']);
  }, workerTestTimeoutMs);

  it('reports invalid monitors and can build on the calling thread', async () => {
    const host = new MatcherHost({ worker: false });
    hosts.push(host);
    const m = await host.update([
      { id: 'ok', query: 'crm' },
      { id: 'bad', query: '"open' },
    ]);
    expect(m.rejected.map((r) => r.monitorId)).toEqual(['bad']);
  });

  it('rejects updates after close', async () => {
    const host = new MatcherHost();
    await host.close();
    await expect(host.update([])).rejects.toThrow('closed');
  });
});
