import type { kvBuckets } from '@intent-radar/proto-schemas';
import type { JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { Namespace } from './namespace.ts';

/** A declared bucket (proto-schemas `kvBuckets`); other names are allowed for experiments and tests. */
export type KvBucketName = (typeof kvBuckets)[keyof typeof kvBuckets] | (string & {});

/** Binds to a bucket created by `provision()`; keys and values are used as-is. */
export function openKv(js: JetStreamClient, ns: Namespace, bucket: KvBucketName): Promise<KV> {
  return new Kvm(js).open(ns.bucket(bucket));
}
