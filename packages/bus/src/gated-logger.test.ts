import { createLogger } from '@intent-radar/logger';
import { describe, expect, it } from 'vitest';
import { gatedLogger } from './gated-logger.ts';

function lines() {
  const out: Record<string, unknown>[] = [];
  return { out, destination: { write: (s: string) => void out.push(JSON.parse(s) as Record<string, unknown>) } };
}

describe('gatedLogger', () => {
  it('builds the child only for a line at an enabled level, once, and writes it with the bindings', () => {
    const { out, destination } = lines();
    const parent = createLogger({ service: 't', level: 'info', destination });
    let built = 0;
    const log = gatedLogger(parent, () => {
      built++;
      return parent.child({ streamSeq: 7 });
    });
    log.debug({ a: 1 }, 'not written');
    expect(built).toBe(0);
    expect(out).toEqual([]);
    log.info({ a: 2 }, 'written');
    log.warn('again');
    expect(built).toBe(2); // build() is the caller's memoized child: called per use, cheap after the first
    expect(out.map((l) => [l.msg, l.streamSeq, l.level])).toEqual([
      ['written', 7, 'info'],
      ['again', 7, 'warn'],
    ]);
    log.child({ extra: true }).info('from a grandchild');
    expect(out.at(-1)).toMatchObject({ msg: 'from a grandchild', streamSeq: 7, extra: true });
  });
});
