import type { Bus, EventInput } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { msgIds, subjects, type Platform } from '@intent-radar/proto-schemas';
import { ingestMetrics } from './ingest-metrics.ts';
import type { MonitorSet } from './monitor-set.ts';
import { clip } from './post-text.ts';

type RawPost = EventInput<'post.raw.v1'>;

/** A platform item normalized by an ingestor, before the local matcher decides who wants it. */
export type NormalizedPost = Omit<RawPost, 'matches' | 'ingestMode' | 'fetchedAt' | 'platform'>;

export interface PublishOutcome {
  /** Items that matched at least one monitor and are on posts.raw (new or deduplicated). */
  published: number;
  /** Items no monitor wants: not published. */
  unmatched: number;
  duplicates: number;
}

/**
 * Re-checks every normalized item with the local matcher (platform search is fuzzy; the firehose
 * sees everything), fills `matches`, and publishes the matching ones on posts.raw.<platform> with
 * msg id `<platform>:<externalId>` so a repeat within the stream's window is dropped.
 */
export class PostPublisher {
  constructor(
    private readonly bus: Bus,
    private readonly monitors: MonitorSet,
    private readonly platform: Platform,
    private readonly logger: Logger,
  ) {}

  async publish(items: readonly NormalizedPost[], mode: 'search' | 'firehose', traceparent?: string): Promise<PublishOutcome> {
    const fetchedAt = new Date().toISOString();
    const requests = [];
    const created: number[] = [];
    let unmatched = 0;
    for (const item of items) {
      const matches = this.monitors.match(
        { title: item.title, content: item.content, kind: item.kind, site: item.site, author: item.author.handle, lang: item.lang },
        this.platform,
      );
      if (matches.length === 0) {
        unmatched++;
        continue;
      }
      const data: RawPost = {
        ...item,
        platform: this.platform,
        content: clip(item.content, 100_000),
        title: item.title === undefined ? undefined : clip(item.title, 1000),
        threadTitle: item.threadTitle === undefined ? undefined : clip(item.threadTitle, 1000),
        fetchedAt,
        ingestMode: mode,
        matches: matches.slice(0, 10_000),
      };
      created.push(Date.parse(item.createdAt));
      requests.push({
        type: 'post.raw.v1' as const,
        subject: subjects.postRaw(this.platform),
        data,
        msgId: msgIds.post(this.platform, item.externalId),
        traceparent,
      });
    }
    const results = requests.length > 0 ? await this.bus.publishMany(requests) : [];
    const ackedAt = Date.now();
    let duplicates = 0;
    results.forEach((r, i) => {
      if (r.duplicate) duplicates++;
      else ingestMetrics.lag.observe({ platform: this.platform, mode }, Math.max(0, ackedAt - (created[i] ?? ackedAt)) / 1000);
    });
    ingestMetrics.posts.inc({ platform: this.platform, mode, outcome: 'published' }, results.length - duplicates);
    ingestMetrics.posts.inc({ platform: this.platform, mode, outcome: 'duplicate' }, duplicates);
    ingestMetrics.posts.inc({ platform: this.platform, mode, outcome: 'unmatched' }, unmatched);
    if (items.length > 0) {
      this.logger.info({ platform: this.platform, mode, seen: items.length, published: results.length - duplicates, duplicates, unmatched }, 'ingested batch');
    }
    return { published: results.length, unmatched, duplicates };
  }
}
