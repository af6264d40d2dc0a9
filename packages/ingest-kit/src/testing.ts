import { randomBytes, randomUUID } from 'node:crypto';
import { connectBus, type Bus } from '@intent-radar/bus';
import { createLogger } from '@intent-radar/logger';
import { kvBuckets, msgIds, streams, subjects, type EventOf, type EventData, type Platform } from '@intent-radar/proto-schemas';
import { queryKey } from '@intent-radar/query';
import { keyDigest } from './kv-keys.ts';
import { monitorKvKey, type MonitorRecord } from './monitor-record.ts';

/** NATS the int tests talk to (the real server). */
export const TEST_NATS_URL = '127.0.0.1:4222';

/** A provisioned bus in a fresh random namespace; destroy() deletes its streams and buckets. */
export async function openIngestTestBus(name = 'ingest-test'): Promise<{ bus: Bus; namespace: string; destroy: () => Promise<void> }> {
  const namespace = `t${randomBytes(4).toString('hex')}`;
  const bus = await connectBus({ url: TEST_NATS_URL, name, logger: createLogger({ service: name, level: 'silent' }), namespace });
  await bus.provision();
  return {
    bus,
    namespace,
    destroy: async () => {
      await bus.destroyNamespace();
      await bus.close();
    },
  };
}

/** Another connection to the same namespace (a second replica). */
export async function connectReplica(namespace: string, name: string): Promise<Bus> {
  return connectBus({ url: TEST_NATS_URL, name, logger: createLogger({ service: name, level: 'silent' }), namespace });
}

/** A monitor record as the scheduler would write it. */
export function monitorRecord(query: string, platforms: Platform[], id: string = randomUUID()): MonitorRecord {
  return { id, workspaceId: randomUUID(), query, queryKey: queryKey(query), platforms, updatedAt: new Date().toISOString() };
}

/** Writes monitor records to the `monitors` KV bucket (up to 256 puts in flight: 10k in seconds, not a minute). */
export async function putMonitors(bus: Bus, records: readonly MonitorRecord[]): Promise<void> {
  const kv = await bus.kv(kvBuckets.monitors);
  let next = 0;
  const writer = async () => {
    while (next < records.length) {
      const r = records[next++]!;
      await kv.put(monitorKvKey(r.id), JSON.stringify(r));
    }
  };
  await Promise.all(Array.from({ length: Math.min(256, records.length) }, writer));
}

/** Publishes one ingest job the way the scheduler does. */
export async function publishJob(bus: Bus, job: EventData<'ingest.job.v1'>): Promise<void> {
  await bus.publish('ingest.job.v1', subjects.ingestJob(job.platform), job, {
    msgId: msgIds.ingestJob(job.platform, keyDigest(job.queryKey), job.slot),
  });
}

/** Collects every post.raw.v1 on posts.raw.<platform> (stream order), for assertions. */
export async function collectRawPosts(bus: Bus, platform: Platform): Promise<{ events: EventOf<'post.raw.v1'>[]; stop: () => void }> {
  const consumer = await bus.js.consumers.get(bus.namespace.stream(streams.posts), {
    filter_subjects: bus.namespace.subject(subjects.postRaw(platform)),
  });
  const events: EventOf<'post.raw.v1'>[] = [];
  const messages = await consumer.consume();
  void (async () => {
    for await (const m of messages) events.push(m.json<EventOf<'post.raw.v1'>>());
  })();
  return { events, stop: () => void messages.stop() };
}

/** Resolves when `check` holds; fails after `timeoutMs` (waits for the event, no fixed sleep). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Ids that occur more than once. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}
