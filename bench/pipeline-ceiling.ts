/**
 * The machine's ceiling for the pipeline: a bare JetStream publish -> pull-consume -> ack round
 * trip of messages the size of a raw post, on the same server, in its own stream (deleted after).
 */
import type { Bus } from '@intent-radar/bus';
import { AckPolicy } from '@nats-io/jetstream';

export interface Ceiling {
  messages: number;
  bytes: number;
  msgsPerSec: number;
}

/** Publishes `count` messages of `bytes` each (`window` acks in flight) while a pull consumer acks them. */
export async function measureCeiling(bus: Bus, count: number, bytes: number, window = 256): Promise<Ceiling> {
  const stream = `CEILING_${bus.namespace.name || 'bench'}`;
  const subject = bus.namespace.subject('ceiling.posts');
  await bus.jsm.streams.add({ name: stream, subjects: [subject] });
  try {
    await bus.jsm.consumers.add(stream, { durable_name: 'ceiling', ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000 });
    const consumer = await bus.js.consumers.get(stream, 'ceiling');
    const payload = new Uint8Array(bytes).fill(120);
    const start = performance.now();
    let received = 0;
    const consumed = (async () => {
      const messages = await consumer.consume({ max_messages: 1000 });
      for await (const m of messages) {
        m.ack();
        if (++received >= count) break;
      }
      await messages.close();
    })();
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < count; i++) {
      const p = bus.js.publish(subject, payload, { msgID: `c${i}` }).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await consumed;
    const seconds = (performance.now() - start) / 1000;
    return { messages: count, bytes, msgsPerSec: Math.round(count / seconds) };
  } finally {
    await bus.jsm.streams.delete(stream);
  }
}
