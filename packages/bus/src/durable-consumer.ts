import type { Logger } from '@intent-radar/logger';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { RetryPolicy } from './retry-policy.ts';

const CONSUMER_NOT_FOUND = 10014;

/** A durable pull consumer as data; `stream` and `filterSubject` are physical names. */
export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  retry: RetryPolicy;
  /** Unacked messages outstanding across all replicas before the server pauses delivery. */
  maxAckPending: number;
}

/**
 * The server config for a spec. `max_deliver` is unlimited on the server: the runner counts
 * deliveries itself and dead-letters on its last attempt (or on the next delivery when a process
 * died mid-handler). A server-side limit could strand a message in no state at all: when the
 * dead-letter publish fails too (NATS restarting), the runner naks, and a server that has used up
 * its deliveries never hands the message back to be dead-lettered later.
 * The nak delays implement the back-off; the consumer's own `backoff` is not set because on the
 * server it replaces `ack_wait` per delivery, which would cut slow handlers short.
 */
export function consumerConfig(spec: DurableConsumerSpec): Partial<ConsumerConfig> {
  return {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: spec.filterSubject,
    max_deliver: -1,
    ack_wait: nanos(spec.retry.ackWaitMs),
    max_ack_pending: spec.maxAckPending,
  };
}

const UPDATABLE = ['filter_subject', 'max_deliver', 'ack_wait', 'max_ack_pending'] as const;

/** Creates the durable or updates the fields we own; safe when replicas start at once. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec, logger: Logger): Promise<void> {
  const wanted = consumerConfig(spec);
  let current = await consumerInfo(jsm, spec.stream, spec.durable);
  if (!current) {
    try {
      await jsm.consumers.add(spec.stream, wanted);
      logger.info({ stream: spec.stream, durable: spec.durable }, 'consumer created');
      return;
    } catch (err) {
      // A replica won the create race (or the config differs): check what is there now.
      current = await consumerInfo(jsm, spec.stream, spec.durable);
      if (!current) throw err;
    }
  }
  const drift = UPDATABLE.filter((f) => current[f] !== wanted[f]);
  if (drift.length === 0) return;
  const update: Partial<ConsumerConfig> = {};
  for (const f of drift) Object.assign(update, { [f]: wanted[f] });
  await jsm.consumers.update(spec.stream, spec.durable, update);
  logger.info({ stream: spec.stream, durable: spec.durable, fields: drift }, 'consumer updated');
}

async function consumerInfo(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerConfig | undefined> {
  try {
    return (await jsm.consumers.info(stream, durable)).config;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === CONSUMER_NOT_FOUND) return undefined;
    throw err;
  }
}
