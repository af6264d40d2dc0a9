import { fetchSourceJson, fetchSourceText, SourceMalformedError } from '@intent-radar/ingest-kit';
import { z } from 'zod';
import { linkedinRecordSchema, type LinkedinRecord } from './linkedin-record.ts';

const triggerSchema = z.object({ snapshot_id: z.string().regex(/^[\w-]{1,100}$/) });

export const SNAPSHOT_STATUSES = ['starting', 'running', 'ready', 'failed', 'canceled'] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];
const progressSchema = z.object({
  status: z.enum(SNAPSHOT_STATUSES),
  records: z.number().int().nullish(),
  errors: z.number().int().nullish(),
  error_codes: z.record(z.string(), z.number()).nullish(),
});
export type SnapshotProgress = z.infer<typeof progressSchema>;

/** 202 while collecting: `{"status":"running","message":"Snapshot is not ready yet, …"}`. */
const notReadySchema = z.object({ status: z.string(), message: z.string().optional() });
const snapshotSchema = z.union([z.array(z.unknown()), notReadySchema]);

export interface BrightDataClientOptions {
  baseUrl: string;
  token: string;
  datasetId: string;
  timeoutMs: number;
}

/** A downloaded snapshot: valid post records (every key kept) and how many entries were not posts. */
export interface SnapshotContent {
  records: LinkedinRecord[];
  /** Failed inputs (`{input,error,error_code}`) and entries that are not post records. */
  skipped: number;
}

/**
 * Bright Data Web Scraper API (datasets v3) for LinkedIn post keyword discovery, over undici via
 * ingest-kit, so 401s, 429s, 5xx and bad bodies arrive as typed SourceErrors.
 */
export class BrightDataClient {
  private readonly base: string;

  constructor(private readonly opts: BrightDataClientOptions) {
    this.base = opts.baseUrl.replace(/\/$/, '');
  }

  private get headers(): Record<string, string> {
    // Without a token Bright Data answers 401 "Credentials are missing": surfaced once, not retried.
    return this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {};
  }

  /** Starts one discovery run with a keyword input per keyword; returns the snapshot id. */
  async triggerKeywords(keywords: readonly string[], limitPerInput: number, signal: AbortSignal): Promise<string> {
    const params = new URLSearchParams({
      dataset_id: this.opts.datasetId,
      type: 'discover_new',
      discover_by: 'keyword',
      limit_per_input: String(limitPerInput),
      format: 'json',
    });
    const res = await fetchSourceJson(`${this.base}/datasets/v3/trigger?${params.toString()}`, triggerSchema, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify(keywords.map((keyword) => ({ keyword }))),
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    return res.body.snapshot_id;
  }

  async progress(snapshotId: string, signal: AbortSignal): Promise<SnapshotProgress> {
    const res = await fetchSourceJson(`${this.base}/datasets/v3/progress/${encodeURIComponent(snapshotId)}`, progressSchema, {
      headers: this.headers,
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    return res.body;
  }

  /** The snapshot's records, or null while it is still collecting (HTTP 202). */
  async download(snapshotId: string, signal: AbortSignal): Promise<SnapshotContent | null> {
    const res = await fetchSourceJson(`${this.base}/datasets/v3/snapshot/${encodeURIComponent(snapshotId)}?format=json`, snapshotSchema, {
      headers: this.headers,
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    if (res.status === 202) return null;
    if (!Array.isArray(res.body)) throw new SourceMalformedError(`snapshot ${snapshotId} answered ${res.status} without a record array`);
    const records: LinkedinRecord[] = [];
    let skipped = 0;
    for (const entry of res.body) {
      const r = linkedinRecordSchema.safeParse(entry);
      if (r.success) records.push(r.data);
      else skipped++;
    }
    return { records, skipped };
  }

  /** Stops collecting (and billing) a snapshot; Bright Data answers plain-text `OK`. */
  async cancel(snapshotId: string, signal: AbortSignal): Promise<void> {
    await fetchSourceText(`${this.base}/datasets/v3/snapshot/${encodeURIComponent(snapshotId)}/cancel`, {
      method: 'POST',
      headers: this.headers,
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
  }
}
