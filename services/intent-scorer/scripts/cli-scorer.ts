import type { IntentAnalysis } from '@intent-radar/proto-schemas';
import { scorePost, type ScoreInput } from '../src/model/index.ts';

/** Scorer for `--llm`: the cascade when configured, otherwise the local model with a warning. */
export function buildCliScorer(): Promise<(input: ScoreInput) => Promise<IntentAnalysis>> {
  process.stderr.write('score: --llm: LLM cascade not configured, using the local model\n');
  return Promise.resolve((input) => Promise.resolve(scorePost(input)));
}
