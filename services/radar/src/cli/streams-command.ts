import { streamSpecs } from '@intent-radar/bus';
import type { CliContext } from './cli-context.ts';

/** One consumer's backlog as operators read it. */
export interface ConsumerLag {
  stream: string;
  durable: string;
  /** Messages in the stream matching the filter not yet delivered to this consumer. */
  pending: number;
  /** Delivered but not acked yet (in handlers, or waiting for ack_wait to expire). */
  ackPending: number;
  redelivered: number;
  waiting: number;
}

/** Per stream: messages, bytes, consumers; per consumer: pending and ack-pending (the lag). */
export async function streamsCommand(ctx: CliContext): Promise<void> {
  const bus = await ctx.bus();
  for (const spec of streamSpecs) {
    const name = bus.namespace.stream(spec.name);
    try {
      const info = await bus.jsm.streams.info(name);
      ctx.out(
        JSON.stringify({
          stream: spec.name,
          messages: info.state.messages,
          bytes: info.state.bytes,
          firstSeq: info.state.first_seq,
          lastSeq: info.state.last_seq,
          replicas: info.config.num_replicas,
          consumers: info.state.consumer_count,
        }),
      );
      for (const lag of await consumerLag(ctx, spec.name)) ctx.out(JSON.stringify({ consumer: lag.durable, ...lag }));
    } catch (err) {
      ctx.out(JSON.stringify({ stream: spec.name, error: (err as Error).message }));
    }
  }
}

/** Lag of every durable consumer on a logical stream. */
export async function consumerLag(ctx: CliContext, logicalStream: string): Promise<ConsumerLag[]> {
  const bus = await ctx.bus();
  const out: ConsumerLag[] = [];
  for await (const c of bus.jsm.consumers.list(bus.namespace.stream(logicalStream))) {
    out.push({
      stream: logicalStream,
      durable: c.name,
      pending: c.num_pending,
      ackPending: c.num_ack_pending,
      redelivered: c.num_redelivered,
      waiting: c.num_waiting,
    });
  }
  return out;
}
