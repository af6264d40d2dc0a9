import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validExamples } from '../../../proto-schemas/scripts/examples.ts';
import { checkDerived, checkEnvelope, checkIncoming, type EnvelopeCheck } from './envelope-validation.ts';

const raw = validExamples['post.raw.v1'];
const scored = validExamples['post.scored.v1'];
const head = { id: scored.id, type: scored.type, occurredAt: scored.occurredAt, source: scored.source };

/** A raw post as the consumer runner hands it to a handler (its bytes parsed and checked). */
function consumed(data: object) {
  const check = checkIncoming('post.raw.v1', JSON.parse(JSON.stringify({ ...raw, data })) as unknown);
  if (!check.ok) throw new Error(check.issues);
  return check.event;
}

const same = (a: EnvelopeCheck<'post.scored.v1'>, b: EnvelopeCheck<'post.scored.v1'>) =>
  a.ok && b.ok ? JSON.stringify(a.event) === JSON.stringify(b.event) && isDeepStrictEqual(a.event, b.event) : !a.ok && !b.ok && a.issues === b.issues;

// Values a handler might put in any field of the scored post, valid or not.
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, '', 'x'.repeat(2_000), 'not-a-date', 7, -1, 1.5, true, [], {}, [[1, 2]], 'reddit', 'comment', 'b'.repeat(64)),
  fc.constantFrom(...Object.values(scored.data)),
  fc.string({ maxLength: 5 }),
);
const keys = [...new Set([...Object.keys(scored.data), 'relevance', 'title', 'site', 'parentExternalId', 'extra'])];

describe('checkDerived', () => {
  it('gives what checkEnvelope gives (event bytes, or issues) for a consumed post republished with any fields added or replaced', () => {
    const post = fc.record(
      {
        title: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
        content: fc.string({ maxLength: 60 }),
        site: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        links: fc.option(fc.array(fc.constantFrom('https://a.test/x', 'not a url', ''), { maxLength: 2 }), { nil: undefined }),
        spans: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      },
      { requiredKeys: ['content', 'spans'] },
    );
    const changes = fc.array(fc.tuple(fc.constantFrom(...keys), fc.oneof(value, fc.constant('delete' as const))), { maxLength: 4 });
    fc.assert(
      fc.property(post, changes, (p, edits) => {
        const { spans, ...fields } = p;
        const event = consumed({ ...raw.data, ...fields, matches: [{ monitorId: 'm', queryKey: 'q', spans }] });
        const { platform: _p, externalId: _e, kind: _k, url: _u, title: _t, content: _c, author: _a, site: _s, lang: _l, createdAt: _ca, fetchedAt: _f, links: _li, topComments: _tc, ingestMode: _i, matches: _m, ...added } = scored.data;
        const data: Record<string, unknown> = { ...event.data, ...added, relevance: { categories: ['crm'], enterprise: false } };
        for (const [key, v] of edits) {
          if (v === 'delete') delete data[key];
          else data[key] = v;
        }
        const derived = checkDerived('post.scored.v1', { ...head, data }, event);
        const full = checkEnvelope('post.scored.v1', { ...head, data });
        expect(same(derived, full), JSON.stringify({ derived, full })).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  }, 30_000);

  it('checks every field when `from` was not validated by the consumer runner', () => {
    const unchecked = { ...raw.data, title: 'x'.repeat(5_000) };
    const data = { ...unchecked, contentHash: 'a'.repeat(64), analysis: scored.data.analysis };
    const check = checkDerived('post.scored.v1', { ...head, data }, { type: 'post.raw.v1', data: unchecked });
    expect(check).toEqual({ ok: false, issues: expect.stringContaining('title') as string });
  });

  it('checks a field again once its value is not the consumed one', () => {
    const event = consumed(raw.data);
    const data = { ...event.data, url: '', contentHash: 'a'.repeat(64), analysis: scored.data.analysis };
    const check = checkDerived('post.scored.v1', { ...head, data }, event);
    expect(check).toEqual({ ok: false, issues: expect.stringMatching(/^data\.url: /) as string });
  });
});
