import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from './index.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes service and redacts secrets', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'test-svc', destination });
    log.info({ token: 'abc', headers: { authorization: 'Bearer x' }, user: { password: 'pw' } }, 'hello');
    const line = lines[0]!;
    expect(line.service).toBe('test-svc');
    expect(line.token).toBe('***');
    expect(JSON.stringify(line)).not.toMatch(/Bearer x|"pw"|"abc"/);
  });

  it('scrubs passwords in connection strings and key parameters', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 's', destination });
    log.error({ err: new Error('connect postgres://app:hunter2@db:5432/x failed') }, 'url https://x.io/a?api_key=SECRET&q=1');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('SECRET');
    expect(scrubSecrets('postgres://u:p@h/db')).toBe('postgres://u:***@h/db');
  });
});
