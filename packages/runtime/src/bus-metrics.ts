import { metrics } from './metrics.ts';

/*
 * Prometheus side of packages/bus's metrics hooks. The hook shapes are repeated here structurally
 * (this package does not depend on the bus): `connectBus({ ..., metrics: busMetrics() })` type-checks
 * because the bus's BusMetrics has the same optional methods.
 */

interface ConsumerLabels {
  service: string;
  stream: string;
  durable: string;
}
type MessageOutcome = 'ack' | 'retry' | 'dead_letter' | 'returned' | 'skipped';

/** The hook object the bus calls; every method is safe to call often and never throws. */
export interface PromBusMetrics {
  published(labels: { type: string; stream: string }, duplicate: boolean): void;
  messageReceived(labels: ConsumerLabels): void;
  messageSettled(labels: ConsumerLabels, outcome: MessageOutcome, handlerMs: number): void;
  deadLettered(labels: ConsumerLabels, errorCode: string): void;
}

const consumerLabels = ['service', 'stream', 'durable'] as const;

/** Messages in/out, handler latency and dead letters as prom-client metrics in the process registry. */
export function busMetrics(): PromBusMetrics {
  const published = metrics.counter('radar_bus_published_total', 'Events published and acked by a stream, by type (duplicate: deduplicated by msg id).', ['type', 'stream', 'duplicate']);
  const received = metrics.counter('radar_bus_messages_received_total', 'Messages delivered to a consumer.', consumerLabels);
  const settled = metrics.counter('radar_bus_messages_settled_total', 'Messages settled by a consumer, by outcome (ack, retry, dead_letter, returned, skipped: a replay for another durable).', [...consumerLabels, 'outcome']);
  const handlerSeconds = metrics.histogram('radar_bus_handler_seconds', 'Validation + handler time per message, by outcome.', [...consumerLabels, 'outcome'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);
  const deadLettered = metrics.counter('radar_bus_dead_lettered_total', 'Messages copied to the dead-letter stream, by error code.', [...consumerLabels, 'code']);
  return {
    published: (l, duplicate) => published.inc({ type: l.type, stream: l.stream, duplicate: String(duplicate) }),
    messageReceived: (l) => received.inc({ service: l.service, stream: l.stream, durable: l.durable }),
    messageSettled: (l, outcome, handlerMs) => {
      const labels = { service: l.service, stream: l.stream, durable: l.durable, outcome };
      settled.inc(labels);
      handlerSeconds.observe(labels, handlerMs / 1000);
    },
    deadLettered: (l, code) => deadLettered.inc({ service: l.service, stream: l.stream, durable: l.durable, code: code.slice(0, 64) }),
  };
}

export { reportConsumerLag, type LagSource, type LagSourceJsm } from './consumer-lag.ts';
