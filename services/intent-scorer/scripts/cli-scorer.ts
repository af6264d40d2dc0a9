import type { IntentAnalysis } from '@intent-radar/proto-schemas';
import { cascadeFromEnv } from '../src/cascade/cli.ts';
import { scorePost, type ScoreInput } from '../src/model/index.ts';

/** Scorer for `--llm`: the cascade when LLM_BASE_URL and LLM_API_KEY are set, otherwise the local model with a warning. */
export function buildCliScorer(): Promise<(input: ScoreInput) => Promise<IntentAnalysis>> {
  const cascade = cascadeFromEnv();
  if (cascade) return Promise.resolve((input) => cascade.score(input));
  process.stderr.write('score: --llm: LLM_BASE_URL / LLM_API_KEY not set, using the local model\n');
  return Promise.resolve((input) => Promise.resolve(scorePost(input)));
}
