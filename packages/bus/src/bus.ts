import type { Logger } from '@intent-radar/logger';
import type { EventType } from '@intent-radar/proto-schemas';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { flushCoalescedWrites } from './coalesced-writes.ts';
import { BusClosedError } from './errors.ts';
import type { EventInput } from './envelope-validation.ts';
import { openKv, type KvBucketName } from './kv.ts';
import type { BusMetrics } from './metrics.ts';
import type { Namespace } from './namespace.ts';
import { destroyTopology, provisionTopology, type ProvisionOptions } from './provision.ts';
import { PublishAcks } from './publish-acks.ts';
import { Publisher, type PublishOptions, type PublishRequest, type PublishResult } from './publisher.ts';

export type BusState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** What /readyz and operators need to know about the connection. */
export interface BusStatus {
  state: BusState;
  url: string;
  /** Failed connection attempts since the last successful connect. */
  failedAttempts: number;
  lastError?: string;
}

/** A connected JetStream bus for one service. All names passed in are logical (unnamespaced). */
export interface Bus {
  /** The service name: the envelope `source` and the NATS connection name. */
  readonly name: string;
  readonly namespace: Namespace;
  readonly logger: Logger;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly metrics: BusMetrics | undefined;
  /** Validates and publishes one event, resolving once the stream acked it. */
  publish<T extends EventType>(type: T, subject: string, data: EventInput<T>, opts: PublishOptions): Promise<PublishResult>;
  /** Validates all, then publishes all with the same in-flight bound as `publish`. */
  publishMany(items: readonly PublishRequest[]): Promise<PublishResult[]>;
  /** Creates or updates every stream and KV bucket of the topology (idempotent). */
  provision(options?: ProvisionOptions): Promise<void>;
  /** A KV handle for a logical bucket name. */
  kv(bucket: KvBucketName): Promise<KV>;
  isConnected(): boolean;
  status(): BusStatus;
  /** Deletes this namespace's streams and KV buckets; refuses the production namespace. */
  destroyNamespace(): Promise<void>;
  /** Drains and closes the connection (stop consumers first). */
  close(): Promise<void>;
}

export interface BusParts {
  name: string;
  url: string;
  nc: NatsConnection;
  namespace: Namespace;
  logger: Logger;
  metrics: BusMetrics | undefined;
  maxInFlightPublishes: number;
}

/** Wraps an open connection into a Bus and starts watching its status. */
export async function createBus(parts: BusParts): Promise<Bus> {
  const { nc, namespace, logger, url } = parts;
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const publisher = new Publisher(new PublishAcks(nc), namespace, parts.name, parts.maxInFlightPublishes, parts.metrics);
  const status: BusStatus = { state: 'connected', url, failedAttempts: 0 };

  void (async () => {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          status.state = 'reconnecting';
          logger.warn({ server: s.server }, 'NATS disconnected; the client reconnects on its own');
          break;
        case 'reconnect':
          status.state = 'connected';
          logger.info({ server: s.server }, 'NATS reconnected');
          break;
        case 'error':
          status.lastError = s.error.message;
          logger.error({ err: s.error }, 'NATS connection error');
          break;
        case 'close':
          status.state = 'closed';
          break;
        case 'reconnecting':
        case 'update':
        case 'ldm':
        case 'ping':
        case 'staleConnection':
        case 'slowConsumer':
        case 'forceReconnect':
          break;
      }
    }
  })().catch((err: unknown) => logger.error({ err }, 'NATS status watcher failed'));
  void nc.closed().then(() => {
    status.state = 'closed';
  });

  const open = () => {
    if (nc.isClosed()) throw new BusClosedError();
  };

  return {
    name: parts.name,
    namespace,
    logger,
    nc,
    js,
    jsm,
    metrics: parts.metrics,
    async publish(type, subject, data, opts) {
      open();
      return publisher.publish(type, subject, data, opts);
    },
    async publishMany(items) {
      open();
      return publisher.publishMany(items);
    },
    provision: (options) => provisionTopology(nc, jsm, namespace, logger, options),
    kv: (bucket) => openKv(js, namespace, bucket),
    isConnected: () => status.state === 'connected' && !nc.isClosed(),
    status: () => ({ ...status }),
    destroyNamespace: () => destroyTopology(jsm, namespace),
    async close() {
      if (nc.isClosed()) return;
      // Acks and publishes still waiting for the end of this turn go out before the drain.
      flushCoalescedWrites();
      try {
        await nc.drain();
      } catch (err) {
        logger.warn({ err }, 'NATS drain failed; closing');
        await nc.close();
      }
    },
  };
}
