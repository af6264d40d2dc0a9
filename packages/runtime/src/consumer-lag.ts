import type { Logger } from '@intent-radar/logger';
import { metrics } from './metrics.ts';

/** The slice of a JetStream manager the lag gauges read (packages/bus's `bus.jsm` fits). */
export interface LagSourceJsm {
  consumers: { info(stream: string, durable: string): Promise<{ num_pending: number; num_ack_pending: number; num_redelivered: number }> };
  streams: { info(stream: string, opts?: { subjects_filter?: string }): Promise<{ state: { messages: number; subjects?: Record<string, number> } }> };
}

/** One durable consumer to report, by logical names (labels) and the physical stream name. */
export interface LagSource {
  jsm: LagSourceJsm;
  stream: string;
  durable: string;
  physicalStream: string;
  /** The DEADLETTER stream's physical name: its per-subject counts become radar_dead_letters. */
  deadLetterStream?: string;
  logger?: Logger;
}

const sources = new Set<LagSource>();

/**
 * Reports a consumer's backlog as gauges read at scrape time (no timer, nothing between scrapes):
 * radar_consumer_pending (not yet delivered), radar_consumer_ack_pending (in handlers),
 * radar_consumer_redelivered, and radar_dead_letters{subject} (dead-letter depth). Returns the
 * function that stops reporting it.
 */
export function reportConsumerLag(source: LagSource): () => void {
  ensureGauges();
  sources.add(source);
  return () => sources.delete(source);
}

let created = false;
function ensureGauges(): void {
  if (created) return;
  created = true;
  const labels = ['stream', 'durable'] as const;
  const pending = metrics.gauge('radar_consumer_pending', 'Messages in the stream matching the consumer filter, not yet delivered (the lag).', labels);
  const ackPending = metrics.gauge('radar_consumer_ack_pending', 'Messages delivered and not yet acked.', labels);
  const redelivered = metrics.gauge('radar_consumer_redelivered', 'Messages delivered more than once and not yet acked.', labels);
  const deadLetters = metrics.gauge('radar_dead_letters', 'Messages in the dead-letter stream, by subject (dlq.<service>).', ['subject']);
  // prom-client awaits `collect` on every scrape; the first gauge's collect refreshes all four.
  (pending as unknown as { collect?: () => Promise<void> }).collect = async () => {
    const deadLetterStreams = new Map<string, LagSource>();
    await Promise.all(
      [...sources].map(async (s) => {
        try {
          const info = await s.jsm.consumers.info(s.physicalStream, s.durable);
          const l = { stream: s.stream, durable: s.durable };
          pending.set(l, info.num_pending);
          ackPending.set(l, info.num_ack_pending);
          redelivered.set(l, info.num_redelivered);
        } catch (err) {
          s.logger?.debug({ err, stream: s.stream, durable: s.durable }, 'consumer info unavailable for metrics');
        }
        if (s.deadLetterStream) deadLetterStreams.set(s.deadLetterStream, s);
      }),
    );
    for (const [stream, s] of deadLetterStreams) {
      try {
        const info = await s.jsm.streams.info(stream, { subjects_filter: '>' });
        deadLetters.reset();
        for (const [subject, count] of Object.entries(info.state.subjects ?? {})) deadLetters.set({ subject }, count);
      } catch (err) {
        s.logger?.debug({ err }, 'dead-letter stream info unavailable for metrics');
      }
    }
  };
}
