import type { Pool } from 'pg';
import type { Logger } from '@intent-radar/logger';
import type { GatewayConfig } from '../config.ts';
import { Throttle, type Limit } from '../auth/throttle.ts';
import type { SignalRow } from '../routes/signal-queries.ts';
import type { DraftInput } from './draft-prompt.ts';
import { LlmDraftWriter, type DraftFallback } from './llm-draft-writer.ts';
import { templateDraft } from './template-draft.ts';

export interface OutreachDraft {
  subject: string;
  body: string;
  generatedBy: 'llm' | 'template';
  /** The model that wrote it, when generatedBy is llm. */
  model: string | null;
  /** Set when the LLM is configured but its draft was not used. */
  llmFallback?: DraftFallback;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : []);
const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v.slice(0, 500) : fallback);

/**
 * Outreach drafts: the LLM writes one when configured and the workspace is under its daily LLM
 * draft limit; otherwise, or on any failure, the template stands. Nothing is sent or posted.
 */
export class OutreachDrafter {
  private readonly writer: LlmDraftWriter | undefined;
  private readonly throttle: Throttle;
  private readonly limit: Limit;

  constructor(
    pool: Pool,
    config: Pick<GatewayConfig, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'OUTREACH_LLM_TIMEOUT_MS' | 'OUTREACH_LLM_DRAFTS_PER_DAY'>,
    private readonly logger: Logger,
  ) {
    const configured = config.LLM_BASE_URL !== undefined && config.LLM_API_KEY !== undefined && config.OUTREACH_LLM_DRAFTS_PER_DAY > 0;
    this.writer = configured
      ? new LlmDraftWriter({ baseURL: config.LLM_BASE_URL!, apiKey: config.LLM_API_KEY!, model: config.LLM_MODEL, timeoutMs: config.OUTREACH_LLM_TIMEOUT_MS })
      : undefined;
    this.throttle = new Throttle(pool);
    // A fixed UTC-day window in rate_limit_hits: one upsert per draft, shared by every replica.
    this.limit = { name: 'outreach-llm', limit: config.OUTREACH_LLM_DRAFTS_PER_DAY, windowSeconds: 24 * 60 * 60 };
  }

  async draft(workspaceId: string, signal: SignalRow, settings: Record<string, unknown>): Promise<OutreachDraft> {
    const template = { ...templateDraft(signal, settings), model: null };
    if (!this.writer) return template;
    // Counted before the call: failed and timed-out calls cost too.
    const taken = await this.throttle.take(this.limit, workspaceId);
    if (!taken.allowed) return { ...template, llmFallback: 'limit' };
    const result = await this.writer.write(draftInput(signal, settings));
    if (!result.ok) {
      this.logger.warn({ workspaceId, signalId: signal.id, reason: result.reason, detail: result.detail }, 'LLM outreach draft failed; template used');
      return { ...template, llmFallback: result.reason };
    }
    return { ...result.draft, generatedBy: 'llm', model: this.writer.model };
  }
}

function draftInput(s: SignalRow, settings: Record<string, unknown>): DraftInput {
  const a = s.analysis ?? {};
  return {
    seller: { company: text(settings.companyName, 'our team'), product: text(settings.productDescription, 'not described') },
    post: {
      platform: s.platform,
      author: s.author_display_name ?? s.author_handle,
      title: s.title,
      text: s.content,
      summary: typeof a.one_line_summary === 'string' ? a.one_line_summary : null,
      painPoints: strings(a.pain_points),
      competitors: strings(a.competitors_mentioned),
    },
  };
}
