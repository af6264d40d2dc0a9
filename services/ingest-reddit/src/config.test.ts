import { describe, expect, it } from 'vitest';
import { firehosePollPeriods, ingestRedditEnv } from './config.ts';

describe('firehosePollPeriods', () => {
  it('polls a quiet /r/all at the budget pace when no poll is configured', () => {
    expect(firehosePollPeriods(ingestRedditEnv.parse({}))).toEqual({ pollMs: 600, minPollMs: 600 });
    expect(firehosePollPeriods(ingestRedditEnv.parse({ REDDIT_REQUESTS_PER_MIN: '60' }))).toEqual({ pollMs: 1000, minPollMs: 1000 });
  });

  it('keeps a configured quiet poll, and a busy stream never steps faster than the pace', () => {
    expect(firehosePollPeriods(ingestRedditEnv.parse({ REDDIT_FIREHOSE_POLL_MS: '2000' }))).toEqual({ pollMs: 2000, minPollMs: 600 });
    expect(firehosePollPeriods(ingestRedditEnv.parse({ REDDIT_FIREHOSE_POLL_MS: '20' }))).toEqual({ pollMs: 20, minPollMs: 20 });
  });
});
