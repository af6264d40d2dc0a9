import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseEnv, ConfigError, envFlag, parseEnv } from './index.ts';

describe('parseEnv', () => {
  it('applies defaults', () => {
    const cfg = parseEnv(baseEnv, {});
    expect(cfg.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(cfg.HEALTH_PORT).toBe(0);
  });

  it('names the variable and the problem', () => {
    try {
      parseEnv(baseEnv, { HEALTH_PORT: 'abc' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe('HEALTH_PORT');
      expect((err as ConfigError).message).toMatch(/^invalid configuration: HEALTH_PORT: /);
    }
  });

  it('parses flags strictly', () => {
    const schema = z.object({ F: envFlag(true) });
    expect(parseEnv(schema, { F: 'false' }).F).toBe(false);
    expect(parseEnv(schema, {}).F).toBe(true);
    expect(() => parseEnv(schema, { F: 'maybe' })).toThrow(/F:/);
  });
});

describe('loadConfig', () => {
  it('exits 1 with one line naming the variable', () => {
    const script = `import { loadConfig, baseEnv } from './packages/config/src/index.ts'; loadConfig(baseEnv); console.log('unreachable');`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
    });
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toEqual(['invalid configuration: DATABASE_URL: must be a postgres:// URL']);
  });
});
