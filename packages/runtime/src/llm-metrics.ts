import { metrics } from './metrics.ts';

/** Dollars per million tokens (input, output). Unknown models are priced like gpt-4o, to err high. */
const PRICES: Record<string, { readonly input: number; readonly output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
};

/** Cost of one LLM call in US dollars, from the token counts the API reports. */
export function llmCallCostUsd(model: string, promptTokens: number, completionTokens: number): number {
  const p = PRICES[model] ?? { input: 2.5, output: 10 };
  return (promptTokens * p.input + completionTokens * p.output) / 1_000_000;
}

/**
 * How one LLM request ended. ok: usable output; invalid_output: answered but unusable (refusal,
 * not JSON, schema mismatch); error: HTTP/network error; timeout: deadline passed; spend_cap: not
 * sent because a spend cap said no.
 */
export type LlmCallOutcome = 'ok' | 'invalid_output' | 'error' | 'timeout' | 'spend_cap';

const calls = metrics.counter('radar_llm_calls_total', 'LLM requests by feature (intent_scoring, outreach_draft), model and outcome (ok, invalid_output, error, timeout; spend_cap: not sent).', [
  'feature',
  'model',
  'outcome',
]);
const spendUsd = metrics.counter('radar_llm_spend_usd_total', 'LLM spend in US dollars (reported tokens x list price), by feature and model.', ['feature', 'model']);

/** Counts one LLM request (or one not sent) and adds its cost to the spend counter. */
export function recordLlmCall(feature: 'intent_scoring' | 'outreach_draft', model: string, outcome: LlmCallOutcome, costUsd = 0): void {
  const m = model.slice(0, 64);
  calls.inc({ feature, model: m, outcome });
  if (costUsd > 0) spendUsd.inc({ feature, model: m }, costUsd);
}
