import { streams, subjects } from '@intent-radar/proto-schemas';
import { JetStreamApiError } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { PublishAcks } from './publish-acks.ts';
import { openTestBus } from './test-bus.ts';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;
let acks: PublishAcks;
beforeAll(async () => {
  testBus = await openTestBus('publish-acks-test');
  bus = testBus.bus;
  acks = new PublishAcks(bus.nc);
});
afterAll(async () => testBus.destroy());

const payload = new TextEncoder().encode('{}');
function withMsgId(id: string) {
  const h = headers();
  h.set('Nats-Msg-Id', id);
  return h;
}

describe('PublishAcks', () => {
  it("resolves with the stream's ack, and flags a repeated Nats-Msg-Id as a duplicate", async () => {
    const subject = bus.namespace.subject(subjects.enrichRequested);
    const [first, again] = await Promise.all([acks.publish(subject, payload, withMsgId('dup-1')), acks.publish(subject, payload, withMsgId('dup-1'))]);
    expect(first).toEqual({ stream: bus.namespace.stream(streams.enrich), seq: first.seq, duplicate: false });
    expect(again).toEqual({ stream: first.stream, seq: first.seq, duplicate: true });
  });

  it('rejects with the stream error the server answers', async () => {
    const h = withMsgId('expect-1');
    h.set('Nats-Expected-Stream', 'some-other-stream');
    await expect(acks.publish(bus.namespace.subject(subjects.enrichRequested), payload, h)).rejects.toBeInstanceOf(JetStreamApiError);
  });

  it('rejects with BUS_NO_STREAM when no stream captures the subject', async () => {
    await expect(acks.publish(bus.namespace.subject('nothing.here'), payload, withMsgId('none-1'))).rejects.toMatchObject({ code: 'BUS_NO_STREAM' });
  });

  it('rejects with BUS_PUBLISH_TIMEOUT when nothing answers in time', async () => {
    const subject = bus.namespace.subject('silent.listener');
    const sub = bus.nc.subscribe(subject); // a listener that never replies: no 503, no ack
    await bus.nc.flush();
    const started = performance.now();
    await expect(acks.publish(subject, payload, withMsgId('silent-1'), 300)).rejects.toMatchObject({ code: 'BUS_PUBLISH_TIMEOUT' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    sub.unsubscribe();
  });
});
