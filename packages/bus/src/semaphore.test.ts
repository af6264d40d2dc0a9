import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  it('never lets more than `size` run at once', async () => {
    const sem = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, () =>
      sem.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
      }),
    );
    while (gates.length > 0 || sem.inUse > 0) {
      await Promise.resolve();
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    expect(peak).toBe(3);
    expect(sem.inUse).toBe(0);
    expect(sem.available).toBe(3);
  });

  it('whenAvailable waits until n permits are free at once, without taking any', async () => {
    const sem = new Semaphore(4);
    for (let i = 0; i < 4; i++) await sem.acquire();
    let woke = false;
    const waiting = sem.whenAvailable(2).then(() => (woke = true));
    sem.release();
    await new Promise((r) => setImmediate(r));
    expect(woke).toBe(false);
    sem.release();
    await waiting;
    expect(woke).toBe(true);
    expect(sem.available).toBe(2);
    // More than the size is capped at the size.
    sem.release();
    sem.release();
    await sem.whenAvailable(10);
    expect(sem.available).toBe(4);
  });

  it('rejects a non-positive size', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
