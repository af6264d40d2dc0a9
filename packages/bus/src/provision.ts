import type { Logger } from '@intent-radar/logger';
import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Namespace } from './namespace.ts';
import { kvBucketSpecs, streamSpecs, type KvBucketSpec, type StreamSpec } from './topology.ts';

export interface ProvisionOptions {
  /** Stream replicas: 1 on a single server, 3 in a production cluster. */
  replicas?: number;
}

const STREAM_NAME_IN_USE = 10058;
const STREAM_NOT_FOUND = 10059;

/** Only fields every server from 2.9 on understands; the rest keep server defaults. */
export type WantedStreamConfig = Partial<StreamConfig> & Pick<StreamConfig, 'name' | 'subjects' | 'retention'>;

/** The physical stream config for a spec in a namespace. */
export function streamConfig(spec: StreamSpec, ns: Namespace, replicas = 1): WantedStreamConfig {
  return {
    name: ns.stream(spec.name),
    subjects: spec.subjects.map((s) => ns.subject(s)),
    description: spec.description,
    retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeMs),
    duplicate_window: nanos(spec.duplicateWindowMs),
    num_replicas: replicas,
  };
}

/**
 * Creates every stream and KV bucket, or updates the fields we own when they drifted. Safe when
 * several services start at once: losing a create race falls back to update.
 */
export async function provisionTopology(
  nc: NatsConnection,
  jsm: JetStreamManager,
  ns: Namespace,
  logger: Logger,
  options: ProvisionOptions = {},
): Promise<void> {
  for (const spec of streamSpecs) await ensureStream(jsm, streamConfig(spec, ns, options.replicas), logger);
  const kvm = new Kvm(nc);
  for (const spec of kvBucketSpecs) await ensureKvBucket(kvm, spec, ns, options.replicas ?? 1);
}

async function ensureStream(jsm: JetStreamManager, wanted: WantedStreamConfig, logger: Logger): Promise<void> {
  const existing = await streamInfo(jsm, wanted.name);
  if (!existing) {
    try {
      await jsm.streams.add(wanted);
      logger.info({ stream: wanted.name }, 'stream created');
      return;
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_IN_USE)) throw err;
      // Another service created it between our info and add: fall through to the drift check.
    }
  }
  const current = existing ?? (await jsm.streams.info(wanted.name)).config;
  const drift = driftedFields(current, wanted);
  if (drift.length === 0) return;
  if (current.retention !== wanted.retention) {
    // JetStream cannot change retention in place; a human has to migrate the stream.
    logger.error({ stream: wanted.name, have: current.retention, want: wanted.retention }, 'stream retention differs from topology; not changed');
  }
  const { retention: _retention, storage: _storage, name: _name, ...mutable } = wanted;
  await jsm.streams.update(wanted.name, mutable);
  logger.info({ stream: wanted.name, fields: drift }, 'stream updated');
}

const OWNED_FIELDS = ['subjects', 'description', 'retention', 'max_age', 'duplicate_window', 'num_replicas', 'discard'] as const;

function driftedFields(current: StreamConfig, wanted: WantedStreamConfig): string[] {
  return OWNED_FIELDS.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(wanted[f]));
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === STREAM_NOT_FOUND) return undefined;
    throw err;
  }
}

async function ensureKvBucket(kvm: Kvm, spec: KvBucketSpec, ns: Namespace, replicas: number): Promise<void> {
  const name = ns.bucket(spec.name);
  const opts = { history: spec.history, ttl: spec.ttlMs, replicas, description: spec.description };
  try {
    await kvm.create(name, opts);
  } catch (err) {
    // Lost a create race to another service: the bucket exists, which is all we need.
    if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_IN_USE)) throw err;
    await kvm.open(name);
  }
}

/** Deletes every stream and KV bucket of a non-production namespace (test cleanup). */
export async function destroyTopology(jsm: JetStreamManager, ns: Namespace): Promise<void> {
  if (ns.name === '') throw new Error('refusing to destroy the production namespace');
  const names = [...streamSpecs.map((s) => ns.stream(s.name)), ...kvBucketSpecs.map((b) => `KV_${ns.bucket(b.name)}`)];
  for (const name of names) {
    try {
      await jsm.streams.delete(name);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === STREAM_NOT_FOUND)) throw err;
    }
  }
}
