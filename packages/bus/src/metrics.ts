/**
 * Hooks the runtime implements with prom-client (this package does not import it). Every hook is
 * optional and must not throw.
 */
export interface BusMetrics {
  /** A publish was acked by the stream (`duplicate` when deduplicated by its msg id). */
  published?(labels: { type: string; stream: string }, duplicate: boolean): void;
  /** A consumer received a message. */
  messageReceived?(labels: ConsumerLabels): void;
  /** A message was settled; `handlerMs` is how long validation + handler took. */
  messageSettled?(labels: ConsumerLabels, outcome: MessageOutcome, handlerMs: number): void;
  /** A copy went to the dead-letter stream. */
  deadLettered?(labels: ConsumerLabels, errorCode: string): void;
}

export interface ConsumerLabels {
  service: string;
  stream: string;
  durable: string;
}

/**
 * ack: done; retry: nak with delay; dead_letter: copied to DLQ then term; returned: nak on shutdown;
 * skipped: acked unhandled, a dead-letter replay addressed to another durable.
 */
export type MessageOutcome = 'ack' | 'retry' | 'dead_letter' | 'returned' | 'skipped';
