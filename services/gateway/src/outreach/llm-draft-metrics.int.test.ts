import { createLogger } from '@intent-radar/logger';
import { metrics } from '@intent-radar/runtime';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmDraftWriter } from './llm-draft-writer.ts';

// radar_llm_calls_total / radar_llm_spend_usd_total for the outreach_draft feature (issue 12 metrics).
const logger = createLogger({ service: 'draft-metrics-test', level: 'silent' });
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, clock: 'manual', backlog: 0 });
  await sandbox.start();
});
afterAll(async () => sandbox.stop());

async function value(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}

const input = {
  seller: { company: 'Acme', product: 'Acme Data' },
  post: { platform: 'reddit', author: 'buyer', title: 'ZoomInfo alternative?', text: 'Looking for a ZoomInfo alternative under $500/month', summary: null, painPoints: ['price'], competitors: ['ZoomInfo'] },
};

describe('LLM outreach draft metrics', () => {
  it('counts calls by outcome and adds the spend of answered calls', async () => {
    const writer = new LlmDraftWriter({ baseURL: `${sandbox.url}/openai/v1`, apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 5_000, maxRetries: 0 });
    const ok = { feature: 'outreach_draft', model: 'gpt-4o-mini', outcome: 'ok' };
    const err = { ...ok, outcome: 'error' };
    const [okBefore, errBefore, spendBefore] = [await value('radar_llm_calls_total', ok), await value('radar_llm_calls_total', err), await value('radar_llm_spend_usd_total', { feature: 'outreach_draft' })];
    expect((await writer.write(input)).ok).toBe(true);
    expect(await value('radar_llm_calls_total', ok)).toBe(okBefore + 1);
    expect(await value('radar_llm_spend_usd_total', { feature: 'outreach_draft' })).toBeGreaterThan(spendBefore);
    sandbox.faults.add({ api: 'openai', kind: 'server_error', status: 503 });
    expect(await writer.write(input)).toMatchObject({ ok: false, reason: 'error' });
    expect(await value('radar_llm_calls_total', err)).toBe(errBefore + 1);
  });
});
