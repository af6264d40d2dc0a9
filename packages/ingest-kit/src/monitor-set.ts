import type { Bus } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { kvBuckets, type Platform } from '@intent-radar/proto-schemas';
import { MatcherHost, type MatchablePost } from '@intent-radar/query';
import type { KV } from '@nats-io/kv';
import { monitorRecordSchema, type MonitorRecord } from './monitor-record.ts';

/** A confirmed match as the raw-post event records it. */
export interface PostMatch {
  monitorId: string;
  queryKey: string;
  spans: [number, number][];
}

export interface MonitorSetOptions {
  bus: Bus;
  logger: Logger;
  /** Build the local matcher (ingestors); the scheduler only needs the records. Default true. */
  matcher?: boolean;
  /** Compile the matcher in a worker thread (default true; false for tiny sets in tests). */
  matcherWorker?: boolean;
  /** Rebuilds after a burst of changes are coalesced over this long. Milliseconds. */
  rebuildDelayMs?: number;
}

const MAX_SPANS = 100;

/**
 * The active monitors, mirrored from the `monitors` KV bucket by a watcher, plus the local matcher
 * over all of them. Every replica of every ingestor holds the same set.
 */
export class MonitorSet {
  private readonly records = new Map<string, MonitorRecord>();
  private readonly host: MatcherHost | undefined;
  private kv: KV | undefined;
  private watcher: { stop(): void } | undefined;
  private rebuildTimer: NodeJS.Timeout | undefined;
  private loaded!: () => void;
  private readonly initial = new Promise<void>((resolve) => (this.loaded = resolve));
  private built: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private readonly queryCache = new Map<Platform, { version: number; queries: Map<string, string> }>();

  constructor(private readonly opts: MonitorSetOptions) {
    if (opts.matcher !== false) this.host = new MatcherHost({ worker: opts.matcherWorker ?? true });
  }

  /** Starts watching; resolves once every existing monitor is loaded and the matcher is built. */
  async start(): Promise<void> {
    this.kv = await this.opts.bus.kv(kvBuckets.monitors);
    const status = await this.kv.status();
    const iter = await this.kv.watch();
    this.watcher = iter;
    let initialDone = status.values === 0;
    if (initialDone) this.loaded();
    void (async () => {
      for await (const e of iter) {
        if (e.operation === 'PUT') {
          const parsed = monitorRecordSchema.safeParse(safeJson(e.string()));
          if (parsed.success) this.records.set(e.key, parsed.data);
          else this.opts.logger.warn({ key: e.key, issues: parsed.error.message }, 'ignoring invalid monitor record');
        } else {
          this.records.delete(e.key);
        }
        // delta = entries still pending in the initial replay; 0 marks the end of it (the last
        // replayed entry already reports isUpdate = true on nats.js v3).
        if (e.delta === 0) initialDone = true;
        if (initialDone) {
          this.loaded();
          this.changed();
        }
      }
    })().catch((err: unknown) => this.opts.logger.error({ err }, 'monitors watcher failed'));
    await this.initial;
    this.rebuildNow();
    await this.built;
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
    clearTimeout(this.rebuildTimer);
    await this.host?.close();
  }

  /** Called after the set changed (debounced matcher rebuild has been scheduled). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every active monitor. */
  all(): MonitorRecord[] {
    return [...this.records.values()];
  }

  /** Distinct query keys watched on a platform, with their canonical query text. */
  queriesFor(platform: Platform): ReadonlyMap<string, string> {
    const cached = this.queryCache.get(platform);
    if (cached?.version === this.version) return cached.queries;
    const out = new Map<string, string>();
    for (const r of this.records.values()) if (r.platforms.includes(platform)) out.set(r.queryKey, r.query);
    // Schedulers ask every tick; the set changes rarely.
    this.queryCache.set(platform, { version: this.version, queries: out });
    return out;
  }

  get size(): number {
    return this.records.size;
  }

  /** Resolves once the matcher reflects every change seen so far. */
  async settled(): Promise<void> {
    if (this.rebuildTimer) this.rebuildNow();
    await this.built;
  }

  /** Monitors watching `platform` whose query the post satisfies (the local re-check). */
  match(post: MatchablePost, platform: Platform): PostMatch[] {
    if (!this.host) throw new Error('MonitorSet built without a matcher');
    const out: PostMatch[] = [];
    for (const m of this.host.match({ ...post, platform })) {
      const record = this.records.get(m.monitorId);
      if (!record?.platforms.includes(platform)) continue;
      out.push({ monitorId: record.id, queryKey: record.queryKey, spans: m.spans.slice(0, MAX_SPANS) });
    }
    return out;
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
    if (!this.host || this.rebuildTimer) return;
    this.rebuildTimer = setTimeout(() => this.rebuildNow(), this.opts.rebuildDelayMs ?? 200);
    this.rebuildTimer.unref();
  }

  private rebuildNow(): void {
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    if (!this.host) return;
    const monitors = [...this.records.entries()].map(([key, r]) => ({ id: key, query: r.query }));
    this.built = this.host.update(monitors).then(
      (m) => {
        if (m.rejected.length > 0) this.opts.logger.warn({ rejected: m.rejected.length }, 'monitors with invalid queries left out of the matcher');
      },
      (err: unknown) => this.opts.logger.error({ err }, 'matcher rebuild failed; keeping the previous set'),
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
