import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { RouteDeps } from '../app.ts';
import { parseEnv } from '@intent-radar/config';
import { gatewayEnv } from '../config.ts';
import { accountRoutes } from './accounts.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { billingRoutes } from './billing.ts';
import { destinationRoutes } from './destinations.ts';
import { inviteRoutes } from './invites.ts';
import { memberRoutes } from './members.ts';
import { monitorRoutes } from './monitors.ts';
import { signalRoutes } from './signals.ts';
import { workspaceRoutes } from './workspace.ts';
import { streamRoutes } from '../live/stream-route.ts';
import { decodeCursor, encodeCursor } from './signal-queries.ts';
import { ProblemError } from '../http/problem.ts';

type Part = 'body' | 'querystring' | 'params';
interface InputSchema {
  route: string;
  part: Part;
  schema: z.ZodType;
}

/**
 * The exact zod schemas fastify validates each route's input with, read off the route table:
 * the plugins are registered on a bare fastify with inert deps (no handler runs), so a schema
 * added to a route is fuzzed without touching this file.
 */
async function routeInputSchemas(): Promise<InputSchema[]> {
  const found: InputSchema[] = [];
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRoute', (r: RouteOptions) => {
    for (const part of ['body', 'querystring', 'params'] as const) {
      const schema = r.schema?.[part];
      if (schema instanceof z.ZodType) found.push({ route: `${String(r.method)} ${r.url}`, part, schema });
    }
  });
  const logger = { child: () => logger, info() {}, warn() {}, error() {}, debug() {} };
  const deps = {
    config: parseEnv(gatewayEnv, {}),
    logger,
    pool: {},
    bus: {},
    signalStream: {},
    apiKeyCache: {},
    apiKeyLimiter: {},
  } as unknown as RouteDeps;
  for (const routes of [
    accountRoutes,
    apiKeyRoutes,
    memberRoutes,
    inviteRoutes,
    monitorRoutes,
    signalRoutes,
    destinationRoutes,
    workspaceRoutes,
    billingRoutes,
    streamRoutes,
  ]) {
    await app.register(routes, deps);
  }
  await app.ready();
  await app.close();
  return found;
}

type Json = { [k: string]: unknown };

// Values of the wrong type or at the edges: NUL, lone surrogates, RTL marks, huge strings, odd numbers.
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -0,
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\u202e',
    'null',
    '[]',
    '{}',
    '1e9',
    '-1',
    'true',
    '__proto__',
    'constructor',
  ),
  fc.constantFrom('x'.repeat(70_000), '🙂'.repeat(5_000), '\u0000'.repeat(1_000)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const email = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9_+-]{1,12}$/),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
    fc.constantFrom('com', 'io', 'DE', 'co.uk'),
  )
  .map(([local, host, tld]) => `${local}@${host}.${tld}`);

// URLs a destination form gets: Slack hooks, http(s) with ports, paths and queries, other schemes.
// (fc.webUrl() alone was a third of this file's run time.)
const url = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('https', 'http', 'HTTPS', 'ftp', 'javascript', 'file'),
      fc.constantFrom(
        'hooks.slack.com',
        'example.com',
        '127.0.0.1',
        '[::1]',
        'sandbox:4000',
        'xn--bcher-kva.example',
        'a'.repeat(300),
      ),
      fc.string({ maxLength: 12 }),
    )
    .map(([scheme, host, path]) => `${scheme}://${host}/${encodeURIComponent(path)}`),
  fc.constantFrom(
    'https://hooks.slack.com/services/T000/B000/XXXX',
    'http://',
    'https://',
    'not a url',
    'https://exa mple.com',
    `https://example.com/${'p'.repeat(2_100)}`,
  ),
);

/** Mostly valid values for a JSON Schema node (from z.toJSONSchema), now and then junk, so most cases get past the first field. */
function nearValid(node: Json): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: validFor(node) }, { weight: 1, arbitrary: junk });
}

function validFor(node: Json): fc.Arbitrary<unknown> {
  const union = node.anyOf ?? node.oneOf;
  if (Array.isArray(union)) return fc.oneof(...(union as Json[]).map(nearValid));
  // An intersection of objects (common fields & one kind's fields): one object with both sets of keys.
  if (Array.isArray(node.allOf))
    return fc
      .tuple(...(node.allOf as Json[]).map(validFor))
      .map((parts) => Object.assign({}, ...parts) as unknown);
  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
  return fc.oneof(...types.map((type) => validOfType(type, node)));
}

function validOfType(type: string, node: Json): fc.Arbitrary<unknown> {
  const num = (k: string) => (typeof node[k] === 'number' ? node[k] : undefined);
  switch (type) {
    case 'object': {
      const props = (node.properties ?? {}) as Record<string, Json>;
      const required = (node.required ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, nearValid(v)]));
      // A required key goes missing now and then; an unknown key turns up now and then.
      const record = fc.oneof(
        { weight: 9, arbitrary: fc.record(model, { requiredKeys: required }) },
        { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
      );
      return fc
        .tuple(
          record,
          fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'workspaceId', 'role'), junk), {
            freq: 10,
          }),
        )
        .map(([o, extra]) => (extra ? { ...o, [extra[0]]: extra[1] } : o));
    }
    case 'array':
      return fc.array(nearValid((node.items ?? {}) as Json), {
        minLength: num('minItems') ?? 0,
        maxLength: Math.min(num('maxItems') ?? 6, 6),
      });
    case 'string': {
      if (node.format === 'uuid') return fc.uuid();
      if (node.format === 'date-time') return isoDate;
      // Cheaper than generating from zod's email pattern, and still mostly accepted.
      if (node.format === 'email') return email;
      if (typeof node.pattern === 'string')
        return fc
          .stringMatching(new RegExp(node.pattern))
          .filter((x) => x.length <= (num('maxLength') ?? Infinity));
      if (node.format === 'uri') return url;
      const max = Math.min(num('maxLength') ?? 40, 300);
      return fc.oneof(
        fc.string({ minLength: num('minLength') ?? 0, maxLength: max }),
        fc.string({ unit: 'grapheme', maxLength: max }),
        fc.constant(' '.repeat(num('minLength') ?? 1)),
      );
    }
    case 'integer':
      return fc.integer({
        min: Math.max(num('minimum') ?? -1e6, -1e6) - 1,
        max: Math.min(num('maximum') ?? 1e6, 1e6) + 1,
      });
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

const queryValue = (x: unknown): string => (typeof x === 'string' ? x : (JSON.stringify(x) ?? ''));

/** A query string arrives as strings (repeated keys as arrays), never as numbers or objects. */
const asQueryString = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? x.map(queryValue) : queryValue(x)]),
      )
    : v;

describe('gateway route input schemas (fuzz)', async () => {
  const schemas = await routeInputSchemas();
  // HEAD routes repeat their GET's schemas; path params are fuzzed by the HTTP fuzz.
  const inputs = schemas.filter((s) => s.part !== 'params' && !s.route.startsWith('HEAD'));

  it('finds the body and query schemas of the API', () => {
    const names = schemas.map((s) => `${s.route} ${s.part}`);
    expect(names).toContain('POST /monitors body');
    expect(names).toContain('GET /signals querystring');
    expect(inputs.length).toBeGreaterThanOrEqual(15);
  });

  // One property per schema: 10k near-valid or junk inputs each. Validation must not throw (a throw
  // inside fastify's validator is a 500), a refusal names at least one issue, and what passes is
  // itself valid input that parses to the same value (transforms and defaults are idempotent).
  it.each(inputs.map((s) => [`${s.route} ${s.part}`, s] as const))(
    '%s',
    (_name, { part, schema }) => {
      const shape = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
      const input = fc
        .oneof({ weight: 9, arbitrary: nearValid(shape) }, { weight: 1, arbitrary: fc.anything() })
        .map((v) => (part === 'querystring' ? asQueryString(v) : v));
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(input, (value) => {
          // Plain checks, not expect(): 210k cases, and expect() costs more than the parse.
          const result = schema.safeParse(value);
          if (result.success) {
            accepted++;
            const again = schema.safeParse(result.data);
            return again.success && isDeepStrictEqual(again.data, result.data);
          }
          refused++;
          return (
            result.error.issues.length > 0 && result.error.issues.every((issue) => issue.message.length > 0)
          );
        }),
        { numRuns: 10_000 },
      );
      // The generator reaches both sides: valid input and refusals.
      expect(accepted).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
    },
    20_000,
  );
});

describe('signal feed cursor (fuzz)', () => {
  it('any cursor string decodes to what was encoded or to a 400 bad_cursor problem', () => {
    const tuple = fc.tuple(isoDate, fc.uuid());
    const cursor = fc.oneof(
      tuple.map(([ts, id]) => encodeCursor(ts, id)),
      fc
        .tuple(fc.oneof(isoDate, fc.string(), junk), fc.oneof(fc.uuid(), fc.string(), junk))
        .map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
      fc.json().map((j) => Buffer.from(j).toString('base64url')),
      fc.string({ unit: 'binary', maxLength: 500 }),
    );
    fc.assert(
      fc.property(cursor, (c) => {
        // What decodes goes into SQL as a timestamp and a uuid: it must be both.
        try {
          const [ts, id] = decodeCursor(c);
          return !Number.isNaN(Date.parse(ts)) && /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id);
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          return err.status === 400 && err.code === 'bad_cursor';
        }
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(tuple, ([ts, id]) => isDeepStrictEqual(decodeCursor(encodeCursor(ts, id)), [ts, id])),
      { numRuns: 1_000 },
    );
  });
});
