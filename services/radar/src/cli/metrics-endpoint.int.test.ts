import { randomBytes } from 'node:crypto';
import { connectBus, PermanentError, runConsumer, type Bus, type ConsumerHandle } from '@intent-radar/bus';
import { TEST_NATS_URL, waitFor } from '@intent-radar/bus/testing';
import { createLogger } from '@intent-radar/logger';
import { consumers, streams, subjects } from '@intent-radar/proto-schemas';
import { busMetrics, reportConsumerLag, startHealthServer, type HealthServer } from '@intent-radar/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSample as sample, scrapeMetrics } from './metrics-scrape.ts';

const logger = createLogger({ service: 'metrics-test', level: 'silent' });
let bus: Bus;
let health: HealthServer;
let stopLag: () => void;

beforeAll(async () => {
  bus = await connectBus({ url: TEST_NATS_URL, name: 'metrics-test', logger, namespace: `t${randomBytes(4).toString('hex')}`, metrics: busMetrics() });
  await bus.provision();
  health = await startHealthServer({ port: 0, host: '127.0.0.1', logger, ready: () => true });
  stopLag = reportConsumerLag({
    jsm: bus.jsm,
    stream: streams.ingestJobs,
    durable: consumers.ingestor('linkedin'),
    physicalStream: bus.namespace.stream(streams.ingestJobs),
    deadLetterStream: bus.namespace.stream(streams.deadLetter),
  });
});
afterAll(async () => {
  stopLag();
  await health.close();
  await bus.destroyNamespace();
  await bus.close();
});

const scrape = (): Promise<string> => scrapeMetrics(health.port);

describe('/metrics', () => {
  it('exposes bus traffic, handler latency, consumer lag and dead-letter depth that change when work flows', async () => {
    const durable = consumers.ingestor('linkedin');
    const processed = new Set<number>();
    const start = () =>
      runConsumer({
        bus,
        service: 'ingest-linkedin',
        stream: streams.ingestJobs,
        durable,
        filterSubject: subjects.ingestJob('linkedin'),
        eventType: 'ingest.job.v1',
        pullExpiresMs: 1_000,
        handler: (event) => {
          if (event.data.slot === 0) throw new PermanentError('test_poison', 'cannot be done');
          processed.add(event.data.slot);
          return Promise.resolve();
        },
      });
    // Create the durable, then stop it so published jobs wait in the stream as lag.
    let consumer: ConsumerHandle = await start();
    await consumer.stop();

    const before = await scrape();
    for (const slot of [0, 1, 2, 3]) {
      await bus.publish('ingest.job.v1', subjects.ingestJob('linkedin'), { platform: 'linkedin', mode: 'search', queryKey: 'crm', query: 'crm', slot, reason: 'schedule' }, { msgId: `metrics-${slot}` });
    }
    const backlog = await scrape();
    expect(sample(backlog, 'radar_bus_published_total', { type: 'ingest.job.v1' }) - sample(before, 'radar_bus_published_total', { type: 'ingest.job.v1' })).toBe(4);
    expect(sample(backlog, 'radar_consumer_pending', { durable })).toBe(4);

    consumer = await start();
    await waitFor(() => processed.size === 3, 15_000, 'three jobs handled');
    await waitFor(async () => sample(await scrape(), 'radar_dead_letters') === 1, 15_000, 'dead-letter depth 1');
    await consumer.stop();
    const after = await scrape();
    expect(sample(after, 'radar_consumer_pending', { durable })).toBe(0);
    expect(sample(after, 'radar_bus_messages_received_total', { durable })).toBe(4);
    expect(sample(after, 'radar_bus_messages_settled_total', { durable, outcome: 'ack' })).toBe(3);
    expect(sample(after, 'radar_bus_handler_seconds_count', { durable })).toBe(4);
    expect(sample(after, 'radar_bus_dead_lettered_total', { durable, code: 'test_poison' })).toBe(1);
    expect(sample(after, 'radar_bus_published_total', { type: 'deadletter.v1' })).toBe(1);
  });
});
