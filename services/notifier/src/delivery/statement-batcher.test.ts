import { describe, expect, it } from 'vitest';
import { StatementBatcher } from './statement-batcher.ts';

describe('StatementBatcher', () => {
  it('runs a lone call at once and coalesces calls made while statements are running', async () => {
    const statements: number[][] = [];
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        statements.push(items);
        await new Promise((r) => setTimeout(r, 20));
        return items.map((i) => i * 10);
      },
      { maxBatch: 100, maxInFlight: 1 },
    );
    expect(await batcher.submit(1)).toBe(10);
    const outs = await Promise.all([2, 3, 4, 5].map((i) => batcher.submit(i)));
    expect(outs).toEqual([20, 30, 40, 50]);
    expect(statements).toEqual([[1], [2, 3, 4, 5]]);
    // While one statement runs, later calls wait and then go together.
    const first = batcher.submit(6);
    await new Promise((r) => setTimeout(r, 5));
    const later = [7, 8, 9].map((i) => batcher.submit(i));
    expect(await Promise.all([first, ...later])).toEqual([60, 70, 80, 90]);
    expect(statements.slice(2)).toEqual([[6], [7, 8, 9]]);
  });

  it('caps a statement at maxBatch items', async () => {
    const sizes: number[] = [];
    const batcher = new StatementBatcher<number, number>(
      (items) => {
        sizes.push(items.length);
        return Promise.resolve(items);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    await Promise.all(Array.from({ length: 7 }, (_, i) => batcher.submit(i)));
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('a failing item fails alone: its neighbours are retried one by one', async () => {
    const batcher = new StatementBatcher<number, number>(
      (items) => (items.includes(13) ? Promise.reject(new Error('bad row 13')) : Promise.resolve(items)),
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([12, 13, 14].map((i) => batcher.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('bad row 13'));
  });

  it('with lingerMs, calls of separate turns within the window share one statement', async () => {
    const statements: number[][] = [];
    const batcher = new StatementBatcher<number, number>(
      (items) => {
        statements.push(items);
        return Promise.resolve(items);
      },
      { maxBatch: 3, maxInFlight: 4, lingerMs: 50 },
    );
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    // Without the linger, 1 would have gone alone by now.
    expect(statements).toEqual([]);
    const second = batcher.submit(2);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(statements).toEqual([[1, 2]]);
    expect(await Promise.all([3, 4, 5].map((i) => batcher.submit(i)))).toEqual([3, 4, 5]);
    expect(statements.at(-1)).toEqual([3, 4, 5]);
  });

  it('with lingerMs, a full batch runs on the next turn instead of waiting out the linger', async () => {
    const statements: number[][] = [];
    // A minute's linger: only a batch that does not wait can have run two turns later.
    const batcher = new StatementBatcher<number, number>(
      (items) => {
        statements.push(items);
        return Promise.resolve(items);
      },
      { maxBatch: 3, maxInFlight: 4, lingerMs: 60_000 },
    );
    const outputs = Promise.all([3, 4, 5].map((i) => batcher.submit(i)));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(statements).toEqual([[3, 4, 5]]);
    expect(await outputs).toEqual([3, 4, 5]);
  });
});
