import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { Logger } from '@intent-radar/logger';
import { intentAnalysisSchema, type Evidence, type IntentAnalysis } from '@intent-radar/proto-schemas';
import { normalizeInput, scorePost, QUALIFIED_SCORE, type ScoreInput } from '../model/index.ts';
import type { PostScorer } from '../scorer.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { needsLlm } from './gate.ts';
import { llmJsonSchema, llmOutputSchema, type LlmOutput } from './llm-output.ts';
import { buildMessages } from './prompt.ts';
import { llmCallCostUsd, recordLlmCall } from '@intent-radar/runtime';
import type { SharedLlmScores } from './shared-llm-scores.ts';
import { SpendGuard } from './spend-guard.ts';

export interface LlmCascadeOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  concurrency: number;
  timeoutMs: number;
  maxUsdPerHour: number;
  maxUsdPerDay: number;
  logger: Logger;
  /** SDK retries for 408/409/429/5xx; it honours Retry-After. */
  maxRetries?: number;
  now?: () => number;
  /** LLM results shared between replicas (the llm-scores KV bucket), so a post is paid for once. */
  shared?: SharedLlmScores;
}

/** How far the LLM may move the local score: bounds the damage of an injection that gets through. */
export const MAX_LLM_SHIFT = 3;
// A call costs well under this; the cap check uses it before the real cost is known.
const ESTIMATED_CALL_USD = 0.0005;

const INJECTION = /\b(?:ignore (?:all |any |the )?(?:previous|prior|above|earlier) (?:instructions?|prompts?|messages?)|disregard (?:all |the )?(?:previous|above|prior)|new instructions|you are now|system prompt|(?:intent_score|is_qualified)\s*[=:]|score (?:this|it|me) (?:post )?(?:a |as )?10)\b|^\s*system\s*:/im;

class InvalidLlmOutput extends Error {
  readonly code = 'LLM_OUTPUT_INVALID';
}

// `usage` is outside input: a non-numeric count made the cost NaN, and NaN in the SpendGuard
// fails every later `<=` check (the LLM stayed off for the rest of the UTC day); a negative one
// lowered the recorded spend.
const tokenCount = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const cutAll = (xs: readonly string[], items: number, chars: number) => xs.slice(0, items).map((x) => cut(x, chars));

/**
 * Stage 3: the local model scores every post; the posts it cannot rule out go to an
 * OpenAI-compatible LLM with a strict JSON schema. On any failure (HTTP, timeout, invalid output
 * twice, spend cap) the local result stands with `needs_rescore: true`.
 */
export class LlmCascade implements PostScorer {
  private readonly client: OpenAI;
  private readonly limit: ConcurrencyLimit;
  private readonly spend: SpendGuard;
  /** Calls made (for the bench and metrics). */
  calls = 0;

  constructor(private readonly opts: LlmCascadeOptions) {
    this.client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey, timeout: opts.timeoutMs, maxRetries: opts.maxRetries ?? 2 });
    this.limit = new ConcurrencyLimit(opts.concurrency);
    this.spend = new SpendGuard(opts.maxUsdPerHour, opts.maxUsdPerDay, opts.now);
  }

  async score(input: ScoreInput): Promise<IntentAnalysis> {
    const local = scorePost(input);
    if (!needsLlm(local)) return local;
    const text = normalizeInput(input.title, input.content).text;
    if (INJECTION.test(text)) return { ...local, notes: [...local.notes, 'instruction-like text in post: LLM skipped'].slice(0, 10) };
    const shared = this.opts.shared;
    // The same key as the post's contentHash: sha256 of the normalized text.
    const hash = shared ? createHash('sha256').update(text).digest('hex') : undefined;
    if (shared && hash) {
      const hit = await shared.get(hash);
      if (hit && hit.scored_by === `llm:${this.opts.model}`) {
        return { ...hit, cost_usd: 0, notes: [...hit.notes, 'LLM result shared by another replica'].slice(-10) };
      }
    }
    if (!this.spend.allows(ESTIMATED_CALL_USD)) {
      recordLlmCall('intent_scoring', this.opts.model, 'spend_cap');
      return this.fallback(local, 'LLM spend cap reached');
    }
    try {
      const analysis = await this.limit.run(() => this.ask(input, text, local));
      if (shared && hash) await shared.put(hash, analysis);
      return analysis;
    } catch (err) {
      if (!(err instanceof InvalidLlmOutput)) recordLlmCall('intent_scoring', this.opts.model, err instanceof OpenAI.APIConnectionTimeoutError ? 'timeout' : 'error');
      const reason = err instanceof OpenAI.APIError ? `LLM error ${err.status ?? ''} ${err.code ?? err.name}`.trim() : `LLM error: ${err instanceof Error ? err.message : String(err)}`;
      this.opts.logger.warn({ err: reason }, 'LLM scoring failed; local result stands');
      return this.fallback(local, cut(reason, 200));
    }
  }

  private fallback(local: IntentAnalysis, reason: string): IntentAnalysis {
    return { ...local, needs_rescore: true, notes: [...local.notes, reason].slice(-10) };
  }

  private async ask(input: ScoreInput, text: string, local: IntentAnalysis): Promise<IntentAnalysis> {
    let cost = 0;
    for (let attempt = 1; ; attempt++) {
      this.calls++;
      const completion = await this.client.chat.completions.create({
        model: this.opts.model,
        temperature: 0,
        max_tokens: 700,
        messages: buildMessages({ text, platform: input.platform, kind: input.kind }, { score: local.intent_score, category: local.category }),
        response_format: { type: 'json_schema', json_schema: { name: 'intent_analysis', strict: true, schema: llmJsonSchema } },
      });
      const usage = completion.usage;
      const callCost = llmCallCostUsd(this.opts.model, tokenCount(usage?.prompt_tokens), tokenCount(usage?.completion_tokens));
      this.spend.record(callCost);
      cost += callCost;
      try {
        const message = completion.choices[0]?.message;
        if (!message?.content || message.refusal) throw new InvalidLlmOutput('no content or refusal');
        const parsed = llmOutputSchema.safeParse(JSON.parse(message.content));
        if (!parsed.success) throw new InvalidLlmOutput(parsed.error.issues[0]?.message ?? 'schema mismatch');
        const merged = this.merge(parsed.data, text, local, cost);
        recordLlmCall('intent_scoring', this.opts.model, 'ok', callCost);
        return merged;
      } catch (err) {
        recordLlmCall('intent_scoring', this.opts.model, 'invalid_output', callCost);
        // Not JSON, missing fields or out of range: one retry, then the local result stands.
        if (attempt >= 2) throw err instanceof InvalidLlmOutput ? err : new InvalidLlmOutput(err instanceof Error ? err.message : 'invalid output');
      }
    }
  }

  private merge(out: LlmOutput, text: string, local: IntentAnalysis, cost: number): IntentAnalysis {
    const notes = [...local.notes];
    let score = out.intent_score;
    const lo = Math.max(1, local.intent_score - MAX_LLM_SHIFT);
    const hi = Math.min(10, local.intent_score + MAX_LLM_SHIFT);
    if (score < lo || score > hi) {
      notes.push(`LLM score ${score} clamped to ${lo}-${hi} around the local ${local.intent_score}`);
      score = Math.min(hi, Math.max(lo, score));
    }
    const evidence: Evidence[] = [];
    for (const quote of out.evidence_quotes.slice(0, 20)) {
      const q = cut(quote.trim(), 500);
      const start = q ? text.indexOf(q) : -1;
      if (start >= 0) evidence.push({ quote: q, start, end: start + q.length, cue: 'llm_quote', weight: 0 });
    }
    const analysis: IntentAnalysis = {
      intent_score: score,
      urgency: out.urgency,
      budget_signals: cutAll(out.budget_signals, 20, 300),
      pain_points: cutAll(out.pain_points, 20, 300),
      decision_stage: out.decision_stage,
      competitors_mentioned: cutAll(out.competitors_mentioned, 50, 100),
      is_qualified: score >= QUALIFIED_SCORE,
      reasoning: cut(out.reasoning, 2000),
      one_line_summary: cut(out.one_line_summary, 300),
      evidence: evidence.length > 0 ? evidence : local.evidence,
      category: out.category,
      language: local.language,
      scored_by: cut(`llm:${this.opts.model}`, 100),
      cost_usd: cost,
      needs_rescore: false,
      notes: notes.slice(-10),
    };
    return intentAnalysisSchema.parse(analysis);
  }
}
