import { describe, expect, it } from 'vitest';
import { coalesceWrite, flushCoalescedWrites } from './coalesced-writes.ts';

describe('coalesceWrite', () => {
  it('runs the writes of one turn together, in order, at the next setImmediate', async () => {
    const sent: string[] = [];
    coalesceWrite(() => sent.push('publish'));
    await Promise.resolve(); // a microtask later: the client would already have flushed its buffer
    coalesceWrite(() => sent.push('ack'));
    expect(sent).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['publish', 'ack']);
  });

  it('flushCoalescedWrites sends what is queued at once, and only once', async () => {
    const sent: string[] = [];
    coalesceWrite(() => sent.push('ack'));
    flushCoalescedWrites();
    expect(sent).toEqual(['ack']);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['ack']);
  });
});
