import type { Bus } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { intentAnalysisSchema, kvBuckets, type IntentAnalysis } from '@intent-radar/proto-schemas';

type KV = Awaited<ReturnType<Bus['kv']>>;

/** LLM results other replicas may already have paid for, by content hash. */
export interface SharedLlmScores {
  get(hash: string): Promise<IntentAnalysis | undefined>;
  put(hash: string, analysis: IntentAnalysis): Promise<void>;
}

/**
 * The `llm-scores` KV bucket. Only LLM results are shared: a local score costs ~0.1 ms of CPU,
 * less than the KV round trip that would look it up, while an LLM call costs money and seconds.
 * A KV failure never fails scoring: the cascade calls the LLM (get) or just does not share (put).
 */
export class KvSharedLlmScores implements SharedLlmScores {
  private kv: Promise<KV> | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  private bucket(): Promise<KV> {
    this.kv ??= this.bus.kv(kvBuckets.llmScores);
    // A failed open (bucket not provisioned yet) is retried on the next post.
    this.kv.catch(() => (this.kv = undefined));
    return this.kv;
  }

  async get(hash: string): Promise<IntentAnalysis | undefined> {
    try {
      const entry = await (await this.bucket()).get(hash);
      if (!entry || entry.operation !== 'PUT') return undefined;
      // Another process wrote it: validated like any outside input.
      const parsed = intentAnalysisSchema.safeParse(entry.json());
      return parsed.success ? parsed.data : undefined;
    } catch (err) {
      this.logger.warn({ err }, 'shared LLM score lookup failed; scoring without it');
      return undefined;
    }
  }

  async put(hash: string, analysis: IntentAnalysis): Promise<void> {
    try {
      await (await this.bucket()).put(hash, JSON.stringify(analysis));
    } catch (err) {
      this.logger.warn({ err }, 'shared LLM score store failed');
    }
  }
}
