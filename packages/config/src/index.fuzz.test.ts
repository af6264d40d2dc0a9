import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseEnv, ConfigError, envFlag, parseEnv } from './index.ts';

const schema = baseEnv.extend({ FEATURE_ON: envFlag(false) });
const names = Object.keys(schema.shape);

// Plausible and broken values for environment strings: numbers out of range, URLs, NUL, unicode, huge.
const value = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1', '5', '6', '65535', '65536', '1e3', '0x10', 'NaN', 'Infinity', '15000', ' 42 ', 'true', 'false', 'yes', 'TRUE'),
  fc.constantFrom('production', 'test', 'development', 'debug', 'silent', 'nats://127.0.0.1:4222', 'postgres://u@h/db', 'postgresql://x', 'mysql://x', 'http://otel:4318', 'not a url', 'dev_ns-1', 'ns.with.dots'),
  fc.constantFrom('\u0000', '\ud800', '\u202e', 'x'.repeat(70_000)),
  fc.integer().map(String),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const env = fc.dictionary(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...names) }, fc.string({ maxLength: 10 })), fc.option(value, { nil: undefined }), { maxKeys: names.length + 2 });

describe('parseEnv (fuzz)', () => {
  it('returns a config that survives a round trip through strings, or throws ConfigError naming a variable', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(env, (e) => {
        let config: Record<string, unknown>;
        try {
          config = parseEnv(schema, e);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          refused++;
          // The one line a service prints before exiting must point at a variable the operator set.
          return names.includes(err.variable) && err.problem.length > 0;
        }
        accepted++;
        // What the process runs with, written back as environment strings, reads the same.
        const written = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v === undefined ? undefined : String(v as string | number | boolean)]));
        return isDeepStrictEqual(parseEnv(schema, written), config);
      }),
      { numRuns: 10_000 },
    );
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
