import { llmCallCostUsd, recordLlmCall } from '@intent-radar/runtime';
import OpenAI from 'openai';
import { buildDraftMessages, draftJsonSchema, draftOutputSchema, type DraftInput, type DraftOutput } from './draft-prompt.ts';

export interface LlmDraftWriterOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  /** Deadline of one draft, SDK retries included. Milliseconds. */
  timeoutMs: number;
  /** SDK retries for 408/409/429/5xx (it honours Retry-After within the deadline). */
  maxRetries?: number;
}

/** Why the LLM draft was not used. */
export type DraftFallback = 'limit' | 'error' | 'timeout' | 'invalid_output';

export type LlmDraftResult = { ok: true; draft: DraftOutput } | { ok: false; reason: Exclude<DraftFallback, 'limit'>; detail: string };

/** The model's message content as a draft, or why it is not one (not JSON, wrong shape, empty, too long). */
export function parseDraftOutput(content: string | null | undefined): { ok: true; draft: DraftOutput } | { ok: false; detail: string } {
  if (!content) return { ok: false, detail: 'no content' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, detail: 'content is not JSON' };
  }
  const parsed = draftOutputSchema.safeParse(json);
  if (!parsed.success) return { ok: false, detail: `schema mismatch at ${parsed.error.issues[0]?.path.join('.') ?? '?'}` };
  return { ok: true, draft: parsed.data };
}

/**
 * Writes an outreach draft with an OpenAI-compatible LLM (client built as intent-scorer's cascade
 * builds its own), Structured Outputs and zod validation. Never throws: a failure is a result, so
 * the caller keeps the template.
 */
export class LlmDraftWriter {
  private readonly client: OpenAI;

  constructor(private readonly opts: LlmDraftWriterOptions) {
    this.client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey, timeout: opts.timeoutMs, maxRetries: opts.maxRetries ?? 1 });
  }

  get model(): string {
    return this.opts.model;
  }

  async write(input: DraftInput): Promise<LlmDraftResult> {
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.opts.model,
          temperature: 0.4,
          max_tokens: 500,
          messages: buildDraftMessages(input),
          response_format: { type: 'json_schema', json_schema: { name: 'outreach_draft', strict: true, schema: draftJsonSchema } },
        },
        // The per-attempt timeout alone would let retries run past the request's budget.
        { signal: AbortSignal.timeout(this.opts.timeoutMs) },
      );
      const message = completion.choices[0]?.message;
      const out = message?.refusal ? ({ ok: false, detail: 'refusal' } as const) : parseDraftOutput(message?.content);
      recordLlmCall('outreach_draft', this.opts.model, out.ok ? 'ok' : 'invalid_output', llmCallCostUsd(this.opts.model, completion.usage?.prompt_tokens ?? 0, completion.usage?.completion_tokens ?? 0));
      return out.ok ? out : { ok: false, reason: 'invalid_output', detail: out.detail };
    } catch (err) {
      const timedOut = err instanceof OpenAI.APIConnectionTimeoutError || err instanceof OpenAI.APIUserAbortError;
      recordLlmCall('outreach_draft', this.opts.model, timedOut ? 'timeout' : 'error');
      if (timedOut) return { ok: false, reason: 'timeout', detail: 'LLM deadline passed' };
      if (err instanceof OpenAI.APIError) return { ok: false, reason: 'error', detail: `LLM error ${err.status ?? ''} ${err.code ?? err.name}`.replace(/\s+/g, ' ').trim() };
      return { ok: false, reason: 'error', detail: `LLM error: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown'}` };
    }
  }
}
