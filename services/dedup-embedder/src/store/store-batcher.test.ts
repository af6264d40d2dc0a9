import { describe, expect, it } from 'vitest';
import { scoredEvent, scoredPost } from '../test-world.ts';
import type { StoreOutcome } from './scored-post-store.ts';
import { StoreBatcher } from './store-batcher.ts';

type Event = ReturnType<typeof scoredEvent>;

/** A store whose batches finish only when the test says so. */
function heldStore() {
  const batches: { texts: string[]; finish: () => void }[] = [];
  const store = (events: readonly Event[]) =>
    new Promise<StoreOutcome[]>((resolve) => {
      batches.push({
        texts: events.map((e) => e.data.content),
        finish: () => resolve(events.map((e) => ({ postId: e.data.externalId, inserted: true, duplicateOf: undefined, duplicateReason: undefined, rescored: false, signalsCreated: 0, signalsUpdated: 0, events: 0 }))),
      });
    });
  return { batches, store };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('StoreBatcher', () => {
  it('keeps a text out of a batch while another running batch holds it', async () => {
    const { batches, store } = heldStore();
    const batcher = new StoreBatcher({ store, maxPosts: 2, transactions: 2 });
    const post = (content: string) => batcher.store(scoredEvent(scoredPost({ content, monitorIds: [] })));
    const results = [post('text a'), post('text a'), post('text b'), post('text c'), post('text a')];
    await flush();
    // Each post is batched as it arrives while a transaction is free: the first "a" goes alone,
    // the second "a" waits (the running batch holds its text), "b" takes the second transaction.
    expect(batches.map((b) => b.texts)).toEqual([['text a'], ['text b']]);
    batches[0]!.finish();
    await flush();
    expect(batches[2]!.texts).toEqual(['text a', 'text c']);
    batches[1]!.finish();
    await flush();
    expect(batches).toHaveLength(3); // the last "a" waits: batch 3 holds its text
    batches[2]!.finish();
    await flush();
    expect(batches[3]!.texts).toEqual(['text a']);
    batches[3]!.finish();
    const outcomes = await Promise.all(results);
    expect(outcomes).toHaveLength(5);
  });

  it('stores a batch of repeats of one text together when nothing else waits', async () => {
    const { batches, store } = heldStore();
    const batcher = new StoreBatcher({ store, maxPosts: 10, transactions: 2 });
    const results = [1, 2, 3].map(() => batcher.store(scoredEvent(scoredPost({ content: 'same', monitorIds: [] }))));
    await flush();
    expect(batches.map((b) => b.texts)).toEqual([['same']]);
    batches[0]!.finish();
    await flush();
    expect(batches[1]!.texts).toEqual(['same', 'same']);
    batches[1]!.finish();
    await Promise.all(results);
  });
});
