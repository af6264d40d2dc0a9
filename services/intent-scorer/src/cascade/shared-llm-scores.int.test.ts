import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBus } from '@intent-radar/bus/testing';
import type { Bus } from '@intent-radar/bus';
import { createLogger } from '@intent-radar/logger';
import { kvBuckets } from '@intent-radar/proto-schemas';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { contentHash } from '../content-hash.ts';
import { LlmCascade } from './llm-cascade.ts';
import { KvSharedLlmScores } from './shared-llm-scores.ts';

const logger = createLogger({ service: 'shared-llm-scores-test', level: 'silent' });
// Local score 6: the gate sends it to the LLM.
const BORDERLINE = 'Ask HN: Nested Virtualization / NAT Supported VPS';

describe('LLM results shared between scorer replicas (real NATS KV)', () => {
  let sandbox: Sandbox;
  let bus: Bus;
  let destroy: () => Promise<void>;
  const replica = () =>
    new LlmCascade({
      baseURL: `${sandbox.url}/openai/v1`,
      apiKey: 'sk-test',
      model: 'gpt-4o-mini',
      concurrency: 2,
      timeoutMs: 5000,
      maxUsdPerHour: 1,
      maxUsdPerDay: 5,
      logger,
      shared: new KvSharedLlmScores(bus, logger),
    });

  beforeAll(async () => {
    sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 7, clock: 'manual', startTimeMs: Date.now() });
    await sandbox.start();
    ({ bus, destroy } = await openTestBus('shared-llm-scores'));
  });
  afterAll(async () => {
    await destroy();
    await sandbox.stop();
  });

  it('calls the LLM once for a post two replicas score', async () => {
    const [a, b] = [replica(), replica()];
    const first = await a.score({ content: BORDERLINE, platform: 'hackernews' });
    expect(a.calls).toBe(1);
    expect(first.scored_by).toBe('llm:gpt-4o-mini');
    const second = await b.score({ content: BORDERLINE, platform: 'hackernews' });
    expect(b.calls).toBe(0);
    expect(second.intent_score).toBe(first.intent_score);
    expect(second.scored_by).toBe('llm:gpt-4o-mini');
    expect(second.cost_usd).toBe(0);
    expect(second.notes).toContain('LLM result shared by another replica');
  });

  it('ignores a shared value that is not a valid analysis and asks the LLM', async () => {
    const text = 'Ask HN: Nested Virtualization / NAT Supported VPS for a small team';
    const kv = await bus.kv(kvBuckets.llmScores);
    await kv.put(contentHash(undefined, text), JSON.stringify({ intent_score: 10, scored_by: 'llm:gpt-4o-mini' }));
    const c = replica();
    const a = await c.score({ content: text, platform: 'hackernews' });
    expect(c.calls).toBe(1);
    expect(a.scored_by).toBe('llm:gpt-4o-mini');
  });
});
