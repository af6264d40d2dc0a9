import type { Bus } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { kvBuckets, type Platform } from '@intent-radar/proto-schemas';
import type { KV } from '@nats-io/kv';
import { z } from 'zod';
import { ingestMetrics } from './ingest-metrics.ts';

export const SOURCE_STATUSES = ['ok', 'degraded', 'rate_limited', 'auth_failed', 'capped'] as const;

/** What the dashboard shows per platform (KV `source-health`, key = platform). */
export const sourceHealthSchema = z.object({
  platform: z.string(),
  status: z.enum(SOURCE_STATUSES),
  lastSuccessAt: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Items seen (matched or not) over the last minute by the replica that wrote this. */
  itemsPerMin: z.number(),
  updatedAt: z.string(),
});
export type SourceHealthRecord = z.infer<typeof sourceHealthSchema>;

/**
 * Tracks one platform's health in memory and writes it to KV at most every `flushMs` (and at once
 * when the status changes), so a burst of errors costs one write, not one per error.
 */
export class SourceHealth {
  private status: SourceHealthRecord['status'] = 'ok';
  private lastSuccessAt: number | null = null;
  private lastErrorAt: number | null = null;
  private lastErrorCode: string | null = null;
  private lastError: string | null = null;
  private readonly itemTimes: { at: number; n: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  private constructor(
    private readonly kv: KV,
    readonly platform: Platform,
    private readonly logger: Logger,
    private readonly flushMs: number,
  ) {}

  static async open(bus: Bus, platform: Platform, logger: Logger, flushMs = 5_000): Promise<SourceHealth> {
    return new SourceHealth(await bus.kv(kvBuckets.sourceHealth), platform, logger, flushMs);
  }

  get current(): SourceHealthRecord['status'] {
    return this.status;
  }

  success(items: number): void {
    const now = Date.now();
    this.lastSuccessAt = now;
    ingestMetrics.lastSuccess.set({ platform: this.platform }, now / 1000);
    this.itemTimes.push({ at: now, n: items });
    this.setStatus('ok');
  }

  failure(code: string, message: string, status: SourceHealthRecord['status'] = 'degraded'): void {
    this.lastErrorAt = Date.now();
    this.lastErrorCode = code;
    this.lastError = message.slice(0, 500);
    ingestMetrics.lastError.set({ platform: this.platform, code: code.slice(0, 64) }, this.lastErrorAt / 1000);
    this.setStatus(status);
  }

  snapshot(): SourceHealthRecord {
    const now = Date.now();
    while (this.itemTimes.length > 0 && now - (this.itemTimes[0]?.at ?? now) > 60_000) this.itemTimes.shift();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      platform: this.platform,
      status: this.status,
      lastSuccessAt: iso(this.lastSuccessAt),
      lastErrorAt: iso(this.lastErrorAt),
      lastErrorCode: this.lastErrorCode,
      lastError: this.lastError,
      itemsPerMin: this.itemTimes.reduce((s, x) => s + x.n, 0),
      updatedAt: new Date(now).toISOString(),
    };
  }

  /** Writes the current record now. */
  async flush(): Promise<void> {
    this.dirty = false;
    try {
      await this.kv.put(this.platform, JSON.stringify(this.snapshot()));
    } catch (err) {
      this.logger.warn({ err, platform: this.platform }, 'could not write source health');
    }
  }

  start(): void {
    this.reportStatus();
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private setStatus(next: SourceHealthRecord['status']): void {
    this.dirty = true;
    if (next === this.status) return;
    this.status = next;
    this.reportStatus();
    void this.flush();
  }

  private reportStatus(): void {
    for (const s of SOURCE_STATUSES) ingestMetrics.status.set({ platform: this.platform, status: s }, s === this.status ? 1 : 0);
  }
}
