import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ApiError, problemFrom } from './problem.ts';

// Error answers as the browser may see them: our problem+json, a proxy's HTML, truncated JSON,
// JSON of the wrong shape (null, arrays, numbers where strings go), empty bodies.
const member = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(null, 0, true, [], {}, '\u0000', '\ud800'),
);
const problem = fc.record(
  {
    type: member,
    title: member,
    status: fc.oneof(fc.integer(), member),
    code: member,
    detail: member,
    position: fc.oneof(fc.integer(), member),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { weight: 5, arbitrary: problem.map((p) => JSON.stringify(p)) },
  problem.map((p) => JSON.stringify(p).slice(0, 15)),
  fc.json(),
  fc.constantFrom('', 'null', '"text"', '[]', '<html><body>502 Bad Gateway</body></html>', '\u0000'),
  fc.string({ maxLength: 100 }),
);
const status = fc.oneof(
  fc.constantFrom(400, 401, 403, 404, 409, 422, 429, 500, 502, 503),
  fc.integer({ min: 400, max: 599 }),
);

describe('problemFrom (fuzz)', () => {
  it('turns any error answer into an ApiError with a string code and detail', async () => {
    await fc.assert(
      fc.asyncProperty(body, status, async (b, s) => {
        // Only the three members problemFrom reads: a real Response costs more than the parse.
        const res = { status: s, statusText: 'Err', text: () => Promise.resolve(b) } as unknown as Response;
        const err = await problemFrom(res);
        return (
          err instanceof ApiError &&
          err.status === s &&
          typeof err.code === 'string' &&
          typeof err.detail === 'string' &&
          (err.position === undefined || typeof err.position === 'number')
        );
      }),
      { numRuns: 10_000 },
    );
  });
});
